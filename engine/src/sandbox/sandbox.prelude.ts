/*
 * The trusted code that runs inside every fresh context before the user's script. It is compiled
 * once per isolate and run once per context (script.runSync), and evaluates to `install`, which the
 * host calls with the run's input and three host callbacks; `install` returns `settle`, through
 * which the host answers API calls.
 *
 * Everything that crosses to the host is a primitive (strings and numbers): the callbacks are
 * isolated-vm Callbacks in "ignored" mode, so the isolate never waits for the host and no object of
 * either heap is ever visible in the other. The prelude captures the intrinsics it uses before any
 * user code runs, so a script that rewrites its own realm (JSON, Promise.prototype.then, Array
 * setters...) can at worst break its own run; the host checks whatever it receives anyway.
 *
 * Removed from the global object, for every run:
 * - WebAssembly: its memories are allocated outside the heap and ignore the isolate's memory limit
 *   (measured: 2.5 GB from a 16 MB isolate);
 * - SharedArrayBuffer: with it, Atomics.wait parks the isolate's thread without using CPU;
 * - FinalizationRegistry: its callbacks run as tasks outside any call the host watches.
 *
 * Host callbacks:
 *   log(level, message)                     one console line (capped here and again on the host)
 *   call(id, name, argsJson)                an API call; the answer comes back through settle
 *   done(kind, payload, line?, column?)     the outcome: kind 'ok' with the output JSON, or an error code
 */
export const PRELUDE_FILENAME = 'crm-sandbox-prelude.js';

/** The global the wrapped script calls with the user's function; deleted on first call. */
export const START_GLOBAL = '__crmStart';

export const PRELUDE_SOURCE = `(function () {
  'use strict';
  const G = globalThis;
  const ReflectApply = Reflect.apply;
  const ReflectDeleteProperty = Reflect.deleteProperty;
  const ObjectDefineProperty = Object.defineProperty;
  const ObjectCreate = Object.create;
  const ObjectFreeze = Object.freeze;
  const ObjectIsPrototypeOf = Object.prototype.isPrototypeOf;
  const JSONStringify = JSON.stringify;
  const JSONParse = JSON.parse;
  const StringCtor = String;
  const StringSlice = String.prototype.slice;
  const NumberCtor = Number;
  const ErrorCtor = Error;
  const ErrorPrototype = Error.prototype;
  const PromiseCtor = Promise;
  const PromiseThen = Promise.prototype.then;
  const PromiseResolve = Promise.resolve;
  const PromiseReject = Promise.reject;
  const WeakSetCtor = WeakSet;
  const WeakSetAdd = WeakSet.prototype.add;
  const WeakSetHas = WeakSet.prototype.has;
  const RegExpExec = RegExp.prototype.exec;
  const SCRIPT_POSITION = /crm-script\\.js:(\\d+):(\\d+)/;

  ReflectDeleteProperty(G, 'WebAssembly');
  ReflectDeleteProperty(G, 'SharedArrayBuffer');
  ReflectDeleteProperty(G, 'FinalizationRegistry');

  function define(target, key, value) {
    ObjectDefineProperty(target, key, { value: value, writable: true, enumerable: true, configurable: true });
  }

  function clip(text, max) {
    return text.length > max ? ReflectApply(StringSlice, text, [0, max]) + '…' : text;
  }

  function isObject(value) {
    return value !== null && (typeof value === 'object' || typeof value === 'function');
  }

  function describe(value) {
    try {
      if (typeof value === 'string') return value;
      if (isObject(value)) {
        const message = value.message;
        if (typeof message === 'string') {
          const name = value.name;
          return typeof name === 'string' && name !== '' ? name + ': ' + message : message;
        }
      }
      return StringCtor(value);
    } catch (_) {
      return 'a value that cannot be described was thrown';
    }
  }

  function position(value) {
    try {
      if (!isObject(value)) return undefined;
      const stack = value.stack;
      if (typeof stack !== 'string') return undefined;
      const match = ReflectApply(RegExpExec, SCRIPT_POSITION, [stack]);
      if (match === null) return undefined;
      return { line: NumberCtor(match[1]), column: NumberCtor(match[2]) };
    } catch (_) {
      return undefined;
    }
  }

  return function install(argsJson, apiNamesJson, limitsJson, log, call, done) {
    const limits = JSONParse(limitsJson);
    const apiNames = JSONParse(apiNamesJson);
    const pending = ObjectCreate(null);
    const apiErrors = new WeakSetCtor();
    let reported = false;
    let started = false;
    let sequence = 0;
    let apiCalls = 0;
    let logLines = 0;

    function report(kind, payload, where) {
      if (reported) return;
      reported = true;
      if (where === undefined) done(kind, payload);
      else done(kind, payload, where.line, where.column);
    }

    function fail(error) {
      const fromApi = isObject(error) && ReflectApply(WeakSetHas, apiErrors, [error]);
      report(fromApi ? 'API_ERROR' : 'SCRIPT_ERROR', clip(describe(error), limits.maxMessageChars), position(error));
    }

    function succeed(value) {
      let json;
      try {
        json = value === undefined ? 'null' : JSONStringify(value);
      } catch (error) {
        report('OUTPUT_NOT_JSON', clip('the output cannot be turned into JSON: ' + describe(error), limits.maxMessageChars));
        return;
      }
      if (typeof json !== 'string') {
        report('OUTPUT_NOT_JSON', 'the script returned a ' + typeof value + ', which has no JSON form');
        return;
      }
      if (json.length > limits.maxOutputChars) {
        report('OUTPUT_TOO_LARGE', 'the output is ' + json.length + ' characters of JSON, over the limit of ' + limits.maxOutputChars);
        return;
      }
      report('ok', json);
    }

    function format(value) {
      if (typeof value === 'string') return value;
      try {
        if (isObject(value) && ReflectApply(ObjectIsPrototypeOf, ErrorPrototype, [value])) return describe(value);
        const json = JSONStringify(value);
        if (typeof json === 'string') return json;
      } catch (_) {
        // falls through to describe
      }
      return describe(value);
    }

    function logger(level) {
      return function (...args) {
        if (logLines > limits.maxLogLines) return;
        logLines += 1;
        if (logLines > limits.maxLogLines) {
          log('warn', 'more than ' + limits.maxLogLines + ' log lines: the rest are dropped');
          return;
        }
        let line = '';
        for (let i = 0; i < args.length && line.length <= limits.maxLogLineChars; i += 1) {
          line += (i === 0 ? '' : ' ') + clip(format(args[i]), limits.maxLogLineChars);
        }
        log(level, clip(line, limits.maxLogLineChars));
      };
    }

    function apiError(site, message, code) {
      ObjectDefineProperty(site, 'name', { value: 'ApiError', writable: true, configurable: true });
      ObjectDefineProperty(site, 'message', { value: message, writable: true, configurable: true });
      if (typeof code === 'string') define(site, 'code', code);
      ReflectApply(WeakSetAdd, apiErrors, [site]);
      return site;
    }

    function rejected(error) {
      return ReflectApply(PromiseReject, PromiseCtor, [error]);
    }

    function callApi(name, args) {
      // Made here so that an API_ERROR points at the line of the call in the script.
      const site = new ErrorCtor();
      if (reported) return rejected(apiError(site, 'api.' + name + ' was called after the script finished'));
      if (apiCalls >= limits.maxApiCalls) {
        return rejected(apiError(site, 'more than ' + limits.maxApiCalls + ' API calls in one run'));
      }
      apiCalls += 1;
      let json;
      try {
        json = JSONStringify(args);
      } catch (error) {
        return rejected(apiError(site, 'api.' + name + ': the arguments are not JSON: ' + describe(error)));
      }
      if (json.length > limits.maxApiPayloadChars) {
        return rejected(apiError(site, 'api.' + name + ': the arguments are over ' + limits.maxApiPayloadChars + ' characters of JSON'));
      }
      sequence += 1;
      const id = sequence;
      return new PromiseCtor(function (resolve, reject) {
        pending[id] = { resolve: resolve, reject: reject, site: site };
        call(id, name, json);
      });
    }

    const api = ObjectCreate(null);
    for (let i = 0; i < apiNames.length; i += 1) {
      const name = apiNames[i];
      const fn = function (...args) {
        return callApi(name, args);
      };
      ObjectDefineProperty(fn, 'name', { value: name });
      api[name] = fn;
    }
    ObjectFreeze(api);

    const console = ObjectFreeze({
      log: logger('log'),
      info: logger('info'),
      debug: logger('log'),
      warn: logger('warn'),
      error: logger('error'),
    });
    ObjectDefineProperty(G, 'console', { value: console, writable: true, enumerable: false, configurable: true });

    function start(fn) {
      ReflectDeleteProperty(G, '${START_GLOBAL}');
      if (started) return;
      started = true;
      if (typeof fn !== 'function') {
        report('SCRIPT_ERROR', 'the script did not compile to a function');
        return;
      }
      const args = JSONParse(argsJson);
      ObjectDefineProperty(args, args.length, { value: api, writable: true, enumerable: true, configurable: true });
      let result;
      try {
        result = ReflectApply(fn, undefined, args);
      } catch (error) {
        fail(error);
        return;
      }
      try {
        ReflectApply(PromiseThen, ReflectApply(PromiseResolve, PromiseCtor, [result]), [succeed, fail]);
      } catch (error) {
        fail(error);
      }
    }
    ObjectDefineProperty(G, '${START_GLOBAL}', { value: start, writable: false, enumerable: false, configurable: true });

    return function settle(id, ok, payload, code) {
      const entry = pending[id];
      if (entry === undefined) return;
      delete pending[id];
      if (!ok) {
        entry.reject(apiError(entry.site, payload, code));
        return;
      }
      let value;
      try {
        value = JSONParse(payload);
      } catch (_) {
        entry.reject(apiError(entry.site, 'the host returned a result that is not JSON'));
        return;
      }
      entry.resolve(value);
    };
  };
})()`;

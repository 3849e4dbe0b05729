import { types } from 'node:util';
import { expect } from 'vitest';
import {
  describeHostileCases,
  echoApi,
  echoed,
  error,
  HOST_PATH,
  objectOf,
  output,
  outputWith,
  type HostileCase,
} from './script-sandbox.hostile.test-support.js';
import type { JsonValue } from './sandbox.types.js';

/*
 * Hostile scripts that try to get out: constructor chains, prototype pollution, values with getters
 * and proxies handed to the host, reaching for the host's globals, odd thrown values, the wrapper.
 */

const CASES: HostileCase[] = [
  // Constructor chains: every one ends at the isolate's own Function, where nothing of the host exists.
  {
    name: 'globalThis.constructor.constructor reaches only the isolate Function',
    source: "return globalThis.constructor.constructor('return [typeof process, typeof require, typeof module, typeof Buffer].join()')();",
    expect: output('undefined,undefined,undefined,undefined'),
  },
  {
    name: "an arrow function's constructor",
    source: "const F = (() => 0).constructor; return F('return typeof process')();",
    expect: output('undefined'),
  },
  {
    name: "an async function's constructor",
    source: "const AF = (async () => 0).constructor; return await AF('return typeof process + typeof globalThis.require')();",
    expect: output('undefinedundefined'),
  },
  {
    name: "a generator function's constructor",
    source: "const GF = (function* () {}).constructor; return GF('yield typeof process')().next().value;",
    expect: output('undefined'),
  },
  {
    name: "an async generator's constructor",
    source: "const AGF = (async function* () {}).constructor; return (await AGF('yield typeof process')().next()).value;",
    expect: output('undefined'),
  },
  {
    name: "a promise's constructor and its then",
    source: "const p = Promise.resolve(1); return [p.constructor.constructor('return typeof process')(), p.then.constructor('return typeof require')()];",
    expect: output(['undefined', 'undefined']),
  },
  {
    name: "a then callback's this and arguments",
    source: 'return await Promise.resolve(5).then(function () { return [typeof this, arguments.length, arguments[0]]; });',
    expect: output(['undefined', 1, 5]),
  },
  {
    name: "an error's constructor chain and stack",
    source: "try { null.f(); } catch (e) { return [e.constructor.constructor('return typeof process')(), e.stack.split('\\n')[1].trim()]; }",
    expect: output(['undefined', 'at crm-script.js:1:12']),
  },
  {
    name: 'Error.prepareStackTrace sees only isolate frames, with no function or receiver',
    source: `Error.prepareStackTrace = (e, frames) => frames.map((f) => [typeof f.getFunction(), typeof f.getThis(), String(f.getFileName())]);
      return new Error().stack;`,
    expect: outputWith((frames) => {
      expect(Array.isArray(frames) && frames.length > 0).toBe(true);
      for (const frame of Array.isArray(frames) ? frames : []) {
        expect(Array.isArray(frame) ? frame.slice(0, 2) : frame).toEqual(['undefined', 'undefined']);
        expect(['crm-script.js', 'crm-sandbox-prelude.js']).toContain(Array.isArray(frame) ? frame[2] : frame);
      }
    }),
  },
  {
    name: 'Error.captureStackTrace names no host file',
    source: 'const o = {}; Error.captureStackTrace(o); return o.stack;',
    expect: outputWith((stack) => {
      expect(stack).toMatch(/crm-script\.js:1:21/);
      expect(stack).not.toMatch(HOST_PATH);
    }),
  },
  {
    name: 'a throwing Error.prepareStackTrace does not break error reporting',
    source: "Error.prepareStackTrace = () => { throw new Error('from prepare'); };\nnull.x;",
    expect: (result) => {
      error('SCRIPT_ERROR', "TypeError: Cannot read properties of null (reading 'x')")(result);
      expect(result.ok ? undefined : result.error.line).toBeUndefined();
    },
  },
  {
    name: 'a host API error arrives as its message only, with no host stack',
    source: `try { await api.fail(); } catch (e) {
        return { message: e.message, own: Object.getOwnPropertyNames(e).sort(), hostPath: /\\/work\\/|node:|node_modules/.test(e.stack) };
      }`,
    api: {
      fail: async (): Promise<JsonValue> => {
        throw new Error('database is down');
      },
    },
    expect: output({ message: 'database is down', own: ['message', 'name', 'stack'], hostPath: false }),
  },
  {
    name: 'API function objects lead back to the isolate only and cannot be replaced',
    source: `const fn = api.getRecord;
      let caller; try { caller = fn.caller; } catch (e) { caller = e.name; }
      let replaced; try { api.getRecord = () => 1; replaced = 'yes'; } catch (e) { replaced = e.name; }
      return [fn.constructor('return typeof process')(), Object.getPrototypeOf(api), Object.isFrozen(api), caller, replaced];`,
    api: { getRecord: async (): Promise<JsonValue> => null },
    expect: output(['undefined', null, true, 'TypeError', 'TypeError']),
  },
  {
    name: 'arguments to the host are copied as plain data: getters read, functions and symbols dropped',
    source: `return await api.echo(
        { get lazy() { return 'computed inside'; }, fn() {}, sym: Symbol('s'), date: new Date(0), nested: { toJSON() { return 'via toJSON'; } } },
        new Proxy({ a: 1 }, {}),
      );`,
    api: echoApi,
    expect: (result) => {
      output(2)(result);
      const [first, second] = echoed.at(-1) ?? [];
      expect(first).toEqual({ lazy: 'computed inside', date: '1970-01-01T00:00:00.000Z', nested: 'via toJSON' });
      expect(Object.getOwnPropertyDescriptor(first, 'lazy')?.get).toBeUndefined();
      expect(Object.getPrototypeOf(first)).toBe(Object.prototype);
      expect(types.isProxy(second)).toBe(false);
      expect(second).toEqual({ a: 1 });
    },
  },
  {
    name: '__proto__ in API arguments reaches the host as nothing',
    source: `return await api.echo(JSON.parse('{"__proto__": {"polluted": "yes"}, "ok": 1}'));`,
    api: echoApi,
    expect: (result) => {
      output(1)(result);
      const [first] = echoed.at(-1) ?? [];
      expect(first).toEqual({ ok: 1 });
      expect(Object.getPrototypeOf(first)).toBe(Object.prototype);
      expect(Reflect.get(objectOf(first), 'polluted')).toBeUndefined();
    },
  },
  {
    name: 'host results with getters and methods arrive in the script as plain data',
    source: `const r = await api.load();
      return [typeof r.method, r.computed, r.when, Object.getPrototypeOf(r) === Object.prototype, r.constructor === Object];`,
    api: {
      load: async (): Promise<JsonValue> => {
        const hostObject = {
          get computed() {
            return 'read on the host';
          },
          method() {
            return 1;
          },
          when: new Date(0),
        };
        return JSON.parse(JSON.stringify(hostObject));
      },
    },
    expect: output(['undefined', 'read on the host', '1970-01-01T00:00:00.000Z', true, true]),
  },

  // Prototype pollution.
  {
    name: "polluting the isolate's prototypes and JSON changes nothing on the host or in the output",
    source: `Object.prototype.polluted = 'yes'; Object.prototype.isAdmin = true; Array.prototype.push = null;
      Function.prototype.call = null; JSON.parse = null; JSON.stringify = () => '"forged"'; globalThis.pwned = true;
      return { fine: true };`,
    expect: output({ fine: true }),
  },
  {
    name: '__proto__ keys in the output are dropped, at every level',
    source: `return JSON.parse('{"__proto__": {"isAdmin": true}, "a": 1, "nested": {"__proto__": {"x": 1}, "b": 2}}');`,
    expect: outputWith((value) => {
      expect(value).toEqual({ a: 1, nested: { b: 2 } });
      expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
      expect(Object.hasOwn(objectOf(value), '__proto__')).toBe(false);
      expect(Reflect.get(objectOf(value), 'isAdmin')).toBeUndefined();
    }),
  },
  {
    name: 'constructor.prototype in the output is only data',
    source: 'return { constructor: { prototype: { polluted: true } } };',
    expect: outputWith((value) => {
      expect(value).toEqual({ constructor: { prototype: { polluted: true } } });
      expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    }),
  },

  // Getters, proxies and toJSON returned to the host.
  {
    name: 'a getter in the output is read inside the isolate and arrives as a value',
    source: "let reads = 0; return { get value() { reads += 1; return 'read ' + reads; } };",
    expect: outputWith((value) => {
      expect(value).toEqual({ value: 'read 1' });
      expect(Object.getOwnPropertyDescriptor(value, 'value')?.get).toBeUndefined();
    }),
  },
  {
    name: 'a proxy as output arrives as a plain object',
    source: `return new Proxy({}, {
        ownKeys() { return ['a']; },
        getOwnPropertyDescriptor() { return { value: 1, enumerable: true, configurable: true }; },
        get() { return 'proxied'; },
      });`,
    expect: outputWith((value) => {
      expect(value).toEqual({ a: 'proxied' });
      expect(types.isProxy(value)).toBe(false);
    }),
  },
  {
    name: 'a proxy whose traps throw',
    source: "return new Proxy({}, { ownKeys() { throw new Error('trap fired'); } });",
    expect: error('OUTPUT_NOT_JSON', 'the output cannot be turned into JSON: Error: trap fired'),
  },
  {
    name: 'toJSON that returns a huge string',
    source: "return { toJSON() { return 'x'.repeat(1024 * 1024); } };",
    // Not a time-limit case: room enough that a loaded machine cannot turn it into TIMEOUT.
    request: { timeoutMs: 5000, wallTimeoutMs: 20_000 },
    expect: error('OUTPUT_TOO_LARGE', /over the limit of 262144$/),
  },
  {
    name: 'toJSON that never returns',
    source: 'return { toJSON() { for (;;) {} } };',
    expect: error('TIMEOUT'),
  },
  {
    name: 'a cyclic output',
    source: 'const a = { b: {} }; a.b.a = a; return a;',
    expect: error('OUTPUT_NOT_JSON', /circular structure/),
  },
  {
    name: 'a symbol as output',
    source: "return Symbol('x');",
    expect: error('OUTPUT_NOT_JSON', 'the script returned a symbol, which has no JSON form'),
  },

  // Reaching for the host.
  {
    name: 'no require, process, module, exports, Buffer, global or __dirname',
    source: 'return [typeof require, typeof process, typeof module, typeof exports, typeof Buffer, typeof global, typeof __dirname];',
    expect: output(['undefined', 'undefined', 'undefined', 'undefined', 'undefined', 'undefined', 'undefined']),
  },
  {
    name: 'import() is refused',
    source: "const fs = await import('node:fs'); return typeof fs;",
    expect: error('SCRIPT_ERROR', 'Error: Not supported'),
  },
  {
    name: 'no fetch, XMLHttpRequest or WebSocket',
    source: 'return [typeof fetch, typeof XMLHttpRequest, typeof WebSocket];',
    expect: output(['undefined', 'undefined', 'undefined']),
  },
  {
    name: 'no timers',
    source: 'return [typeof setTimeout, typeof setInterval, typeof setImmediate, typeof queueMicrotask, typeof clearTimeout];',
    expect: output(['undefined', 'undefined', 'undefined', 'undefined', 'undefined']),
  },
  {
    name: "the prelude's start function and host callbacks are unreachable",
    source: "return [typeof __crmStart, Object.getOwnPropertyNames(globalThis).filter((name) => name.startsWith('__') || /^(log|call|done|settle|install)$/.test(name))];",
    expect: output(['undefined', []]),
  },

  // Odd thrown values.
  { name: 'throwing a number', source: 'throw 42;', expect: error('SCRIPT_ERROR', '42') },
  { name: 'throwing a symbol', source: "throw Symbol('s');", expect: error('SCRIPT_ERROR', 'Symbol(s)') },
  { name: 'throwing null', source: 'throw null;', expect: error('SCRIPT_ERROR', 'null') },
  {
    name: 'throwing an object whose toString throws',
    source: "throw { toString() { throw new Error('nested'); } };",
    expect: error('SCRIPT_ERROR', 'a value that cannot be described was thrown'),
  },
  {
    name: 'throwing a proxy whose traps throw',
    source: 'throw new Proxy({}, { get() { throw 1; } });',
    expect: error('SCRIPT_ERROR', 'a value that cannot be described was thrown'),
  },

  // The wrapper and the realm.
  {
    name: 'closing the wrapper early only runs code inside the sandbox',
    source: '})); globalThis.pwned = 1; ((async function () {',
    expect: output(null),
  },
  {
    name: 'code placed before the start call is still under the CPU limit',
    source: '}), (() => { for (;;) {} })()); ((async function () {',
    expect: error('TIMEOUT'),
  },
  {
    name: 'a hijacked Promise.prototype.then and console do not stop the run; console itself is frozen',
    source: `Promise.prototype.then = function () { return 'hijacked'; };
      let frozen; try { console.log = null; } catch (e) { frozen = e.name; }
      globalThis.console = undefined;
      return [5, frozen];`,
    expect: output([5, 'TypeError']),
  },

];

describeHostileCases('script sandbox against scripts trying to get out', CASES);

import { types } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import type { JsonValue, ScriptApiFunctions, ScriptRunRequest, ScriptRunResult } from './sandbox.types.js';
import { createScriptSandbox } from './script-sandbox.factory.js';

/*
 * Hostile scripts. Each case asserts its precise outcome, then that the host is untouched (a
 * sentinel global, the built-in prototypes, no global the script tried to plant) and that the
 * sandbox still serves a normal run. The sandbox runs one script at a time with one idle isolate,
 * so consecutive cases share an isolate whenever the previous one did not breach a limit: a
 * leftover of any case would show in the canary run that follows it.
 */

const HOST_PATH = /\/work\/|node:|node_modules|file:|isolated-vm/;
const SENTINEL = { value: 'host sentinel' };
Reflect.set(globalThis, '__crmHostSentinel', SENTINEL);

const hostSnapshot = {
  objectPrototype: Object.getOwnPropertyNames(Object.prototype).sort(),
  arrayPrototype: Object.getOwnPropertyNames(Array.prototype).sort(),
  functionPrototype: Object.getOwnPropertyNames(Function.prototype).sort(),
  promiseThen: Promise.prototype.then,
  arrayPush: Array.prototype.push,
  functionCall: Function.prototype.call,
  jsonStringify: JSON.stringify,
  jsonParse: JSON.parse,
};

function expectHostUntouched(): void {
  expect(Reflect.get(globalThis, '__crmHostSentinel')).toBe(SENTINEL);
  expect(SENTINEL.value).toBe('host sentinel');
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(hostSnapshot.objectPrototype);
  expect(Object.getOwnPropertyNames(Array.prototype).sort()).toEqual(hostSnapshot.arrayPrototype);
  expect(Object.getOwnPropertyNames(Function.prototype).sort()).toEqual(hostSnapshot.functionPrototype);
  expect(Promise.prototype.then).toBe(hostSnapshot.promiseThen);
  expect(Array.prototype.push).toBe(hostSnapshot.arrayPush);
  expect(Function.prototype.call).toBe(hostSnapshot.functionCall);
  expect(JSON.stringify).toBe(hostSnapshot.jsonStringify);
  expect(JSON.parse).toBe(hostSnapshot.jsonParse);
  expect(Reflect.get({}, 'polluted')).toBeUndefined();
  expect(Reflect.get({}, 'isAdmin')).toBeUndefined();
  expect(Reflect.has(globalThis, 'pwned')).toBe(false);
  expect(typeof process.exit).toBe('function');
}

type Check = (result: ScriptRunResult) => void;

function objectOf(value: JsonValue | undefined): { [key: string]: JsonValue } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error(`expected an object, got ${JSON.stringify(value)}`);
  return value;
}

function output(expected: JsonValue): Check {
  return (result) => {
    if (!result.ok) throw new Error(`expected output, got ${result.error.code}: ${result.error.message}`);
    expect(result.output).toEqual(expected);
  };
}

function error(code: string, message?: string | RegExp): Check {
  return (result) => {
    if (result.ok) throw new Error(`expected ${code}, got output ${JSON.stringify(result.output)}`);
    expect(result.error.code).toBe(code);
    if (typeof message === 'string') expect(result.error.message).toBe(message);
    else if (message) expect(result.error.message).toMatch(message);
  };
}

function outputWith(check: (value: JsonValue) => void): Check {
  return (result) => {
    if (!result.ok) throw new Error(`expected output, got ${result.error.code}: ${result.error.message}`);
    check(result.output);
  };
}

interface HostileCase {
  name: string;
  source: string;
  api?: ScriptApiFunctions;
  request?: Partial<Pick<ScriptRunRequest, 'timeoutMs' | 'memoryMb' | 'wallTimeoutMs' | 'maxOutputBytes'>>;
  expect: Check;
}

const echoed: JsonValue[][] = [];
const echoApi: ScriptApiFunctions = {
  echo: async (...args: JsonValue[]): Promise<JsonValue> => {
    echoed.push(args);
    return args.length;
  },
};

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

  // Huge strings and deep nesting.
  {
    name: 'a huge string output',
    source: "return 'x'.repeat(300 * 1024);",
    expect: error('OUTPUT_TOO_LARGE', 'the output is 307202 characters of JSON, over the limit of 262144'),
  },
  {
    name: 'a string doubled past the heap limit when it is written out',
    source: "let s = 'x'; for (let i = 0; i < 26; i++) s += s; return s;",
    request: { timeoutMs: 5000, wallTimeoutMs: 20_000 },
    expect: error('MEMORY_LIMIT'),
  },
  {
    name: "a string doubled past V8's maximum string length",
    source: "let s = 'x'; for (let i = 0; i < 40; i++) s += s; return s.length;",
    expect: error('SCRIPT_ERROR', 'RangeError: Invalid string length'),
  },
  {
    name: 'output nested deeper than the depth limit',
    source: 'let o = []; for (let i = 0; i < 1000; i++) o = [o]; return o;',
    expect: error('OUTPUT_TOO_LARGE', 'the output is JSON nested 1001 levels deep, over the limit of 64'),
  },
  {
    name: "output nested deeper than JSON.stringify's stack",
    source: 'let o = []; for (let i = 0; i < 50000; i++) o = [o]; return o;',
    request: { timeoutMs: 5000, wallTimeoutMs: 20_000 },
    expect: error('OUTPUT_NOT_JSON', 'the output cannot be turned into JSON: RangeError: Maximum call stack size exceeded'),
  },

  // Loops and promises.
  {
    name: 'an infinite loop',
    source: 'while (true) {}',
    expect: (result) => {
      error('TIMEOUT', 'the script used more than its CPU time limit of 100 ms')(result);
      expect(result.cpuMs).toBeGreaterThanOrEqual(100);
    },
  },
  {
    name: 'an infinite loop after an await',
    source: 'await null; for (;;) {}',
    expect: error('TIMEOUT'),
  },
  {
    name: 'a microtask loop that keeps running after the script returns',
    source: "const spin = () => Promise.resolve().then(spin); spin(); return 'returned';",
    expect: error('TIMEOUT'),
  },
  {
    name: 'a promise that never settles',
    source: 'await new Promise(() => {}); return 1;',
    expect: (result) => {
      error('WALL_TIMEOUT', 'the script is waiting for a promise that can never settle (no API call is pending)')(result);
      expect(result.wallMs).toBeLessThan(400);
    },
  },
  {
    name: 'an API call that never answers',
    source: 'await api.hang(); return 1;',
    api: { hang: (): Promise<JsonValue> => new Promise<JsonValue>(() => undefined) },
    expect: (result) => {
      error('WALL_TIMEOUT', 'the script ran longer than its wall-clock limit of 400 ms')(result);
      expect(result.wallMs).toBeGreaterThanOrEqual(390);
    },
  },
  {
    name: 'an error message getter that never returns',
    source: 'throw { get message() { for (;;) {} } };',
    expect: error('TIMEOUT'),
  },

  // Memory bombs and recursion.
  {
    name: 'array growth',
    source: 'const a = []; while (true) a.push({ n: a.length, s: "item " + a.length });',
    request: { timeoutMs: 5000, wallTimeoutMs: 20_000 },
    expect: error('MEMORY_LIMIT', 'the script used more memory than its limit of 16 MB'),
  },
  {
    name: 'map growth with long strings',
    source: "const m = new Map(); const s = 'y'.repeat(1024); while (true) m.set(m.size, s + m.size);",
    request: { timeoutMs: 5000, wallTimeoutMs: 20_000 },
    // V8 declares this one a catastrophic out-of-memory; the run ends as soon as it does.
    expect: error('MEMORY_LIMIT', 'the script ran its isolate out of memory (Catastrophic out-of-memory error)'),
  },
  {
    name: 'typed arrays beyond the limit are refused by the allocator',
    source: 'const kept = []; while (true) { const b = new Uint8Array(1024 * 1024); b.fill(1); kept.push(b); }',
    request: { timeoutMs: 5000, wallTimeoutMs: 20_000 },
    expect: error('SCRIPT_ERROR', 'RangeError: Array buffer allocation failed'),
  },
  {
    name: 'unbounded recursion',
    source: 'const f = () => f(); f();',
    expect: error('SCRIPT_ERROR', 'RangeError: Maximum call stack size exceeded'),
  },
  {
    name: 'recursion that catches its own stack overflow',
    source: 'function f() { try { f(); } catch { f(); } } f();',
    expect: error('TIMEOUT'),
  },

  // Shared memory, WebAssembly, eval.
  {
    name: 'SharedArrayBuffer, WebAssembly and FinalizationRegistry are gone',
    source: 'return [typeof SharedArrayBuffer, typeof WebAssembly, typeof FinalizationRegistry];',
    expect: output(['undefined', 'undefined', 'undefined']),
  },
  {
    name: 'Atomics.wait has nothing shared to wait on',
    source: 'return Atomics.wait(new Int32Array(4), 0, 0);',
    expect: error('SCRIPT_ERROR', 'TypeError: [object Int32Array] is not a shared typed array.'),
  },
  {
    name: 'eval and Function run, confined to the isolate',
    source: "return [eval('typeof process'), (0, eval)('typeof require'), new Function('return typeof globalThis.process')(), (0, eval)('this') === globalThis];",
    expect: output(['undefined', 'undefined', 'undefined', true]),
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

  // Limits on the API and the logs.
  {
    name: 'too many API calls',
    source: 'for (let i = 0; i < 1000; i++) await api.echo(i);',
    api: echoApi,
    expect: error('API_ERROR', 'ApiError: more than 500 API calls in one run'),
  },
  {
    name: 'oversized API arguments never reach the host',
    source: "await api.refuse('x'.repeat(5 * 1024 * 1024));",
    api: {
      refuse: async (): Promise<JsonValue> => {
        throw new Error('the host function must not be called');
      },
    },
    request: { memoryMb: 64 },
    expect: error('API_ERROR', 'ApiError: api.refuse: the arguments are over 4194304 characters of JSON'),
  },
  {
    name: 'a flood of console output is capped',
    source: "for (let i = 0; i < 100000; i++) console.log('x'.repeat(10000)); return 'flooded';",
    expect: (result) => {
      output('flooded')(result);
      expect(result.logs).toHaveLength(201);
      expect(result.logs[0]?.message).toHaveLength(2001);
      expect(result.logs.at(-1)?.message).toBe('more than 200 log lines: the rest are dropped');
    },
  },
];

describe('script sandbox against hostile scripts', () => {
  const sandbox = createScriptSandbox({ maxConcurrentRuns: 1, maxIdleIsolates: 1 });
  afterAll(() => sandbox.dispose());

  it('has at least 30 hostile cases', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(30);
  });

  for (const hostile of CASES) {
    it(hostile.name, async () => {
      // ACT
      const result = await sandbox.run({
        source: hostile.source,
        input: {},
        api: hostile.api ?? {},
        timeoutMs: 100,
        memoryMb: 16,
        wallTimeoutMs: 400,
        ...hostile.request,
      });

      // ASSERT: the outcome, the host, and the next normal run in the same sandbox
      hostile.expect(result);
      expectHostUntouched();
      const canary = await sandbox.run({
        source: 'return [record.n + 1, typeof pwned, ({}).polluted === undefined, typeof [].push, JSON.stringify({ a: 1 }), typeof console.log];',
        input: { record: { n: 41 } },
      });
      output([42, 'undefined', true, 'function', '{"a":1}', 'function'])(canary);
    });
  }

  it('still runs a normal script correctly after the whole suite', async () => {
    // ACT
    const result = await sandbox.run({
      source: "console.log('total', record.amount); const owner = record.amount > 100000 ? 'senior' : record.owner; return { owner };",
      input: { record: { amount: 150_000, owner: 'rep' } },
    });

    // ASSERT
    output({ owner: 'senior' })(result);
    expect(result.logs.map((line) => line.message)).toEqual(['total 150000']);
    expectHostUntouched();
    const stats = sandbox.stats();
    expect(stats.activeRuns).toBe(0);
    expect(stats.failures.TIMEOUT).toBeGreaterThan(0);
    expect(stats.failures.MEMORY_LIMIT).toBeGreaterThan(0);
  });
});

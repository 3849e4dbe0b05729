import { expect } from 'vitest';
import { describeHostileCases, echoApi, error, output, type HostileCase } from './script-sandbox.hostile.test-support.js';
import type { JsonValue } from './sandbox.types.js';

/*
 * Hostile scripts against the limits: huge and deep output, loops and promises that never end,
 * memory bombs, recursion, shared memory, and floods of API calls and console lines.
 */

const CASES: HostileCase[] = [
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
    // Not a time-limit case: room enough that a loaded machine cannot turn it into TIMEOUT.
    request: { timeoutMs: 5000, wallTimeoutMs: 20_000 },
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

  // Limits on the API and the logs.
  {
    name: 'too many API calls',
    source: 'for (let i = 0; i < 1000; i++) await api.echo(i);',
    // Not a time-limit case: room enough that a loaded machine cannot turn it into TIMEOUT.
    request: { timeoutMs: 5000, wallTimeoutMs: 20_000 },
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
    request: { memoryMb: 64, timeoutMs: 5000, wallTimeoutMs: 20_000 },
    expect: error('API_ERROR', 'ApiError: api.refuse: the arguments are over 4194304 characters of JSON'),
  },
  {
    name: 'a flood of console output is capped',
    source: "for (let i = 0; i < 100000; i++) console.log('x'.repeat(10000)); return 'flooded';",
    // Not a time-limit case: room enough that a loaded machine cannot turn it into TIMEOUT.
    request: { timeoutMs: 5000, wallTimeoutMs: 20_000 },
    expect: (result) => {
      output('flooded')(result);
      expect(result.logs).toHaveLength(201);
      expect(result.logs[0]?.message).toHaveLength(2001);
      expect(result.logs.at(-1)?.message).toBe('more than 200 log lines: the rest are dropped');
    },
  },
];

describeHostileCases('script sandbox against scripts breaking its limits', CASES);

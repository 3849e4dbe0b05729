import { afterAll, describe, expect, it } from 'vitest';
import type { JsonValue, ScriptApiFunctions, ScriptRunRequest, ScriptRunResult } from './sandbox.types.js';
import { createScriptSandbox } from './script-sandbox.factory.js';

/*
 * Shared by the hostile-script suites (script-sandbox.hostile-*.test.ts). Each case asserts its
 * precise outcome, then that the host is untouched (a sentinel global, the built-in prototypes, no
 * global the script tried to plant) and that the sandbox still serves a normal run. Scripts run in
 * a sandbox process, so the host checks guard the boundary twice: the process and the isolate.
 * Consecutive cases share an isolate whenever the previous one did not breach a limit: a leftover
 * of any case would show in the canary run that follows it.
 */

export const HOST_PATH = /\/work\/|node:|node_modules|file:|isolated-vm/;
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

export function expectHostUntouched(): void {
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

export type Check = (result: ScriptRunResult) => void;

export function objectOf(value: JsonValue | undefined): { [key: string]: JsonValue } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error(`expected an object, got ${JSON.stringify(value)}`);
  return value;
}

export function output(expected: JsonValue): Check {
  return (result) => {
    if (!result.ok) throw new Error(`expected output, got ${result.error.code}: ${result.error.message}`);
    expect(result.output).toEqual(expected);
  };
}

export function error(code: string, message?: string | RegExp): Check {
  return (result) => {
    if (result.ok) throw new Error(`expected ${code}, got output ${JSON.stringify(result.output)}`);
    expect(result.error.code).toBe(code);
    if (typeof message === 'string') expect(result.error.message).toBe(message);
    else if (message) expect(result.error.message).toMatch(message);
  };
}

export function outputWith(check: (value: JsonValue) => void): Check {
  return (result) => {
    if (!result.ok) throw new Error(`expected output, got ${result.error.code}: ${result.error.message}`);
    check(result.output);
  };
}

export interface HostileCase {
  name: string;
  source: string;
  api?: ScriptApiFunctions;
  request?: Partial<Pick<ScriptRunRequest, 'timeoutMs' | 'memoryMb' | 'wallTimeoutMs' | 'maxOutputBytes'>>;
  expect: Check;
}

export const echoed: JsonValue[][] = [];
export const echoApi: ScriptApiFunctions = {
  echo: async (...args: JsonValue[]): Promise<JsonValue> => {
    echoed.push(args);
    return args.length;
  },
};


/**
 * Runs each case in one sandbox that runs one script at a time with one idle isolate, then checks
 * the host and a canary run in the same sandbox.
 */
export function describeHostileCases(title: string, cases: readonly HostileCase[]): void {
  describe(title, () => {
    const sandbox = createScriptSandbox({ maxConcurrentRuns: 1, maxIdleIsolates: 1 });
    afterAll(() => sandbox.dispose());

    for (const hostile of cases) {
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

    it('still runs a normal script correctly after all its cases', async () => {
      // ACT
      const result = await sandbox.run({
        source: "console.log('total', record.amount); const owner = record.amount > 100000 ? 'senior' : record.owner; return { owner };",
        input: { record: { amount: 150_000, owner: 'rep' } },
      });

      // ASSERT
      output({ owner: 'senior' })(result);
      expect(result.logs.map((line) => line.message)).toEqual(['total 150000']);
      expectHostUntouched();
      expect(sandbox.stats().activeRuns).toBe(0);
    });
  });
}

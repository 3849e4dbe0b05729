import { afterAll, describe, expect, it } from 'vitest';
import type { JsonValue, ScriptRunResult } from './sandbox.types.js';
import { createScriptSandbox } from './script-sandbox.factory.js';
import { transpileScript } from './script.transpiler.js';

function okOutput(result: ScriptRunResult): JsonValue {
  if (!result.ok) throw new Error(`expected success, got ${result.error.code}: ${result.error.message}`);
  return result.output;
}

function failure(result: ScriptRunResult): { code: string; message: string; line?: number; column?: number } {
  if (result.ok) throw new Error(`expected a failure, got output ${JSON.stringify(result.output)}`);
  return result.error;
}

describe('script sandbox', () => {
  const sandbox = createScriptSandbox();
  afterAll(() => sandbox.dispose());

  it('passes the input keys as parameters and returns the output as plain JSON', async () => {
    // ARRANGE
    const input = {
      record: { id: 'd1', amount: 150_000, stage: 'new' },
      trigger: { type: 'record', on: 'create' },
      steps: { score: { value: 3 } },
      user: { id: 'u1', roles: ['sales'] },
      now: '2025-01-01T00:00:00.000Z',
    };

    // ACT
    const result = await sandbox.run({
      source: `
        const big = record.amount > 100000;
        return { big, stage: record.stage, on: trigger.on, score: steps.score.value, role: user.roles[0], year: now.slice(0, 4) };
      `,
      input,
    });

    // ASSERT
    expect(okOutput(result)).toEqual({ big: true, stage: 'new', on: 'create', score: 3, role: 'sales', year: '2025' });
    expect(result.cpuMs).toBeGreaterThan(0);
    expect(result.wallMs).toBeGreaterThanOrEqual(result.cpuMs * 0.5);
  });

  it('gives null for a script that returns nothing, and the input is a copy', async () => {
    // ARRANGE
    const record = { id: 'd1', tags: ['a'] };

    // ACT
    const result = await sandbox.run({ source: 'record.tags.push("b"); record.id = "changed";', input: { record } });

    // ASSERT
    expect(okOutput(result)).toBeNull();
    expect(record).toEqual({ id: 'd1', tags: ['a'] });
  });

  it('round-trips API calls as copied JSON, in parallel, with host errors as API errors', async () => {
    // ARRANGE
    const received: JsonValue[][] = [];
    const stored = { id: 'c1', name: 'Acme', nested: { city: 'Moscow' } };
    const api = {
      getRecord: async (...args: JsonValue[]): Promise<JsonValue> => {
        received.push(args);
        return stored;
      },
      findRecords: async (entity: JsonValue): Promise<JsonValue> => [{ entity }, { entity }],
      failing: async (): Promise<JsonValue> => {
        throw Object.assign(new Error('record not found'), { code: 'NOT_FOUND' });
      },
    };

    // ACT
    const result = await sandbox.run({
      source: `
        const [company, list] = await Promise.all([api.getRecord('company', record.company, { deep: [1, 2] }), api.findRecords('contact')]);
        company.nested.city = 'changed in the script';
        let caught;
        try { await api.failing(); } catch (error) { caught = { name: error.name, message: error.message, code: error.code }; }
        return { company, count: list.length, caught };
      `,
      input: { record: { company: 'c1' } },
      api,
    });

    // ASSERT
    expect(okOutput(result)).toEqual({
      company: { id: 'c1', name: 'Acme', nested: { city: 'changed in the script' } },
      count: 2,
      caught: { name: 'ApiError', message: 'record not found', code: 'NOT_FOUND' },
    });
    expect(received).toEqual([['company', 'c1', { deep: [1, 2] }]]);
    expect(Object.getPrototypeOf(received[0])).toBe(Array.prototype);
    expect(stored.nested.city).toBe('Moscow');
  });

  it('fails with API_ERROR at the line of the call when an API error is not caught', async () => {
    // ARRANGE
    const api = {
      updateRecord: async (): Promise<JsonValue> => {
        throw new Error('permission denied');
      },
    };

    // ACT
    const result = await sandbox.run({ source: 'const a = 1;\n  await api.updateRecord("deal", "d1", { amount: a });\nreturn 1;', input: {}, api });

    // ASSERT
    expect(failure(result)).toEqual({ code: 'API_ERROR', message: 'ApiError: permission denied', line: 2, column: 13 });
  });

  it('refuses API arguments that are not JSON, and names no API that does not exist', async () => {
    // ARRANGE
    const calls: JsonValue[][] = [];
    const api = {
      echo: async (...args: JsonValue[]): Promise<JsonValue> => {
        calls.push(args);
        return args;
      },
    };

    // ACT
    const notJson = await sandbox.run({ source: 'await api.echo(10n)', input: {}, api });
    const missing = await sandbox.run({ source: 'return typeof api.getSecrets', input: {}, api });

    // ASSERT
    expect(failure(notJson).code).toBe('API_ERROR');
    expect(failure(notJson).message).toContain('the arguments are not JSON');
    expect(okOutput(missing)).toBe('undefined');
    expect(calls).toEqual([]);
  });

  it('waits for API calls the script did not await, so no side effect outlives the run', async () => {
    // ARRANGE
    let applied = false;
    const api = {
      slowUpdate: async (): Promise<JsonValue> => {
        await new Promise((resolve) => setTimeout(resolve, 50));
        applied = true;
        return true;
      },
    };

    // ACT
    const result = await sandbox.run({ source: 'api.slowUpdate(); return "returned first";', input: {}, api });

    // ASSERT
    expect(okOutput(result)).toBe('returned first');
    expect(applied).toBe(true);
  });

  it('routes console lines to the logs with their level, formatted as text', async () => {
    // ACT
    const result = await sandbox.run({
      source: `
        console.log('plain', 1, { a: [1, 2] }, null, undefined);
        console.info('info');
        console.warn('warn');
        console.error(new TypeError('bad'));
        console.debug('debug');
      `,
      input: {},
    });

    // ASSERT
    expect(result.logs.map(({ level, message }) => ({ level, message }))).toEqual([
      { level: 'log', message: 'plain 1 {"a":[1,2]} null undefined' },
      { level: 'info', message: 'info' },
      { level: 'warn', message: 'warn' },
      { level: 'error', message: 'TypeError: bad' },
      { level: 'log', message: 'debug' },
    ]);
    expect(Number.isNaN(Date.parse(result.logs[0]?.at ?? ''))).toBe(false);
  });

  it('caps the number and the length of log lines', async () => {
    // ARRANGE
    const capped = createScriptSandbox({ maxLogLines: 3, maxLogLineChars: 10 });

    // ACT
    const result = await capped.run({ source: 'for (let i = 0; i < 10000; i++) console.log("line " + i + " " + "x".repeat(50));', input: {} });
    await capped.dispose();

    // ASSERT
    expect(okOutput(result)).toBeNull();
    expect(result.logs.map((line) => line.message)).toEqual([
      'line 0 xxx…',
      'line 1 xxx…',
      'line 2 xxx…',
      'more than …',
    ]);
  });

  it('reports a thrown error with its line and column in the script', async () => {
    // ACT
    const result = await sandbox.run({ source: 'const a = 1;\nconst b = 2;\n    null.x;\nreturn a + b;', input: {} });

    // ASSERT
    expect(failure(result)).toEqual({
      code: 'SCRIPT_ERROR',
      message: "TypeError: Cannot read properties of null (reading 'x')",
      line: 3,
      column: 10,
    });
  });

  it('reports a syntax error as COMPILE_ERROR with its position, also at the end of the source', async () => {
    // ACT
    const misplaced = await sandbox.run({ source: 'const a = 1;\nconst b = ;', input: {} });
    const unclosed = await sandbox.run({ source: 'if (true) {\n  return 1;', input: {} });

    // ASSERT
    expect(failure(misplaced)).toEqual({ code: 'COMPILE_ERROR', message: "Unexpected token ';'", line: 2, column: 11 });
    expect(failure(unclosed).code).toBe('COMPILE_ERROR');
    expect(failure(unclosed).line).toBe(2);
  });

  it('runs TypeScript through transpileScript with the same line numbers', async () => {
    // ARRANGE
    const typescript = [
      'interface Totals {',
      '  sum: number;',
      '}',
      'const values: number[] = record.values as number[];',
      'const totals: Totals = { sum: values.reduce((a: number, b: number) => a + b, 0) };',
      'if (totals.sum > 10) throw new RangeError(`sum ${totals.sum} too big`);',
      'return totals;',
    ].join('\n');
    const transpiled = transpileScript(typescript, 'typescript');
    if (!transpiled.ok) throw new Error('expected TypeScript to transpile');

    // ACT
    const small = await sandbox.run({ source: transpiled.code, input: { record: { values: [1, 2, 3] } } });
    const big = await sandbox.run({ source: transpiled.code, input: { record: { values: [10, 20] } } });

    // ASSERT
    expect(okOutput(small)).toEqual({ sum: 6 });
    expect(failure(big)).toEqual({ code: 'SCRIPT_ERROR', message: 'RangeError: sum 30 too big', line: 6, column: 28 });
  });

  it('gives every run a fresh context: globals and prototype changes of one run are gone in the next', async () => {
    // ARRANGE: one isolate, so both runs share it
    const single = createScriptSandbox({ maxConcurrentRuns: 1, maxIdleIsolates: 1 });

    // ACT
    const first = await single.run({
      source: 'globalThis.leaked = "secret"; Object.prototype.polluted = true; Array.prototype.map = null; var declared = 1; return "set";',
      input: {},
    });
    const second = await single.run({
      source: 'return [typeof leaked, ({}).polluted === undefined, typeof [].map, typeof declared];',
      input: {},
    });
    const stats = single.stats();
    await single.dispose();

    // ASSERT
    expect(okOutput(first)).toBe('set');
    expect(okOutput(second)).toEqual(['undefined', true, 'function', 'undefined']);
    expect(stats.isolatesCreated).toBe(1);
    expect(stats.compiledScriptMisses).toBe(2);
  });

  it('reuses compiled scripts and isolates across runs', async () => {
    // ARRANGE
    const reusing = createScriptSandbox({ maxConcurrentRuns: 1 });

    // ACT
    for (let i = 0; i < 5; i += 1) okOutput(await reusing.run({ source: 'return record.n * 2', input: { record: { n: i } } }));
    const stats = reusing.stats();
    await reusing.dispose();

    // ASSERT
    expect(stats).toMatchObject({ runs: 5, isolatesCreated: 1, compiledScriptMisses: 1, compiledScriptHits: 4, idleIsolates: 1 });
  });

  it('reuses isolates through a burst of more runs at once than it keeps idle', async () => {
    // ARRANGE: runs reach the sandbox process one by one as others end, so it never sees a queue
    const bursting = createScriptSandbox({ maxConcurrentRuns: 8, maxIdleIsolates: 2 });

    // ACT
    const results = await Promise.all(Array.from({ length: 200 }, (_, n) => bursting.run({ source: 'return n;', input: { n } })));
    const stats = bursting.stats();
    await bursting.dispose();

    // ASSERT
    expect(results.map(okOutput)).toEqual(Array.from({ length: 200 }, (_, n) => n));
    expect(stats.isolatesCreated).toBeLessThanOrEqual(8);
  });

  it('ends a CPU-bound script with TIMEOUT without blocking the host, and keeps serving with a new isolate', async () => {
    // ARRANGE: the host's event loop ticks while the script spins on another thread
    let ticks = 0;
    const ticker = setInterval(() => {
      ticks += 1;
    }, 10);

    // ACT
    const looping = await sandbox.run({ source: 'let i = 0; while (true) { i++; }', input: {}, timeoutMs: 300 });
    clearInterval(ticker);
    const next = await sandbox.run({ source: 'return 42', input: {} });

    // ASSERT
    expect(failure(looping).code).toBe('TIMEOUT');
    expect(looping.cpuMs).toBeGreaterThanOrEqual(300);
    expect(ticks).toBeGreaterThanOrEqual(10);
    expect(okOutput(next)).toBe(42);
  });

  it('ends with WALL_TIMEOUT when a host API call never answers', async () => {
    // ARRANGE
    const api = { hang: (): Promise<JsonValue> => new Promise<JsonValue>(() => undefined) };

    // ACT
    const result = await sandbox.run({ source: 'console.log("before"); await api.hang(); return 1;', input: {}, api, wallTimeoutMs: 200 });

    // ASSERT
    expect(failure(result).code).toBe('WALL_TIMEOUT');
    expect(result.wallMs).toBeGreaterThanOrEqual(190);
    expect(result.logs.map((line) => line.message)).toEqual(['before']);
  });

  it('ends with MEMORY_LIMIT when the heap outgrows memoryMb, and the next run works', async () => {
    // ACT
    // CPU room enough that garbage collection near the limit on a loaded machine is not a TIMEOUT.
    const bomb = await sandbox.run({ source: 'const a = []; while (true) a.push({ n: a.length });', input: {}, memoryMb: 16, timeoutMs: 5000, wallTimeoutMs: 20_000 });
    const next = await sandbox.run({ source: 'return "alive"', input: {}, memoryMb: 16 });

    // ASSERT
    expect(failure(bomb).code).toBe('MEMORY_LIMIT');
    expect(okOutput(next)).toBe('alive');
  });

  it('fails a run whose promise rejection is never handled', async () => {
    // ACT
    const result = await sandbox.run({ source: 'Promise.reject(new TypeError("forgotten")); return 1;', input: {} });

    // ASSERT
    expect(failure(result)).toMatchObject({ code: 'SCRIPT_ERROR', message: 'uncaught TypeError: forgotten' });
  });

  it('checks the output: size in bytes, nesting depth, JSON form', async () => {
    // ACT
    const large = await sandbox.run({ source: 'return "я".repeat(1000)', input: {}, maxOutputBytes: 1500 });
    const deep = await sandbox.run({ source: 'let o = 1; for (let i = 0; i < 100; i++) o = { o }; return o;', input: {} });
    const bigint = await sandbox.run({ source: 'return { n: 1n }', input: {} });
    const fn = await sandbox.run({ source: 'return () => 1', input: {} });

    // ASSERT: 1000 Cyrillic letters are 1000 characters but 2000 bytes
    expect(failure(large)).toMatchObject({ code: 'OUTPUT_TOO_LARGE', message: 'the output is 2002 bytes of JSON, over the limit of 1500' });
    expect(failure(deep)).toMatchObject({ code: 'OUTPUT_TOO_LARGE', message: 'the output is JSON nested 100 levels deep, over the limit of 64' });
    expect(failure(bigint).code).toBe('OUTPUT_NOT_JSON');
    expect(failure(fn)).toMatchObject({ code: 'OUTPUT_NOT_JSON', message: 'the script returned a function, which has no JSON form' });
  });

  it('runs many scripts at once, each with its own input, API and output', async () => {
    // ARRANGE
    const runs = Array.from({ length: 40 }, (_, i) => {
      const api = {
        lookup: async (n: JsonValue): Promise<JsonValue> => {
          await new Promise((resolve) => setTimeout(resolve, (i * 7) % 13));
          return { n, owner: `api-${i}` };
        },
      };
      return sandbox.run({ source: 'const r = await api.lookup(record.n); return { n: r.n * 2, owner: r.owner };', input: { record: { n: i } }, api });
    });

    // ACT
    const results = await Promise.all(runs);

    // ASSERT
    expect(results.map(okOutput)).toEqual(Array.from({ length: 40 }, (_, i) => ({ n: i * 2, owner: `api-${i}` })));
  });

  it('rejects input keys that cannot be parameters, and runs after dispose', async () => {
    // ARRANGE
    const short = createScriptSandbox();

    // ACT / ASSERT
    await expect(short.run({ source: 'return 1', input: { 'not-an-identifier': 1 } })).rejects.toThrow('not a JavaScript identifier');
    await expect(short.run({ source: 'return 1', input: { api: 1 } })).rejects.toThrow('reserved');
    await short.dispose();
    await expect(short.run({ source: 'return 1', input: {} })).rejects.toThrow('disposed');
  });
});

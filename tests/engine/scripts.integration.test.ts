import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRuntime, testDatabaseKinds, type TestRuntime } from '@crm/runtime/testing';
import { processDef, publishWith, runFor } from './engine-test.support.js';

/*
 * Scripts through processes, as an analyst would post them: TypeScript is type-checked against the
 * generated record types before publish (the error names the node, the line and the column), and
 * hostile scripts run in a process fail their step while the host keeps serving untouched.
 */

/** Each script either fails its step, or finishes with exactly what a confined script can see. */
const CONFINED_OUTPUT: Record<string, unknown> = {
  function_escape: 'undefined',
  // prepareStackTrace runs inside the isolate; the frame's `this` is nothing of the host's.
  error_stack: 'undefined',
};

const HOSTILE: Record<string, string> = {
  constructor_escape: "return this.constructor.constructor('return process')().pid;",
  function_escape: "const f = (() => {}).constructor; return f('return typeof require')();",
  error_stack: "Error.prepareStackTrace = (e, s) => s[0].getThis(); const e = new Error(); return String(e.stack);",
  api_escape: "return api.getRecord.constructor('return process')().env;",
  infinite_loop: 'for (;;) {}',
  microtask_loop: 'const spin = () => Promise.resolve().then(spin); spin(); await new Promise(() => {});',
  memory_bomb: "let s = 'x'; for (;;) s += s;",
  recursion: 'const f = (n) => f(n + 1) + 1; return f(0);',
  huge_output: "return 'x'.repeat(50 * 1024 * 1024);",
  proxy_output: 'return new Proxy({}, { get: () => { throw new Error("trap"); }, ownKeys: () => { throw new Error("trap"); } });',
  import_attempt: "const fs = await import('node:fs'); return fs.readFileSync('/etc/passwd', 'utf8');",
  fetch_attempt: "return await fetch('http://127.0.0.1:1/');",
};

describe.each(testDatabaseKinds())('scripts in processes on %s', (kind) => {
  let rt: TestRuntime;
  beforeAll(async () => {
    rt = await startTestRuntime(kind, { template: 'b2b-sales', workers: { pollMs: 100 }, engine: { engine: { retryBaseMs: 10, retryMaxMs: 20, maxAttempts: 2 } } });
  });
  afterAll(async () => {
    await rt?.close();
  });

  it('refuses to publish a TypeScript script that does not type-check, naming the node, line and column', async () => {
    const draft = await rt.request<{ processes?: unknown[] }>('GET', '/api/definitions/draft');
    const app = draft.body;
    app.processes = [
      ...(app.processes ?? []),
      processDef(
        'typed_script',
        { type: 'record', entity: 'deal', on: ['create'] },
        [{ id: 'calc', type: 'script', config: { language: 'typescript', source: 'const total: number = record.amout * 2;\nreturn { total };' } }],
        [['trigger', 'calc']],
      ),
    ];
    expect((await rt.request('PUT', '/api/definitions/draft', { body: app })).status).toBe(200);
    const res = await rt.request<{ error: { code: string; details: Array<{ code: string; pointer: string; nodeId: string; message: string; message_ru: string }> } }>(
      'POST',
      '/api/definitions/publish',
      { body: {} },
    );
    expect(res.status).toBe(422);
    const detail = res.body.error.details.find((d) => d.code === 'SCRIPT_TYPE_ERROR');
    expect(detail).toMatchObject({ nodeId: 'calc', pointer: expect.stringMatching(/^\/processes\/\d+\/nodes\/0\/config\/source$/) });
    expect(detail?.message).toMatch(/line 1, column \d+: .*amout/);
    expect(detail?.message_ru).toMatch(/строка 1/);
    // The live definition did not change.
    const live = await rt.request<{ processes?: Array<{ name: string }> }>('GET', '/api/definitions/live');
    expect((live.body.processes ?? []).some((p) => p.name === 'typed_script')).toBe(false);
  });

  it('refuses to publish a schedule whose cron cannot be scheduled, pointing at the cron', async () => {
    const draft = await rt.request<{ processes?: unknown[] }>('GET', '/api/definitions/draft');
    const app = draft.body;
    app.processes = [
      ...(app.processes ?? []),
      processDef('bad_cron', { type: 'schedule', cron: '61 25 * * *', timezone: 'Europe/Moscow' }, [{ id: 'done', type: 'end' }], [['trigger', 'done']]),
    ];
    await rt.request('PUT', '/api/definitions/draft', { body: app });
    const res = await rt.request<{ error: { details: Array<{ code: string; pointer: string; message_ru: string }> } }>('POST', '/api/definitions/publish', { body: {} });
    expect(res.status).toBe(422);
    expect(res.body.error.details.find((d) => d.code === 'INVALID_SCHEDULE')?.pointer).toMatch(/^\/processes\/\d+\/trigger\/cron$/);
    await rt.request('PUT', '/api/definitions/draft', { body: { ...app, processes: (app.processes ?? []).filter((p) => !(typeof p === 'object' && p !== null && 'name' in p && p.name === 'bad_cron')) } });
  });

  it('runs hostile scripts posted through a process: every step fails, nothing escapes, the host keeps serving', async () => {
    const sentinel = { value: 'untouched' };
    Reflect.set(globalThis, '__crmSentinel', sentinel);
    await publishWith(rt, (app) => {
      app.processes = (app.processes ?? []).filter((p) => !(typeof p === 'object' && p !== null && 'name' in p && p.name === 'typed_script'));
      app.processes.push(
        processDef(
          'hostile',
          { type: 'record', entity: 'deal', on: ['create'], condition: { field: 'title', op: 'startsWith', value: 'HOSTILE' } },
          [
            {
              id: 'pick',
              type: 'switch',
              config: { cases: Object.keys(HOSTILE).map((name) => ({ handle: name, condition: { field: 'description', op: 'eq', value: name } })) },
            },
            ...Object.entries(HOSTILE).map(([name, source]) => ({ id: `s_${name}`, type: 'script', config: { source, timeoutMs: 200, memoryMb: 16 } })),
            { id: 'none', type: 'end' },
          ],
          [['trigger', 'pick'], ['pick', 'none', 'default'], ...Object.keys(HOSTILE).map((name): [string, string, string] => ['pick', `s_${name}`, name])],
        ),
      );
    });
    for (const name of Object.keys(HOSTILE)) {
      const deal = await rt.request<{ id: string }>('POST', '/api/records/deal', { body: { title: `HOSTILE ${name}`, amount: 1, description: name } });
      expect(deal.status).toBe(201);
      const run = await runFor(rt, 'hostile', deal.body.id, 30_000);
      if (name in CONFINED_OUTPUT) {
        expect(run.status, name).toBe('completed');
        expect(run.steps.find((st) => st.nodeId === `s_${name}`)?.output, name).toEqual(CONFINED_OUTPUT[name]);
      } else {
        expect(run.status, name).toBe('failed');
        expect(run.error?.code, name).toMatch(/^SCRIPT_/);
      }
      const health = await rt.request<{ ok: boolean }>('GET', '/api/health', { token: null });
      expect(health.body.ok).toBe(true);
    }
    expect(Reflect.get(globalThis, '__crmSentinel')).toBe(sentinel);
    expect(sentinel.value).toBe('untouched');
    expect(typeof process.exit).toBe('function');
  });
});

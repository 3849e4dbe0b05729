import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRuntime, testDatabaseKinds, type TestRuntime } from '@crm/runtime/testing';
import { processDef, publishWith, run, runFor } from './engine-test.support.js';

/*
 * Issue 11, item 1, the engine's side: a run started by a save made through an API token keeps the
 * token's roles. Its script API calls act as the user, and the worker reloads that user from the
 * database when it picks the run up (possibly much later, in another process), so without the limit
 * stored on the run a script would act with the user's full roles. The admin's token for sales_rep
 * must not let a script read the hidden `margin`; the admin's session does.
 */

describe.each(testDatabaseKinds())('runs started through an API token keep its roles, on %s', (kind) => {
  let rt: TestRuntime;
  let asRep = '';

  beforeAll(async () => {
    rt = await startTestRuntime(kind, { template: 'b2b-sales', workers: { pollMs: 50 } });
    await publishWith(rt, (app) => {
      app.processes = [
        ...(app.processes ?? []),
        processDef(
          'peek_margin',
          { type: 'record', entity: 'deal', on: ['update'], condition: { field: 'title', op: 'startsWith', value: 'PEEK' } },
          [{ id: 'peek', type: 'script', config: { source: "const d = await api.getRecord('deal', record.id); return { sawMargin: d !== null && d.margin !== undefined };" } }],
          [['trigger', 'peek']],
        ),
      ];
    });
    const token = await rt.request<{ token: string }>('POST', '/api/tokens', { body: { name: 'rep view', roles: ['sales_rep'] } });
    expect(token.status, JSON.stringify(token.body)).toBe(201);
    asRep = token.body.token;
  });
  afterAll(async () => {
    await rt?.close();
  });

  async function touchAndPeek(token: string | undefined): Promise<unknown> {
    const created = await rt.request<{ id: string; version: number }>('POST', '/api/records/deal', { body: { title: 'PEEK deal', amount: 10, margin: 25, stage: 'lead' } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const patch = await rt.request('PATCH', `/api/records/deal/${created.body.id}`, {
      body: { description: 'touched' },
      headers: { 'if-match': String(created.body.version) },
      ...(token ? { token } : {}),
    });
    expect(patch.status, JSON.stringify(patch.body)).toBe(200);
    const done = await runFor(rt, 'peek_margin', created.body.id);
    expect(done.status).toBe('completed');
    const detail = await run(rt, done.id);
    return detail.steps.find((s) => s.nodeId === 'peek')?.output;
  }

  it("a script in a run started through the admin's sales_rep token cannot read margin", async () => {
    expect(await touchAndPeek(asRep)).toEqual({ sawMargin: false });
  });

  it("the same save through the admin's session lets the script read margin (the control)", async () => {
    expect(await touchAndPeek(undefined)).toEqual({ sawMargin: true });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRuntime, testDatabaseKinds, type TestRuntime } from '@crm/runtime/testing';
import { person, processDef, publishWith, waitForRun, type LooseApp, type Person } from './engine-test.support.js';

/*
 * Starting a process by hand is a permission of its own, per process (issue 11, item 2): admins
 * always may; other people only when their role is in the manual trigger's `startRoles`; absent,
 * only admins. A start on a filtered set is queued: 202 at once with the run ids to poll, the runs
 * advanced by workers.
 */

interface StartBody {
  data: Array<{ runId: string; status: string }>;
  count: number;
  truncated: boolean;
}

interface ErrorBody {
  error: { code: string; details: Array<{ field?: string; code: string; message: string; message_ru: string }> };
}

const SLOW_SCRIPT = 'const end = Date.now() + 1500; while (Date.now() < end) {} return { done: true };';

describe.each(testDatabaseKinds())('manual starts on %s', (kind) => {
  let rt: TestRuntime;
  let rep: Person;
  let senior: Person;

  async function dealAs(who: Person, title: string): Promise<string> {
    const res = await rt.request<{ id: string }>('POST', '/api/records/deal', { body: { title, amount: 1 }, token: who.token });
    expect(res.status).toBe(201);
    return res.body.id;
  }

  beforeAll(async () => {
    rt = await startTestRuntime(kind, { template: 'b2b-sales', workers: { pollMs: 50 } });
    rep = await person(rt, 'start.rep@example.com', ['sales_rep']);
    senior = await person(rt, 'start.senior@example.com', ['senior_manager']);
    await publishWith(rt, (app) => {
      app.processes = [
        ...(app.processes ?? []),
        processDef('admins_only', { type: 'manual', entity: 'deal' }, [{ id: 'done', type: 'end' }], [['trigger', 'done']]),
        processDef('rep_start', { type: 'manual', entity: 'deal', startRoles: ['sales_rep'] }, [{ id: 'work', type: 'script', config: { source: SLOW_SCRIPT, timeoutMs: 5000 } }], [['trigger', 'work']]),
        // Fails on a deal over 5: a bulk start with some of each.
        processDef(
          'picky',
          { type: 'manual', entity: 'deal', startRoles: ['sales_rep'] },
          [
            { id: 'big', type: 'condition', config: { condition: { field: 'amount', op: 'gt', value: 5 } } },
            { id: 'refuse', type: 'end', config: { status: 'failed', message: 'Too big' } },
            { id: 'fine', type: 'end' },
          ],
          [
            ['trigger', 'big'],
            ['big', 'refuse', 'true'],
            ['big', 'fine', 'false'],
          ],
        ),
      ];
    });
  });
  afterAll(async () => {
    await rt?.close();
  });

  it('refuses a person whose role the process does not name, with 403 START_NOT_ALLOWED', async () => {
    const id = await dealAs(rep, 'Start refused');
    const refused = await rt.request<ErrorBody>('POST', '/api/processes/admins_only/start', { body: { recordId: id }, token: rep.token });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('FORBIDDEN');
    expect(refused.body.error.details[0]).toMatchObject({ field: 'process', code: 'START_NOT_ALLOWED', message_ru: expect.any(String) });
    const other = await rt.request<ErrorBody>('POST', '/api/processes/rep_start/start', { body: { recordId: id }, token: senior.token });
    expect(other.status).toBe(403);
    expect(other.body.error.details[0]?.code).toBe('START_NOT_ALLOWED');
    // Admins always may.
    const admin = await rt.request<StartBody>('POST', '/api/processes/admins_only/start', { body: { recordId: id } });
    expect(admin.status).toBe(202);
    expect((await waitForRun(rt, admin.body.data[0]?.runId ?? '')).status).toBe('completed');
  });

  it('lets a named role start it, and queues a filtered set: 202 at once, the runs done by workers', async () => {
    const ids = [await dealAs(rep, 'Queued one'), await dealAs(rep, 'Queued two'), await dealAs(rep, 'Queued three')];
    const t0 = Date.now();
    const started = await rt.request<StartBody>('POST', '/api/processes/rep_start/start', {
      body: { filter: { field: 'title', op: 'startsWith', value: 'Queued' } },
      token: rep.token,
    });
    const elapsed = Date.now() - t0;
    expect(started.status).toBe(202);
    expect(started.body.count).toBe(ids.length);
    expect(started.body.truncated).toBe(false);
    // Each run's script spins 1.5 s: the answer did not wait for any of them.
    expect(elapsed).toBeLessThan(1500);
    for (const r of started.body.data) expect(r.status).toBe('running');
    for (const r of started.body.data) expect((await waitForRun(rt, r.runId, ['completed', 'failed'], 30_000)).status).toBe('completed');
  }, 60_000);

  it('starts on the records a list shows: ticked ones by id, or its search text with its filter, as the caller may read them', async () => {
    const mine = [await dealAs(rep, 'Ticked Alpha'), await dealAs(rep, 'Ticked Beta'), await dealAs(rep, 'Ticked Gamma')];
    const others = await dealAs(senior, 'Ticked Delta');
    const ticked = await rt.request<StartBody>('POST', '/api/processes/admins_only/start', { body: { filter: { field: 'id', op: 'in', value: [mine[0], mine[2]] } } });
    expect(ticked.status).toBe(202);
    expect(ticked.body.count).toBe(2);
    // Search text alone, and with a filter; the rep reads her own deals only, so the senior's stays out.
    const searched = await rt.request<StartBody>('POST', '/api/processes/admins_only/start', { body: { q: 'Ticked' } });
    expect(searched.body.count).toBe(4);
    const narrowed = await rt.request<StartBody>('POST', '/api/processes/admins_only/start', { body: { q: 'Ticked', filter: { field: 'title', op: 'contains', value: 'Beta' } } });
    expect(narrowed.body.count).toBe(1);
    const asRep = await rt.request<{ data: Array<{ runId: string }>; count: number }>('POST', '/api/processes/rep_start/start', { body: { q: 'Ticked' }, token: rep.token });
    expect(asRep.body.count).toBe(3);
    const runs = await Promise.all(asRep.body.data.map((r) => waitForRun(rt, r.runId, ['completed', 'failed'], 30_000)));
    expect(runs.map((r) => r.recordId).sort()).toEqual([...mine].sort());
    expect(runs.map((r) => r.recordId)).not.toContain(others);
    // Search text that is not text is refused, naming the field, and starts nothing.
    const wrong = await rt.request<ErrorBody>('POST', '/api/processes/admins_only/start', { body: { q: 42 } });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.details[0]).toMatchObject({ field: 'q', code: 'INVALID_PARAMETER' });
  }, 60_000);

  it('tells the list how a bulk start’s runs are going, counting only the runs the caller may see', async () => {
    const made = [];
    for (const [title, amount] of [['Progress small', 1], ['Progress big', 10], ['Progress tiny', 2]] as const) {
      const res = await rt.request<{ id: string }>('POST', '/api/records/deal', { body: { title, amount }, token: rep.token });
      made.push(res.body.id);
    }
    const started = await rt.request<StartBody>('POST', '/api/processes/picky/start', { body: { filter: { field: 'title', op: 'startsWith', value: 'Progress' } }, token: rep.token });
    expect(started.body.count).toBe(3);
    const runIds = started.body.data.map((r) => r.runId);
    type Progress = { counts: Record<string, number>; failed: Array<{ runId: string; recordId: string | null }> };
    const progress = async (token?: string) => (await rt.request<Progress>('POST', '/api/processes/picky/runs/progress', { body: { runIds }, ...(token ? { token } : {}) })).body;
    await expect.poll(async () => (await progress(rep.token)).counts, { timeout: 20_000 }).toEqual({ running: 0, waiting: 0, completed: 2, failed: 1, cancelled: 0 });
    expect((await progress(rep.token)).failed).toEqual([{ runId: expect.any(String), recordId: made[1] }]);
    // The senior reads none of the rep's deals: their runs are not counted for her.
    expect((await progress(senior.token)).counts).toEqual({ running: 0, waiting: 0, completed: 0, failed: 0, cancelled: 0 });
    const wrong = await rt.request<ErrorBody>('POST', '/api/processes/picky/runs/progress', { body: { runIds: 'all' }, token: rep.token });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.details[0]).toMatchObject({ field: 'runIds', code: 'INVALID_PARAMETER' });
  }, 60_000);

  it('refuses a draft whose startRoles name a role that does not exist', async () => {
    const draft = await rt.request<LooseApp>('GET', '/api/definitions/draft');
    const app = draft.body;
    app.processes = [...(app.processes ?? []), processDef('typo_roles', { type: 'manual', entity: 'deal', startRoles: ['sales_reps'] }, [{ id: 'done', type: 'end' }], [['trigger', 'done']])];
    // The draft is validated on PUT: a typo would otherwise silently leave the process to admins.
    const res = await rt.request<{ error: { details: Array<{ code: string; pointer: string }> } }>('PUT', '/api/definitions/draft', { body: app });
    expect(res.status).toBe(422);
    expect(res.body.error.details).toContainEqual(expect.objectContaining({ code: 'UNKNOWN_ROLE', pointer: expect.stringMatching(/^\/processes\/\d+\/trigger\/startRoles\/0$/) }));
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRuntime, testDatabaseKinds, type TestRuntime } from '@crm/runtime/testing';
import { processDef, publishWith, runFor, until } from './engine-test.support.js';

/*
 * A worker tells what each of its loops is doing (EngineHost.workerHealth): how many jobs it took
 * and when it last took one, and every claim that failed outside any job. Such a failure leaves no
 * trace on a run (the job is untouched), so without this a queue that stops moving looks the same
 * whether the worker is asleep, stuck in a claim or failing on every one.
 */

describe.each(testDatabaseKinds())('worker health on %s', (kind) => {
  let rt: TestRuntime;

  beforeAll(async () => {
    rt = await startTestRuntime(kind, { template: 'b2b-sales', workers: { pollMs: 50 } });
    const onDeal = { type: 'record', entity: 'deal', on: ['create'], condition: { field: 'title', op: 'startsWith', value: 'HEALTH' } };
    await publishWith(rt, (app) => {
      app.processes = [...(app.processes ?? []), processDef('health_mark', onDeal, [{ id: 'mark', type: 'update_record', config: { values: { description: 'seen' } } }], [['trigger', 'mark']])];
    });
  });
  afterAll(async () => {
    await rt?.close();
  });

  async function dealRun(title: string): Promise<string> {
    const res = await rt.request<{ id: string }>('POST', '/api/records/deal', { body: { title, amount: 1 } });
    expect(res.status).toBe(201);
    return res.body.id;
  }

  const loops = () => rt.runtime.engine.workerHealth().flatMap((worker) => worker.loops);

  it('counts the jobs its loops took and when', async () => {
    const before = Date.now();
    const done = await runFor(rt, 'health_mark', await dealRun('HEALTH one'));
    expect(done.status).toBe('completed');
    const [worker] = rt.runtime.engine.workerHealth();
    expect(worker?.running).toBe(true);
    expect(worker?.loops).toHaveLength(kind === 'pglite' ? 1 : 2);
    const took = loops().filter((loop) => loop.claimed > 0);
    expect(took.length).toBeGreaterThan(0);
    expect(Math.max(...took.map((loop) => Date.parse(String(loop.lastClaimedAt))))).toBeGreaterThanOrEqual(before);
    for (const loop of loops()) expect(['claiming', 'sleeping']).toContain(loop.state);
  });

  it('reports claims that fail outside any job, and takes jobs again once they succeed', async () => {
    const failuresBefore = loops().reduce((sum, loop) => sum + loop.failures, 0);
    // The claim's function gone: every claim fails before it touches a job, as a broken database would make it.
    await rt.db.knex.raw('ALTER FUNCTION engine_claim_due_jobs(integer) RENAME TO engine_claim_due_jobs_away');
    let renamed = true;
    try {
      const deal = await dealRun('HEALTH two');
      const failing = await until('a failed claim', async () => {
        const failed = loops().filter((loop) => loop.failures > 0 && loop.lastFailure);
        return failed.reduce((sum, loop) => sum + loop.failures, 0) > failuresBefore ? failed : null;
      });
      expect(failing[0]?.lastFailure?.message).toMatch(/engine_claim_due_jobs/);
      expect(Date.parse(String(failing[0]?.lastFailure?.at))).toBeLessThanOrEqual(Date.now());
      await rt.db.knex.raw('ALTER FUNCTION engine_claim_due_jobs_away(integer) RENAME TO engine_claim_due_jobs');
      renamed = false;
      expect((await runFor(rt, 'health_mark', deal)).status).toBe('completed');
    } finally {
      if (renamed) await rt.db.knex.raw('ALTER FUNCTION engine_claim_due_jobs_away(integer) RENAME TO engine_claim_due_jobs');
    }
  });

  it('says when its loops have stopped', async () => {
    const extra = await rt.runtime.startWorkers({ concurrency: 2, pollMs: 50 });
    expect(extra.health()).toMatchObject({ running: true, loops: [{ state: expect.stringMatching(/claiming|sleeping/) }, { state: expect.stringMatching(/claiming|sleeping/) }] });
    await extra.stop();
    expect(extra.health()).toMatchObject({ running: false, loops: [{ state: 'stopped' }, { state: 'stopped' }] });
    // The host's own worker goes on.
    expect(rt.runtime.engine.workerHealth()[0]?.running).toBe(true);
  });
});

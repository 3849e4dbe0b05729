import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AdminRunPage, RunQueue } from '@crm/schemas';
import { startTestRuntime, testDatabaseKinds, type TestRuntime } from '@crm/runtime/testing';
import { person, processDef, publishWith, runFor, runsOf, until, type Person } from './engine-test.support.js';

/*
 * GET /api/runs/queue (admins): the queue every process shares, as the database holds it, beside
 * this process's workers. A queue that stopped moving is told from an idle or a busy one by the
 * oldest due job growing late while the workers' claims fail or hang. GET /api/runs (admins): the
 * runs of every process, by status and process, a page at a time.
 */

type QueueBody = RunQueue;

describe.each(testDatabaseKinds())('the queue on %s', (kind) => {
  let rt: TestRuntime;
  let rep: Person;

  beforeAll(async () => {
    rt = await startTestRuntime(kind, { template: 'b2b-sales', workers: { pollMs: 50 } });
    rep = await person(rt, 'queue.rep@example.com', ['sales_rep']);
    const onDeal = (prefix: string) => ({ type: 'record', entity: 'deal', on: ['create'], condition: { field: 'title', op: 'startsWith', value: prefix } });
    await publishWith(rt, (app) => {
      app.processes = [
        ...(app.processes ?? []),
        processDef('queue_mark', onDeal('QUEUE mark'), [{ id: 'mark', type: 'update_record', config: { values: { description: 'seen' } } }], [['trigger', 'mark']]),
        processDef('queue_pause', onDeal('QUEUE pause'), [{ id: 'pause', type: 'wait', config: { duration: 'PT1H' } }], [['trigger', 'pause']]),
        processDef('queue_fail', onDeal('QUEUE fail'), [{ id: 'boom', type: 'script', config: { source: 'throw new Error("no stock for this deal");' } }], [['trigger', 'boom']]),
      ];
    });
  });
  afterAll(async () => {
    await rt?.close();
  });

  const queue = async (): Promise<QueueBody> => {
    const res = await rt.request<QueueBody>('GET', '/api/runs/queue');
    expect(res.status).toBe(200);
    return res.body;
  };

  async function deal(title: string): Promise<string> {
    const res = await rt.request<{ id: string }>('POST', '/api/records/deal', { body: { title, amount: 1 } });
    expect(res.status).toBe(201);
    return res.body.id;
  }

  it('is for admins only', async () => {
    const res = await rt.request<{ error: { code: string; details: Array<{ code: string }> } }>('GET', '/api/runs/queue', { token: rep.token });
    expect(res.status).toBe(403);
    expect(res.body.error.details[0]?.code).toBe('ADMIN_ONLY');
    expect((await rt.request('GET', '/api/runs/queue', { token: null })).status).toBe(401);
  });

  it('shows an idle queue, a timer due later, and this process’s workers', async () => {
    const idle = await until('an idle queue', async () => {
      const body = await queue();
      return body.due === 0 ? body : null;
    });
    expect(idle.oldestDue).toBeNull();
    expect(Number.isFinite(Date.parse(idle.at))).toBe(true);
    expect(idle.process.pid).toBe(process.pid);
    expect(idle.process.workers[0]?.running).toBe(true);
    const laterBefore = idle.later;
    const paused = await deal('QUEUE pause');
    await until('the pause waiting', async () => (await runsOf(rt, 'queue_pause', `?recordId=${paused}`)).find((r) => r.status === 'waiting'));
    const waiting = await queue();
    expect(waiting.later).toBe(laterBefore + 1);
    expect(waiting.due).toBe(0);
  });

  it('shows the oldest due job growing late while no claim succeeds, and the workers’ failures', async () => {
    await rt.db.knex.raw('ALTER FUNCTION engine_claim_due_jobs(integer) RENAME TO engine_claim_due_jobs_away');
    let renamed = true;
    try {
      const marked = await deal('QUEUE mark stuck');
      const stuck = await until('a due job', async () => {
        const body = await queue();
        return body.due > 0 && body.oldestDue ? body : null;
      });
      expect(stuck.oldestDue).toMatchObject({ process: 'queue_mark', nodeId: 'mark', attempt: 1 });
      await new Promise((resolve) => setTimeout(resolve, 300));
      const later = await queue();
      expect(later.oldestDue?.runId).toBe(stuck.oldestDue?.runId);
      expect(later.oldestDue?.lateMs).toBeGreaterThanOrEqual((stuck.oldestDue?.lateMs ?? 0) + 250);
      const failures = later.process.workers.flatMap((w) => w.loops).reduce((sum, loop) => sum + loop.failures, 0);
      expect(failures).toBeGreaterThan(0);
      await rt.db.knex.raw('ALTER FUNCTION engine_claim_due_jobs_away(integer) RENAME TO engine_claim_due_jobs');
      renamed = false;
      expect((await runFor(rt, 'queue_mark', marked)).status).toBe('completed');
      const drained = await until('the queue drained', async () => {
        const body = await queue();
        return body.due === 0 ? body : null;
      });
      expect(drained.oldestDue).toBeNull();
    } finally {
      if (renamed) await rt.db.knex.raw('ALTER FUNCTION engine_claim_due_jobs_away(integer) RENAME TO engine_claim_due_jobs');
    }
  });

  it('lists every process’s runs by status and process, a page at a time, for admins only', async () => {
    const failing = await deal('QUEUE fail one');
    const failed = await runFor(rt, 'queue_fail', failing);
    expect(failed.status).toBe('failed');
    await runFor(rt, 'queue_fail', await deal('QUEUE fail two'));
    const list = async (query: string) => {
      const res = await rt.request<AdminRunPage>('GET', `/api/runs${query}`);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return res.body;
    };
    const failures = await list('?status=failed');
    expect(failures.data.length).toBeGreaterThanOrEqual(2);
    expect(failures.data.every((run) => run.status === 'failed')).toBe(true);
    // Newest first, each with its error whole.
    expect(failures.data[1]?.id).toBe(failed.id);
    expect(failures.data[1]?.error).toMatchObject({ nodeId: 'boom', message: expect.stringContaining('no stock for this deal') });
    const waiting = await list('?status=waiting&process=queue_pause');
    expect(waiting.data.map((run) => run.process)).toEqual(['queue_pause']);
    const all = await list('');
    expect([...new Set(all.data.map((run) => run.process))]).toEqual(expect.arrayContaining(['queue_mark', 'queue_pause', 'queue_fail']));
    const first = await list('?limit=1');
    expect(first.data).toHaveLength(1);
    expect(first.nextCursor).not.toBeNull();
    const second = await list(`?limit=1&cursor=${first.nextCursor}`);
    expect(second.data[0]?.id).not.toBe(first.data[0]?.id);
    const wrong = await rt.request<{ error: { details: Array<{ field: string }> } }>('GET', '/api/runs?status=broken');
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.details[0]?.field).toBe('status');
    expect((await rt.request('GET', '/api/runs', { token: rep.token })).status).toBe(403);
  });
});

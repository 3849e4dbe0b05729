import type { Edge, Node, Process } from '@crm/schemas';
import { ENGINE_CHANNEL, type EngineWorker } from '@crm/engine';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestRuntime, testDatabaseKinds, type TestRuntime } from '@crm/runtime/testing';
import { sleep, until } from './harness/api-client.js';
import { durabilityApp } from './harness/durability-app.js';
import { startSlowReceiver, type SlowReceiver } from './harness/slow-receiver.js';

/*
 * Issue 17 items 6 and 7: while an HTTP step waits on the outside world, the other workers stay
 * idle, and the step's lease covers its call, not the wait for it.
 *
 *   idle:   one worker's call is in flight (its job `ready`, leased): the other worker polls at its
 *           poll interval, it does not claim in a loop (it used to count the leased job as due now);
 *   batch:  two workers, each claiming several slow calls and making them one after another: no
 *           lease runs out mid-call, and no receiver is called twice for one key;
 *   stop:   a worker stopped while its call is in flight hands its lease back when its grace
 *           period runs out: the other worker calls at once (same key), not when the lease ends.
 *
 * In-process (two workers of one runtime, with their own ids, as two processes would have), on a
 * real database; the receivers are loopback servers that answer late.
 */

/** A worker's hold on an external step beyond the step's own time limit (the default is 30 s). */
const EXTERNAL_LEASE_MS = 400;
const POLL_MS = 200;

function hookProcess(name: string, url: string, timeoutMs: number): Process {
  const nodes: Node[] = [
    { id: 'call', type: 'http', config: { method: 'POST', url, body: { run: '{{$run.id}}' }, timeoutMs } },
    { id: 's2', type: 'create_record', config: { entity: 'ledger', values: { run: '{{$run.id}}', step: 's2' } } },
    { id: 'done', type: 'end', config: {} },
  ];
  const edges: Edge[] = [
    { from: 'trigger', to: 'call' },
    { from: 'call', to: 's2' },
    { from: 's2', to: 'done' },
  ];
  return { name, mode: 'after-save', trigger: { type: 'webhook', name }, nodes, edges };
}

describe.each(testDatabaseKinds())('external step leases on %s', (kind) => {
  let rt: TestRuntime;
  let receiver: SlowReceiver;
  let workers: EngineWorker[] = [];

  beforeAll(async () => {
    receiver = await startSlowReceiver();
    rt = await startTestRuntime(kind, {
      app: durabilityApp([
        hookProcess('lease_idle', receiver.url(1500), 3000),
        hookProcess('lease_batch', receiver.url(700), 2000),
        hookProcess('lease_stop', receiver.url(4000), 10_000),
      ]),
      engine: {
        engine: { externalLeaseMs: EXTERNAL_LEASE_MS },
        outboundAllowHosts: ['127.0.0.1'],
        // No schedule or date scans in the counted windows.
        triggers: { scheduleEveryMs: 60_000, dateScanEveryMs: 60_000 },
      },
    });
  });

  afterEach(async () => {
    await Promise.all(workers.map((worker) => worker.stop(0)));
    workers = [];
  });

  afterAll(async () => {
    await rt?.close();
    await receiver?.close();
  });

  async function startWorker(workerId: string, batchSize: number): Promise<EngineWorker> {
    const worker = rt.runtime.engine.engine.createWorker({
      workerId,
      batchSize,
      concurrency: 1,
      pollMs: POLL_MS,
      subscribe: (wake) => rt.db.listen(ENGINE_CHANNEL, wake),
    });
    await worker.start();
    workers.push(worker);
    return worker;
  }

  async function hook(name: string, key: string): Promise<string> {
    const res = await rt.request<{ runId: string }>('POST', `/api/hooks/${name}`, { body: {}, headers: { 'idempotency-key': key }, token: null });
    expect(res.status).toBe(202);
    return res.body.runId;
  }

  async function finished(runIds: readonly string[], timeoutMs = 30_000): Promise<string[]> {
    return until(
      'the runs to finish',
      async () => {
        const rows: Array<{ id: string; status: string }> = await rt.db.knex('process_runs').whereIn('id', [...runIds]).select('id', 'status');
        return rows.length === runIds.length && rows.every((row) => row.status === 'completed' || row.status === 'failed') ? runIds.map((id) => rows.find((row) => row.id === id)?.status ?? '') : null;
      },
      timeoutMs,
    );
  }

  async function ledgerRows(runIds: readonly string[]): Promise<Record<string, number>> {
    const rows: Array<{ run: string; n: string | number }> = await rt.db.knex('rec_ledger').whereIn('run', [...runIds]).groupBy('run').select('run').count({ n: '*' });
    return Object.fromEntries(rows.map((row) => [row.run, Number(row.n)]));
  }

  /** What the receiver and run_steps saw of a run (for a failure's message). */
  async function story(runId: string): Promise<string> {
    const steps = await rt.db.knex('run_steps').where({ run_id: runId }).orderBy('id').select('node_id', 'status', 'attempt', 'error', 'started_at', 'finished_at');
    const calls = receiver.calls.filter((call) => call.body.includes(runId));
    return JSON.stringify({ runId, steps, calls });
  }

  function callsOf(runId: string): Array<string | null> {
    return receiver.calls.filter((call) => call.body.includes(runId)).map((call) => call.key);
  }

  it('an idle worker polls at its interval while the other worker\'s HTTP call is in flight', async () => {
    await startWorker('idle-a', 8);
    await startWorker('idle-b', 8);
    const arrived = receiver.nextCall();
    const runId = await hook('lease_idle', 'idle-1');
    await arrived;
    // One worker waits on the receiver (1.5 s); count what reaches the database meanwhile.
    const statements: string[] = [];
    const listener = (event: { sql: string }): void => {
      statements.push(event.sql);
    };
    rt.db.knex.on('query', listener);
    const windowMs = 1200;
    await sleep(windowMs);
    rt.db.knex.removeListener('query', listener);
    const intervals = windowMs / POLL_MS;
    // The claim of whatever is due is the function engine_claim_due_jobs; a claim by id says SKIP LOCKED.
    const claims = statements.filter((sql) => sql.includes('engine_claim_due_jobs') || sql.includes('SKIP LOCKED')).length;
    // Before: the leased job counted as due, so the idle loop claimed (nothing) without sleeping, thousands of times.
    expect(claims, statements.join('\n')).toBeLessThanOrEqual(intervals + 2);
    // A poll is BEGIN, the claim, COMMIT and the next-due query; the busy worker may renew its lease now and then.
    expect(statements.length, statements.join('\n')).toBeLessThanOrEqual(6 * (intervals + 2));
    expect(await finished([runId])).toEqual(['completed']);
    expect(callsOf(runId)).toHaveLength(1);
    expect(callsOf(runId)[0]).toMatch(new RegExp(`^${runId}:call:`));
  }, 30_000);

  it('two workers claiming slow calls in batches call every receiver once: no lease runs out mid-call', async () => {
    await startWorker('batch-a', 8);
    await startWorker('batch-b', 8);
    // 16 calls of 0.7 s against a lease of 2 s + 0.4 s counted from the claim: a batch of four
    // called one after another used to lose the last ones' leases before or during their calls,
    // and the other worker called those receivers again. (2 s leaves a loaded machine room: a
    // call that timed out would be retried with its key, which is a second call too.)
    const runIds = await Promise.all(Array.from({ length: 16 }, (_, i) => hook('lease_batch', `batch-${i}`)));
    expect(await finished(runIds, 60_000)).toEqual(runIds.map(() => 'completed'));
    for (const runId of runIds) {
      // One call per attempt that called: a lease lost mid-call shows as a call more than the
      // attempts that finished (the loser's step is marked interrupted by the worker that took
      // over). A call that timed out on a loaded machine is an attempt of its own, retried with
      // the same key: at-least-once with one key is the HTTP step's guarantee.
      const called: Array<{ n: string | number }> = await rt.db.knex('run_steps').where({ run_id: runId, node_id: 'call' }).whereIn('status', ['completed', 'failed']).count({ n: '*' });
      expect(callsOf(runId).length, await story(runId)).toBe(Number(called[0]?.n ?? 0));
      expect(new Set(callsOf(runId)).size).toBe(1);
    }
    expect(await ledgerRows(runIds)).toEqual(Object.fromEntries(runIds.map((id) => [id, 1])));
  }, 90_000);

  it('a worker stopped past its grace period hands its lease back: the other worker calls at once, with the same key', async () => {
    const first = await startWorker('stop-a', 8);
    const arrived = receiver.nextCall();
    const runId = await hook('lease_stop', 'stop-1');
    const firstCall = await arrived;
    // The second worker starts while the first one's call is in flight (its lease: 10 s + 0.4 s).
    await startWorker('stop-b', 8);
    const takenOver = receiver.nextCall();
    const stoppedAt = Date.now();
    await first.stop(300);
    const secondCall = await takenOver;
    const tookMs = secondCall.at - stoppedAt;
    // Handed back at the end of the 300 ms grace period and NOTIFY'd: not when the lease runs out (10.4 s).
    expect(tookMs).toBeLessThan(2500);
    expect(firstCall.answeredAt).toBeNull(); // the first call was still in flight
    expect(secondCall.key).toBe(firstCall.key);
    expect(await finished([runId])).toEqual(['completed']);
    // The first worker's answer, when it comes, is not applied: the job is no longer its own.
    await until('the first call to be answered', async () => firstCall.answeredAt !== null, 10_000);
    await sleep(300);
    expect(await ledgerRows([runId])).toEqual({ [runId]: 1 });
    const steps: Array<{ status: string }> = await rt.db.knex('run_steps').where({ run_id: runId, node_id: 'call' }).orderBy('id').select('status');
    expect(steps.map((step) => step.status)).toEqual(['interrupted', 'completed']);
    // At least once with one key, the documented guarantee of an HTTP step (engine/README.md).
    expect(callsOf(runId)).toEqual([firstCall.key, firstCall.key]);
  }, 40_000);
});

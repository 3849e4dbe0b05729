import type { Process } from '@crm/schemas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countDriverStatements, startTestRuntime, testDatabaseKinds, type TestRuntime } from '@crm/runtime/testing';
import { durabilityApp } from './harness/durability-app.js';

/*
 * Issue 17 item 2: a worker advances a batch of jobs in one transaction and writes their runs'
 * steps, moves and state with one statement for the batch. A run that fails in the batch must not
 * roll back or hold up the others:
 *   - a step that fails (here a create refused by validation) is rolled back in its own savepoint
 *     and retried or parked by its decision, while the batch's other runs commit with it (in the
 *     same transaction: PostgreSQL's now() is the transaction's start, so their finished_at agree);
 *   - a job that fails outside its steps (here a run pinned to a definition version that is gone)
 *     rolls the batch back, and every job is tried again on its own: the others complete, the
 *     failing one is rescheduled as a new attempt, and nothing is written twice.
 * In-process, the processor driven directly so the batch is exactly the jobs made here; the
 * statements handed to the driver (BEGIN, COMMIT and savepoints included) are counted.
 */

const flow: Process = {
  name: 'batch_flow',
  mode: 'after-save',
  trigger: { type: 'webhook', name: 'batch_flow' },
  nodes: [
    { id: 'b1', type: 'create_record', config: { entity: 'ledger', values: { run: '{{$run.id}}', step: 'b1' } } },
    { id: 'bad', type: 'condition', config: { condition: { field: 'trigger.body.kind', op: 'eq', value: 'bad' } } },
    // The webhook's body has no title: the create is refused by validation when the step runs.
    { id: 'refused', type: 'create_record', config: { entity: 'order', values: { title: '{{trigger.body.title}}', amount: 1 } } },
    { id: 'b2', type: 'create_record', config: { entity: 'ledger', values: { run: '{{$run.id}}', step: 'b2' } } },
    { id: 'done', type: 'end', config: {} },
  ],
  edges: [
    { from: 'trigger', to: 'b1' },
    { from: 'b1', to: 'bad' },
    { from: 'bad', to: 'refused', handle: 'true' },
    { from: 'bad', to: 'b2', handle: 'false' },
    { from: 'refused', to: 'done' },
    { from: 'b2', to: 'done' },
  ],
};

interface RunRow {
  id: string;
  status: string;
  finished_at: Date | string | null;
}

describe.each(testDatabaseKinds())('a batch with a failing run on %s', (kind) => {
  let rt: TestRuntime;

  beforeAll(async () => {
    rt = await startTestRuntime(kind, { app: durabilityApp([flow]) });
  });
  afterAll(async () => {
    await rt?.close();
  });

  async function startRuns(kinds: string[]): Promise<string[]> {
    const ids: string[] = [];
    for (const [i, body] of kinds.entries()) {
      const res = await rt.request<{ runId: string }>('POST', '/api/hooks/batch_flow', { body: { kind: body }, headers: { 'idempotency-key': `${kind}-${Date.now()}-${i}` } });
      expect(res.status).toBe(202);
      ids.push(res.body.runId);
    }
    return ids;
  }

  const runsById = async (ids: string[]): Promise<Map<string, RunRow>> =>
    new Map((await rt.db.knex<RunRow>('process_runs').whereIn('id', ids).select('id', 'status', 'finished_at')).map((r) => [r.id, r]));

  const ledgerOf = async (ids: string[]): Promise<Array<{ run: string; step: string }>> => rt.db.knex('rec_ledger').whereIn('run', ids).select('run', 'step');

  it('a step that fails is rolled back alone; the others commit in the same transaction', async () => {
    // ARRANGE: six runs waiting for a worker, the fourth refused at its 'refused' step.
    const ids = await startRuns(['ok', 'ok', 'ok', 'bad', 'ok', 'ok']);
    const processor = rt.runtime.engine.engine.createProcessor('batch-test', 8);
    const counter = countDriverStatements(rt.db.knex);

    // ACT: one batch.
    let claimed: number;
    let sent: string[];
    try {
      claimed = await processor.processNext(8);
      sent = counter.take();
    } finally {
      counter.stop();
    }

    // ASSERT: all six were in the batch, one transaction.
    expect(claimed).toBe(6);
    expect(sent.filter((sql) => /^begin/i.test(sql.trim()))).toHaveLength(1);
    const runs = await runsById(ids);
    const good = ids.filter((_, i) => i !== 3).map((id) => runs.get(id));
    expect(good.map((r) => r?.status)).toEqual(['completed', 'completed', 'completed', 'completed', 'completed']);
    expect(new Set(good.map((r) => String(r?.finished_at))).size).toBe(1);
    expect(good[0]?.finished_at).not.toBeNull();
    // The refused run did not complete; its failed step is in its history and its first effect stays once.
    const badId = ids[3] ?? '';
    expect(runs.get(badId)?.status).not.toBe('completed');
    const refused = await rt.db.knex('run_steps').where({ run_id: badId, node_id: 'refused' }).first('status');
    expect(refused?.status).toBe('failed');
    const ledger = await ledgerOf(ids);
    expect(ledger.filter((row) => row.run === badId).map((row) => row.step)).toEqual(['b1']);
    expect(ledger).toHaveLength(5 * 2 + 1);
    // The engine's own statements on run state are four for the whole batch (the claim, the runs'
    // lock, their jobs, and one write of every run's steps, moves and state), not three or more per
    // run; the rest is each run's own effects (a ledger create: the step's savepoint and the
    // records service's, and its statement), plus reads the runtime caches (64 to 70 on 2026-12-05,
    // about 110 before: a savepoint per job and per condition step, and the run state per run).
    console.log(`[batch-isolation ${kind}] ${sent.length} statements for 6 runs (${(sent.length / 6).toFixed(1)} per run)`);
    const runState = sent.filter((sql) => /run_jobs|process_runs|run_steps/i.test(sql));
    expect(runState, runState.join('\n')).toHaveLength(4);
    expect(sent.length, sent.join('\n')).toBeLessThanOrEqual(80);
  });

  it('a job that fails outside its steps is retried alone; the rest of its batch completes once', async () => {
    // ARRANGE: five runs, the second pinned to a definition version that does not exist.
    const ids = await startRuns(['ok', 'ok', 'ok', 'ok', 'ok']);
    const brokenId = ids[1] ?? '';
    await rt.db.knex('process_runs').where({ id: brokenId }).update({ definition_version: 999_999 });
    const processor = rt.runtime.engine.engine.createProcessor('batch-test-2', 8);

    // ACT
    const claimed = await processor.processNext(8);

    // ASSERT: the four others completed, each step written once; the broken one waits for another attempt.
    expect(claimed).toBe(5);
    const runs = await runsById(ids);
    expect(ids.filter((id) => id !== brokenId).map((id) => runs.get(id)?.status)).toEqual(['completed', 'completed', 'completed', 'completed']);
    expect(runs.get(brokenId)?.status).toBe('running');
    const job = await rt.db.knex('run_jobs').where({ run_id: brokenId }).first('attempt', 'last_error', 'locked_by');
    expect(job?.attempt).toBe(2);
    expect(job?.last_error).not.toBeNull();
    expect(job?.locked_by).toBeNull();
    const ledger = await ledgerOf(ids);
    expect(ledger).toHaveLength(4 * 2);
    expect(new Set(ledger.map((row) => `${row.run}|${row.step}`)).size).toBe(ledger.length);
  });
});

import type { Process } from '@crm/schemas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countDriverStatements, startTestRuntime, testDatabaseKinds, type TestRuntime } from '@crm/runtime/testing';
import { durabilityApp } from './harness/durability-app.js';

/*
 * Issue 17 item 2: a worker advances a batch of jobs in one transaction and writes their runs'
 * steps, moves and state with one statement for the batch. A run that fails in the batch must not
 * roll back or hold up the others:
 *   - steps run without savepoints first; a step that fails (here a create refused by validation)
 *     rolls that try back, and the batch runs again with a savepoint per writing step, where the
 *     step is rolled back alone and retried or parked by its decision while the batch's other runs
 *     commit with it (in the same transaction: PostgreSQL's now() is the transaction's start, so
 *     their finished_at agree);
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
    // A task and a notification go in with their steps' rows, in the batch's one write (writeWithStep).
    { id: 'task', type: 'create_task', config: { title: 'Check {{$run.id}}', assignee: 'admin@example.com' } },
    { id: 'tell', type: 'notify', config: { to: ['admin@example.com'], message: 'Run {{$run.id}}' } },
    { id: 'bad', type: 'condition', config: { condition: { field: 'trigger.body.kind', op: 'eq', value: 'bad' } } },
    // The webhook's body has no title: the create is refused by validation when the step runs.
    { id: 'refused', type: 'create_record', config: { entity: 'order', values: { title: '{{trigger.body.title}}', amount: 1 } } },
    { id: 'b2', type: 'create_record', config: { entity: 'ledger', values: { run: '{{$run.id}}', step: 'b2' } } },
    { id: 'done', type: 'end', config: {} },
  ],
  edges: [
    { from: 'trigger', to: 'b1' },
    { from: 'b1', to: 'task' },
    { from: 'task', to: 'tell' },
    { from: 'tell', to: 'bad' },
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
  /** The runs' tasks and notifications, as `<run>|task` and `<run>|notification`, one entry per row. */
  const peopleWorkOf = async (ids: string[]): Promise<string[]> => [
    ...(await rt.db.knex('human_tasks').whereIn('run_id', ids).select('run_id')).map((row: { run_id: string }) => `${row.run_id}|task`),
    ...(await rt.db.knex('notifications').whereIn('run_id', ids).select('run_id')).map((row: { run_id: string }) => `${row.run_id}|notification`),
  ];
  const peopleWriteStatementsOf = (sent: string[]): string[] => sent.filter((sql) => /"?(human_tasks|notifications)"?/i.test(sql));

  /** The statements sent, split into transactions at each BEGIN. */
  const transactionsOf = (sent: string[]): string[][] => {
    const out: string[][] = [];
    for (const sql of sent) {
      if (/^begin/i.test(sql.trim()) || out.length === 0) out.push([]);
      out[out.length - 1]?.push(sql);
    }
    return out;
  };
  // The claim goes through engine_claim_due_jobs (a function over run_jobs), the rest names its table.
  const runStateOf = (sent: string[]): string[] => sent.filter((sql) => /run_jobs|process_runs|run_steps|engine_claim_due_jobs/i.test(sql));
  const savepointsOf = (sent: string[]): string[] => sent.filter((sql) => /^savepoint/i.test(sql.trim()));

  it('a batch whose steps all succeed runs them without savepoints, in one transaction', async () => {
    // ARRANGE: six runs waiting for a worker, none refused.
    const ids = await startRuns(['ok', 'ok', 'ok', 'ok', 'ok', 'ok']);
    const processor = rt.runtime.engine.engine.createProcessor('batch-test-ok', 8);
    const counter = countDriverStatements(rt.db.knex);

    // ACT: one batch.
    let sent: string[];
    try {
      expect(await processor.processNext(8)).toBe(6);
      sent = counter.take();
    } finally {
      counter.stop();
    }

    // ASSERT: one transaction, no savepoint (two writing steps a run: four round trips a run saved,
    // and the records service's own savepoint around each write, two more), every run completed once.
    const transactions = transactionsOf(sent);
    expect(transactions, sent.join('\n')).toHaveLength(1);
    expect(savepointsOf(sent), sent.join('\n')).toEqual([]);
    expect(runStateOf(sent), runStateOf(sent).join('\n')).toHaveLength(4);
    const runs = await runsById(ids);
    expect(ids.map((id) => runs.get(id)?.status)).toEqual(['completed', 'completed', 'completed', 'completed', 'completed', 'completed']);
    expect(await ledgerOf(ids)).toHaveLength(6 * 2);
    // Every run's task and notification went in with the batch's one write of steps, not alone.
    expect((await peopleWorkOf(ids)).sort()).toEqual(ids.flatMap((id) => [`${id}|notification`, `${id}|task`]).sort());
    const peopleWrites = peopleWriteStatementsOf(sent);
    expect(peopleWrites, peopleWrites.join('\n')).toHaveLength(1);
    expect(peopleWrites[0]).toMatch(/INSERT INTO run_steps/);
    // One multi-row INSERT per table for the six runs' rows (step-writes.store.ts).
    expect(peopleWrites[0]?.match(/insert into "human_tasks"/g)).toHaveLength(1);
    expect(peopleWrites[0]?.match(/insert into "notifications"/g)).toHaveLength(1);
    console.log(`[batch-isolation ${kind}] ${sent.length} statements for 6 runs that all succeed (${(sent.length / 6).toFixed(1)} per run)`);
    // 19 on 2026-12-06 (the twelve ledger creates, the claim, the locks, the jobs, the flush, BEGIN
    // and COMMIT); about 67 before, with a savepoint per writing step and per records write.
    expect(sent.length, sent.join('\n')).toBeLessThanOrEqual(24);
  });

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

    // ASSERT: all six were in the batch. Its first try, without savepoints, rolled back when the
    // refused step failed; the second ran the same six with a savepoint per writing step, in one
    // transaction that committed.
    expect(claimed).toBe(6);
    const transactions = transactionsOf(sent);
    expect(transactions, sent.join('\n')).toHaveLength(2);
    const [unguarded = [], guarded = []] = transactions;
    expect(unguarded.at(-1)?.trim(), unguarded.join('\n')).toMatch(/^rollback/i);
    expect(savepointsOf(unguarded)).toEqual([]);
    expect(guarded.at(-1)?.trim(), guarded.join('\n')).toMatch(/^commit/i);
    expect(savepointsOf(guarded).length).toBeGreaterThan(0);
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
    // The refused run's task and notification, made before the refused step, are there once, as
    // every other run's: the rolled-back first try left none behind, the second wrote each once.
    expect((await peopleWorkOf(ids)).sort()).toEqual(ids.flatMap((id) => [`${id}|notification`, `${id}|task`]).sort());
    // The engine's own statements on run state in the transaction that committed are four for the
    // whole batch (the claim of the same jobs, the runs' lock, their jobs, and one write of every
    // run's steps, moves and state), not three or more per run; the rest is each run's own effects
    // (a ledger create: the step's savepoint and its statement), plus reads the runtime caches.
    console.log(`[batch-isolation ${kind}] ${guarded.length} statements for 6 runs, one refused (${(guarded.length / 6).toFixed(1)} per run), after ${unguarded.length} rolled back`);
    expect(runStateOf(guarded), runStateOf(guarded).join('\n')).toHaveLength(4);
    expect(guarded.length, guarded.join('\n')).toBeLessThanOrEqual(80);
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
    expect((await peopleWorkOf(ids)).sort()).toEqual(ids.filter((id) => id !== brokenId).flatMap((id) => [`${id}|notification`, `${id}|task`]).sort());
  });
});

/*
 * The runs of a batch have their records read in one query before any of them runs. A run of the
 * batch that updates a record must not leave a later run about the same record with the copy read
 * before: here two processes start on every new order, the first sets its amount and the second
 * branches on it, and the second must see what the first set, as it did when each run read its
 * record as it began.
 */
const stampOrder: Process = {
  name: 'stamp_order',
  mode: 'after-save',
  trigger: { type: 'record', entity: 'order', on: ['create'] },
  nodes: [
    { id: 'stamp', type: 'update_record', config: { values: { amount: 7 } } },
    { id: 'done', type: 'end', config: {} },
  ],
  edges: [
    { from: 'trigger', to: 'stamp' },
    { from: 'stamp', to: 'done' },
  ],
};

const readOrder: Process = {
  name: 'read_order',
  mode: 'after-save',
  trigger: { type: 'record', entity: 'order', on: ['create'] },
  nodes: [
    { id: 'stamped', type: 'condition', config: { condition: { field: 'amount', op: 'eq', value: 7 } } },
    { id: 'seen', type: 'create_record', config: { entity: 'ledger', values: { run: '{{$run.id}}', step: 'seen', subject: '{{record.id}}' } } },
    { id: 'unseen', type: 'create_record', config: { entity: 'ledger', values: { run: '{{$run.id}}', step: 'unseen', subject: '{{record.id}}' } } },
    { id: 'done', type: 'end', config: {} },
  ],
  edges: [
    { from: 'trigger', to: 'stamped' },
    { from: 'stamped', to: 'seen', handle: 'true' },
    { from: 'stamped', to: 'unseen', handle: 'false' },
    { from: 'seen', to: 'done' },
    { from: 'unseen', to: 'done' },
  ],
};

describe.each(testDatabaseKinds())('records read for a batch on %s', (kind) => {
  let rt: TestRuntime;

  beforeAll(async () => {
    rt = await startTestRuntime(kind, { app: durabilityApp([stampOrder, readOrder]) });
  });
  afterAll(async () => {
    await rt?.close();
  });

  it('a run sees what an earlier run of its batch wrote to its record', async () => {
    // ARRANGE: three orders, each with a run of both processes waiting for a worker.
    const orders: string[] = [];
    for (const title of ['one', 'two', 'three']) {
      const res = await rt.request<{ id: string }>('POST', '/api/records/order', { body: { title } });
      expect(res.status).toBe(201);
      orders.push(res.body.id);
    }
    const jobs = await rt.db.knex('run_jobs').join('process_runs', 'process_runs.id', 'run_jobs.run_id').whereIn('process_runs.record_id', orders).orderBy([{ column: 'run_jobs.due_at' }, { column: 'run_jobs.id' }]).select('process_runs.process', 'process_runs.record_id');
    // The claim takes them in this order: for each order the stamp runs before the read.
    expect(jobs.map((j: { process: string }) => j.process)).toEqual(['stamp_order', 'read_order', 'stamp_order', 'read_order', 'stamp_order', 'read_order']);
    const statements = countDriverStatements(rt.db.knex);

    // ACT: one batch of all six.
    let sent: string[];
    try {
      expect(await rt.runtime.engine.engine.createProcessor('batch-subjects', 8).processNext(8)).toBe(6);
      sent = statements.take();
    } finally {
      statements.stop();
    }

    // ASSERT: the three orders were read in one query, and every read run saw the amount set.
    expect(sent.filter((sql) => /from "rec_order" where "id" in/i.test(sql)), sent.join('\n')).toHaveLength(1);
    // Each stamp was sent on the copy its run read (WriteOptions.readCopy): no order was read again locked.
    expect(sent.filter((sql) => /from "rec_order"/i.test(sql) && /for update/i.test(sql)), sent.join('\n')).toEqual([]);
    const seen = await rt.db.knex('rec_ledger').whereIn('subject', orders).select('subject', 'step');
    expect(seen.map((row: { step: string }) => row.step)).toEqual(['seen', 'seen', 'seen']);
    expect(await rt.db.knex('rec_order').whereIn('id', orders).pluck('amount')).toEqual([7, 7, 7]);
  });
});

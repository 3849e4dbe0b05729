import type { Knex } from 'knex';
import { announceWork } from './job-signal.store.js';

/*
 * The statements behind the admin's levers on a run (runs/run-admin.service.ts decides when each
 * applies): parked jobs made ready again with a fresh budget, the run reopened; or the run
 * cancelled with its jobs and open tasks.
 */

/**
 * The run's parked jobs become due now, with a fresh budget of attempts whose numbers go on (5
 * failed, the retry is attempt 6). Answers how many there were.
 */
export async function readyParkedJobs(trx: Knex, runId: string): Promise<number> {
  return trx('run_jobs').where({ run_id: runId, status: 'parked' }).update({
    status: 'ready',
    // Both read the row as it was: the new budget starts after the attempts made so far.
    attempt: trx.raw('attempt + 1'),
    attempt_base: trx.raw('attempt'),
    due_at: trx.fn.now(),
    locked_by: null,
    locked_until: null,
  });
}

/**
 * Failed runs an admin's retry can pick up again (those with a parked job; a run that ended at a
 * failed end node has none), oldest first, at most `limit`. Through process_runs' (status,
 * created_at, id) index, with the parked job looked up per run.
 */
export async function retryableFailedRunIds(db: Knex, query: { process?: string; limit: number }): Promise<string[]> {
  const q = db('process_runs as r')
    .select('r.id')
    .where('r.status', 'failed')
    .whereExists((sub) => sub.select(db.raw('1')).from('run_jobs as j').whereRaw('j.run_id = r.id').andWhere('j.status', 'parked'));
  if (query.process) q.andWhere('r.process', query.process);
  const rows: Array<{ id: string }> = await q.orderBy([{ column: 'r.created_at' }, { column: 'r.id' }]).limit(query.limit);
  return rows.map((row) => row.id);
}

/** The run is running again (its error cleared); workers are told once the transaction commits. */
export async function reopenRun(trx: Knex, runId: string): Promise<void> {
  await trx('process_runs').where({ id: runId }).update({ status: 'running', error: null, finished_at: null, updated_at: trx.fn.now() });
  await announceWork(trx);
}

/** The run is cancelled: its jobs are removed and its open tasks closed. */
export async function cancelRunRows(trx: Knex, runId: string): Promise<void> {
  await trx('run_jobs').where({ run_id: runId }).delete();
  await trx('human_tasks').where({ run_id: runId, status: 'open' }).update({ status: 'cancelled' });
  await trx('process_runs').where({ id: runId }).update({ status: 'cancelled', finished_at: trx.fn.now(), updated_at: trx.fn.now() });
}

import type { Knex } from 'knex';
import type { JsonObject } from '../json.types.js';
import type { JobRow, RunRow, RunStatus } from './run-rows.types.js';

/*
 * The worker's statements on run state (run_jobs, process_runs): the claim, the run a job
 * belongs to, and the outcome of a job whose transaction failed. Kept here so the worker and the
 * session decide and this module only writes.
 */

/**
 * What makes a job claimable: due, of a live run, not leased to another worker. The claim of
 * whatever is due is the SQL function engine_claim_due_jobs (migration 0111), which holds its own
 * frozen copy of these conditions; claim-conditions.test.ts fails when the two differ, since a
 * change here needs a migration that replaces the function.
 */
export const CLAIMABLE_JOB_CONDITIONS = `j.status IN ('ready', 'waiting') AND j.due_at <= now()
    AND (j.locked_until IS NULL OR j.locked_until < now())
    AND EXISTS (SELECT 1 FROM process_runs r WHERE r.id = j.run_id AND r.status IN ('running', 'waiting'))`;

/** The claim of given jobs (looked up by id, so any plan is quick): those of them that are claimable. */
const claimSql = (ids: number): string => `
  SELECT j.* FROM run_jobs j
  WHERE ${CLAIMABLE_JOB_CONDITIONS}
    AND j.id IN (${Array.from({ length: ids }, () => '?').join(', ')})
  ORDER BY j.due_at, j.id
  LIMIT ?
  FOR UPDATE OF j SKIP LOCKED`;

/**
 * Up to `batch` due jobs of live runs, locked for this transaction; jobs another worker holds are
 * skipped: CLAIMABLE_JOB_CONDITIONS, in a function that keeps the planner on the due index
 * whatever the statistics say (migration 0111_engine_claim_function).
 */
export async function claimDueJobs(trx: Knex, batch: number): Promise<JobRow[]> {
  const result: { rows: JobRow[] } = await trx.raw('SELECT * FROM engine_claim_due_jobs(?)', [batch]);
  return result.rows;
}

/** Those of these jobs that are still due and held by no other worker, locked (a batch claimed again). */
export async function claimDueJobsById(trx: Knex, jobIds: readonly number[]): Promise<JobRow[]> {
  if (jobIds.length === 0) return [];
  const result: { rows: JobRow[] } = await trx.raw(claimSql(jobIds.length), [...jobIds, jobIds.length]);
  return result.rows;
}

/** This job, if it is still due and no other worker holds it (the claim query for one job), locked. */
export async function claimDueJob(trx: Knex, jobId: number): Promise<JobRow | undefined> {
  const result: { rows: JobRow[] } = await trx.raw(claimSql(1), [jobId, 1]);
  return result.rows[0];
}

/** The run a job belongs to, locked for this transaction. */
export async function lockRun(trx: Knex, runId: string): Promise<RunRow | undefined> {
  return trx<RunRow>('process_runs').where({ id: runId }).forUpdate().first();
}

/**
 * A batch's runs, locked for this transaction in id order (two batches that share runs wait for
 * each other in one order, never crosswise), in one statement.
 */
export async function lockRuns(trx: Knex, runIds: readonly string[]): Promise<Map<string, RunRow>> {
  if (runIds.length === 0) return new Map();
  const rows: RunRow[] = await trx<RunRow>('process_runs').whereIn('id', [...runIds]).orderBy('id').forUpdate();
  return new Map(rows.map((row) => [row.id, row]));
}

/**
 * The live jobs of these runs, read after their runs are locked (a worker that held a run's lock
 * may have changed its jobs meanwhile), in one statement.
 */
export async function jobsOfRuns(trx: Knex, runIds: readonly string[]): Promise<Array<Pick<JobRow, 'id' | 'run_id' | 'token' | 'status'>>> {
  if (runIds.length === 0) return [];
  return trx<JobRow>('run_jobs').whereIn('run_id', [...runIds]).select('id', 'run_id', 'token', 'status');
}

/** The run's live jobs other than `jobId`: their tokens, and whether any is ready. */
export async function otherJobsOf(trx: Knex, runId: string, jobId: number): Promise<Array<Pick<JobRow, 'token' | 'status'>>> {
  return trx<JobRow>('run_jobs').where({ run_id: runId }).whereNot({ id: jobId }).select('token', 'status');
}

/** The run's status now, unlocked; none when the run is gone. */
export async function runStatusOf(db: Knex, runId: string): Promise<RunStatus | undefined> {
  const row: Pick<RunRow, 'status'> | undefined = await db<RunRow>('process_runs').where({ id: runId }).first('status');
  return row?.status;
}

/** A run still advancing (running, or waiting for a timer, a signal or a person). */
export function isLive(status: RunStatus | undefined): boolean {
  return status === 'running' || status === 'waiting';
}

/** The definition a run is pinned to. */
export async function runPinOf(db: Knex, runId: string): Promise<Pick<RunRow, 'process' | 'definition_version'> | undefined> {
  return db('process_runs').where({ id: runId }).first('process', 'definition_version');
}

/** This attempt of the job, locked; none when it moved on or another worker holds it. */
export async function lockJobAttempt(trx: Knex, jobId: number, attempt: number): Promise<JobRow | undefined> {
  const result: { rows: JobRow[] } = await trx.raw('SELECT * FROM run_jobs WHERE id = ? AND attempt = ? FOR UPDATE SKIP LOCKED', [jobId, attempt]);
  return result.rows[0];
}

/** The job is tried again after `delayMs`, as attempt `attempt`, by whichever worker claims it. */
export async function rescheduleJob(trx: Knex, jobId: number, retry: { attempt: number; delayMs: number; lastError: JsonObject }): Promise<void> {
  await trx('run_jobs')
    .where({ id: jobId })
    .update({
      attempt: retry.attempt,
      due_at: trx.raw(`now() + (? || ' milliseconds')::interval`, [String(retry.delayMs)]),
      last_error: JSON.stringify(retry.lastError),
      locked_by: null,
      locked_until: null,
    });
}

/** The job parks and its run fails with `runError`, until an admin retries it. */
export async function parkJobAndFailRun(trx: Knex, job: Pick<JobRow, 'id' | 'run_id'>, lastError: JsonObject, runError: JsonObject): Promise<void> {
  await trx('run_jobs').where({ id: job.id }).update({ status: 'parked', last_error: JSON.stringify(lastError), locked_by: null, locked_until: null });
  await trx('process_runs').where({ id: job.run_id }).update({ status: 'failed', error: JSON.stringify(runError), updated_at: trx.fn.now() });
}

import type { Knex } from 'knex';
import type { JsonObject } from '../json.types.js';

/*
 * The statements that wake waiting jobs (run_jobs with status waiting): a decided task, a finished
 * child run, a saved record the wait depends on. Callers decide which job and why; the job becomes
 * due and resumes with the signal when a worker claims it.
 */

/** The channel workers LISTEN on; a NOTIFY on it says there may be work. */
export const ENGINE_CHANNEL = 'crm_engine';

/** A run's job by its token, locked (an approval's job is locked before its task, as a worker resuming it does). */
export async function lockJobOfToken(trx: Knex, runId: string, token: string): Promise<{ id: number; state: unknown } | undefined> {
  return trx('run_jobs').where({ run_id: runId, token }).forUpdate().first('id', 'state');
}

/** Makes the run's job with this token due now if it is waiting, with the signal it resumes with. */
export async function signalWaitingJob(db: Knex, target: { runId: string; token: string }, signal: JsonObject): Promise<void> {
  await db('run_jobs')
    .where({ run_id: target.runId, token: target.token, status: 'waiting' })
    .update({ due_at: db.fn.now(), signal: JSON.stringify(signal) });
}

/** A job waiting on a record, as its lock returned it. */
export interface LockedWait {
  id: number;
  state: unknown;
}

/**
 * The query that locks the jobs waiting on this record, not sent: a record's update sends it inside
 * its own statement (the runtime's record event seam) and hands the rows back. Jobs a worker holds
 * right now are skipped (it resumes them anyway).
 */
export function recordWaitsLockQuery(db: Knex, entity: string, recordId: string): Knex.Raw {
  return db.raw(`SELECT id, state FROM run_jobs WHERE wait_entity = ? AND wait_record_id = ? AND status = 'waiting' FOR UPDATE SKIP LOCKED`, [entity, recordId]);
}

/** Jobs waiting on this record, locked (recordWaitsLockQuery sent on its own). */
export async function lockRecordWaits(db: Knex, entity: string, recordId: string): Promise<LockedWait[]> {
  const result: { rows: LockedWait[] } = await recordWaitsLockQuery(db, entity, recordId);
  return result.rows;
}

/** The rows of recordWaitsLockQuery as they come back through JSON (json_agg), or null if they are not those. */
export function lockedWaitsOf(rows: unknown): LockedWait[] | null {
  if (!Array.isArray(rows)) return null;
  const waits: LockedWait[] = [];
  for (const row of rows) {
    if (typeof row !== 'object' || row === null) return null;
    const { id, state } = row as { id?: unknown; state?: unknown };
    if (typeof id !== 'number' && typeof id !== 'string') return null;
    waits.push({ id: Number(id), state: state ?? null });
  }
  return waits;
}

/**
 * Jobs waiting on any of `from` now wait on `to` instead: records merged into a survivor (the merge
 * runs this in its transaction), so a run waiting for a change of a merged record hears the
 * survivor's. Returns how many jobs moved.
 */
export async function moveRecordWaits(db: Knex, entity: string, from: readonly string[], to: string): Promise<number> {
  if (from.length === 0) return 0;
  return db('run_jobs').where('wait_entity', entity).whereIn('wait_record_id', [...from]).update({ wait_record_id: to });
}

/** The waiting job is due now, resuming with `signal`. */
export async function makeJobDue(db: Knex, jobId: number, signal: JsonObject): Promise<void> {
  await db('run_jobs').where({ id: jobId }).update({ due_at: db.fn.now(), signal: JSON.stringify(signal) });
}

/** The waiting job's due time moves (none: it waits for a signal only). */
export async function retimeJob(db: Knex, jobId: number, due: Date | null): Promise<void> {
  await db('run_jobs').where({ id: jobId }).update({ due_at: due?.toISOString() ?? null });
}

/** Tells the workers of every process there is work; PostgreSQL delivers it when the transaction commits. */
export async function announceWork(db: Knex): Promise<void> {
  await db.raw('SELECT pg_notify(?, ?)', [ENGINE_CHANNEL, 'jobs']);
}

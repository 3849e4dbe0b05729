import type { Knex } from 'knex';
import { ENGINE_CHANNEL } from './session.flusher.js';

/*
 * A worker's lease on an external (HTTP, script) job: run_jobs.locked_by + locked_until, set when
 * the job is claimed (job.processor.ts) and checked by the claim query. These statements renew it
 * while the call is live, hand it back when the worker gives up, and tell an idle worker when the
 * claim query can next take anything, leased jobs included.
 */

/**
 * The earliest moment the claim query could take a job: a job's due time, or its lease's end when
 * another worker holds it. A leased `ready` job counted as due at its due_at made every idle loop
 * sleep 0 ms and claim again (nothing), thousands of times a second, for as long as a call was in
 * flight. Both halves walk the run_jobs_due index in due order: the first job not leased, and the
 * leased ones due before it (nothing due after it can be claimable sooner).
 */
export async function nextClaimableAt(db: Knex): Promise<Date | null> {
  const result: { rows: Array<{ due: Date | string | null }> } = await db.raw(
    `WITH free AS (
       SELECT due_at FROM run_jobs
        WHERE status IN ('ready', 'waiting') AND due_at IS NOT NULL AND (locked_until IS NULL OR locked_until < now())
        ORDER BY due_at, id LIMIT 1)
     SELECT LEAST(
       (SELECT due_at FROM free),
       (SELECT min(GREATEST(due_at, locked_until)) FROM run_jobs
         WHERE status IN ('ready', 'waiting') AND due_at IS NOT NULL AND locked_until >= now()
           AND due_at <= COALESCE((SELECT due_at FROM free), 'infinity'))) AS due`,
  );
  const due = result.rows[0]?.due;
  return due ? new Date(due) : null;
}

/**
 * Sets the job's lease to `leaseMs` from now if this worker still holds it for this attempt's step;
 * false when another worker took the job over (or the lease was handed back).
 */
export async function renewLease(db: Knex, lease: { jobId: number; stepId: number; workerId: string; leaseMs: number }): Promise<boolean> {
  const updated = await db('run_jobs')
    .where({ id: lease.jobId, locked_by: lease.workerId, step_id: lease.stepId })
    .update({ locked_until: db.raw(`now() + (? || ' milliseconds')::interval`, [String(lease.leaseMs)]) });
  return Number(updated) > 0;
}

/**
 * Hands the leases of these jobs back (only those this worker still holds) and wakes the workers
 * of every process, so another takes the jobs over now instead of when the leases would have run
 * out. Answers how many were handed back.
 */
export async function releaseLeases(db: Knex, jobIds: readonly number[], workerId: string): Promise<number> {
  if (jobIds.length === 0) return 0;
  return db.transaction(async (trx) => {
    const released = Number(await trx('run_jobs').whereIn('id', [...jobIds]).andWhere({ locked_by: workerId }).update({ locked_by: null, locked_until: null }));
    if (released > 0) await trx.raw('SELECT pg_notify(?, ?)', [ENGINE_CHANNEL, 'jobs']);
    return released;
  });
}

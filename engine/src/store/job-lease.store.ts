import type { Knex } from 'knex';
import type { JobRow } from './run-rows.types.js';
import { announceWork } from './job-signal.store.js';

/*
 * A worker's lease on an external (HTTP, script) job: run_jobs.locked_by + locked_until, set when
 * the job is claimed (job.processor.ts) and checked by the claim query. These statements renew it
 * while the call is live, hand it back when the worker gives up, and tell an idle worker when the
 * claim query can next take anything, leased jobs included.
 */

/**
 * Takes the job for one attempt of its external work, in the claim's transaction: the attempt an
 * earlier worker left running is marked interrupted, this one is recorded running, and the job is
 * leased to this worker for `leaseMs`. Answers the running step's id.
 */
export async function leaseExternalAttempt(
  trx: Knex,
  job: Pick<JobRow, 'id' | 'run_id' | 'node_id' | 'token' | 'attempt' | 'step_id'>,
  attempt: { nodeType: string; workerId: string; leaseMs: number; startedAt: Date },
): Promise<number> {
  if (job.step_id !== null) {
    await trx('run_steps').where({ id: job.step_id, status: 'running' }).update({ status: 'interrupted', finished_at: trx.fn.now() });
  }
  const [step]: Array<{ id: number }> = await trx('run_steps')
    .insert({ run_id: job.run_id, node_id: job.node_id, node_type: attempt.nodeType, token: job.token, attempt: job.attempt, status: 'running', started_at: attempt.startedAt.toISOString() })
    .returning('id');
  const stepId = Number(step?.id);
  await trx('run_jobs')
    .where({ id: job.id })
    .update({ locked_by: attempt.workerId, locked_until: trx.raw(`now() + (? || ' milliseconds')::interval`, [String(attempt.leaseMs)]), step_id: stepId });
  return stepId;
}

/** The job, locked, if this worker still holds it (its lease did not run out and get taken over). */
export async function lockJobHeldBy(trx: Knex, jobId: number, workerId: string): Promise<JobRow | undefined> {
  return trx<JobRow>('run_jobs').where({ id: jobId, locked_by: workerId }).forUpdate().first();
}

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
    if (released > 0) await announceWork(trx);
    return released;
  });
}

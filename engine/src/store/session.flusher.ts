import type { Knex } from 'knex';
import type { SessionChanges, SessionJob } from '../run/run-state.types.js';
import { announceWork, signalWaitingJob } from './job-signal.store.js';
import { encodeRunContext } from './run-context.codec.js';
import type { RunStatus } from './run-rows.types.js';

/*
 * Writes what a session changed, in its transaction: consumed jobs deleted (before new ones are
 * inserted, since a token may be reused), changed jobs updated, new jobs inserted, the run row
 * updated. A finished child run wakes its waiting parent. Ready work announces itself with
 * NOTIFY, which PostgreSQL delivers only when the transaction commits.
 */

function jobColumns(job: SessionJob) {
  return {
    status: job.status,
    due_at: job.dueAt?.toISOString() ?? null,
    attempt: job.attempt,
    step_id: job.stepId,
    state: job.state === null ? null : JSON.stringify(job.state),
    signal: job.signal === null ? null : JSON.stringify(job.signal),
    wait_entity: job.waitOn?.entity ?? null,
    wait_record_id: job.waitOn?.recordId ?? null,
    last_error: job.lastError === null ? null : JSON.stringify(job.lastError),
    locked_by: null,
    locked_until: null,
  };
}

function isTerminal(status: RunStatus): boolean {
  return status === 'completed' || status === 'failed' || status === 'cancelled';
}

export interface FlushResult {
  status: RunStatus;
  /** Some job is ready now or later: a worker should look. */
  announced: boolean;
}

export async function flushSession(db: Knex, session: SessionChanges, otherReady: boolean): Promise<FlushResult> {
  const run = session.run;
  await session.flushSteps(db);
  if (session.consumed.length > 0) await db('run_jobs').whereIn('id', session.consumed).delete();
  const inserts: Array<Record<string, unknown>> = [];
  let announced = false;
  for (const token of session.dirty) {
    const job = session.jobs.get(token);
    if (!job) continue;
    const columns = jobColumns(job);
    if (job.status === 'ready' || (job.status === 'waiting' && job.dueAt !== null)) announced = true;
    if (job.dbId !== null) await db('run_jobs').where({ id: job.dbId }).update(columns);
    else inserts.push({ run_id: run.id, node_id: job.nodeId, token: job.token, ...columns });
  }
  if (inserts.length > 0) await db('run_jobs').insert(inserts);

  const anyReady = otherReady || [...session.jobs.values()].some((j) => j.status === 'ready');
  const status: RunStatus = isTerminal(run.status) ? run.status : anyReady ? 'running' : 'waiting';
  run.status = status;
  await db('process_runs')
    .where({ id: run.id })
    .update({
      status,
      context: JSON.stringify(encodeRunContext(run.context)),
      error: run.error === null ? null : JSON.stringify(run.error),
      updated_at: db.fn.now(),
      finished_at: isTerminal(status) ? db.fn.now() : null,
    });
  if (isTerminal(status) && run.parent && status !== 'cancelled') {
    await signalWaitingJob(db, run.parent, { type: 'child', runId: run.id, status, output: run.context.result });
    announced = true;
  }
  if (announced) await announceWork(db);
  return { status, announced };
}

import type { JsonObject } from '../json.types.js';
import { failedRunError } from '../run/run-failure.js';
import type { SessionJob, SessionRun } from '../run/run-state.types.js';
import type { StepFailure } from '../run/step-failure.js';

/*
 * What a step does to the session's jobs, in memory; the store writes them when the session is
 * flushed (store/session.flusher.ts). A finished job is consumed, a waiting one keeps its state and
 * due time, a failed one comes back later or parks. Whether it retries or parks, and the run's
 * error, are decided in run/ (retry-decision.ts, run-failure.ts); these only apply the decision.
 */

/** The session's jobs and the run they belong to. */
export interface SessionJobs {
  readonly run: SessionRun;
  readonly jobs: Map<string, SessionJob>;
  /** Tokens whose job is new or changed. */
  readonly dirty: Set<string>;
  /** Stored jobs that are done (deleted at flush). */
  readonly consumed: number[];
}

/** The job's token moved on (or ended): the job is done. */
export function consumeJob(session: SessionJobs, job: SessionJob): void {
  session.jobs.delete(job.token);
  session.dirty.delete(job.token);
  if (job.dbId !== null) session.consumed.push(job.dbId);
}

/** The job waits, for a timer (`dueAt`), a signal, or a record (`waitOn`), with the step that waits. */
export function holdWaitingJob(
  session: SessionJobs,
  job: SessionJob,
  wait: { state: JsonObject; dueAt: Date | null; waitOn: SessionJob['waitOn']; stepId: number | null },
): void {
  job.status = 'waiting';
  job.state = wait.state;
  job.dueAt = wait.dueAt;
  job.waitOn = wait.waitOn;
  job.signal = null;
  job.stepId = wait.stepId;
  job.lastError = null;
  session.dirty.add(job.token);
}

/** The job is tried again at `dueAt` as `attempt` (a waiting job resumes again; any other runs again). */
export function retryJobLater(session: SessionJobs, job: SessionJob, retry: { attempt: number; dueAt: Date }, failure: StepFailure): void {
  job.status = job.status === 'waiting' ? 'waiting' : 'ready';
  job.attempt = retry.attempt;
  job.dueAt = retry.dueAt;
  job.lastError = failure.toJSON();
  session.jobs.set(job.token, job);
  session.dirty.add(job.token);
}

/** The step failed for good: the job parks and the run fails, visible, until an admin retries it. */
export function parkJob(session: SessionJobs, job: SessionJob, failure: StepFailure): void {
  job.status = 'parked';
  job.lastError = failure.toJSON();
  session.jobs.set(job.token, job);
  session.dirty.add(job.token);
  session.run.status = 'failed';
  session.run.error = failedRunError(failure, job.nodeId, job.attempt);
}

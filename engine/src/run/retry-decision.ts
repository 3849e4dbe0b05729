import type { RunMode } from '../nodes/node-type.js';
import { nextRetryDelayMs, type RetryPlan } from './node-limits.policy.js';
import { retryDelayMs } from './retry-delay.js';

/*
 * Retry or park, decided once for a step that failed inside its session (run-session.ts) and for
 * a job whose whole transaction failed (job.processor.ts). A failure that does not count (the
 * database went away, not the step) is the same attempt again after the wait this attempt would
 * have had: a database restart must not use up a run's budget and park it as failed.
 */

export interface FailedAttempt {
  /** The attempt that failed. */
  attempt: number;
  /** Attempts made before the current budget (an admin retry starts a new one). */
  attemptBase: number;
  /** The step may succeed if tried again (a timeout, a 5xx, a lost connection). */
  retryable: boolean;
  /** The failure uses up an attempt (false: infrastructure, not the step). */
  counts: boolean;
}

export type RetryDecision = { kind: 'retry'; delayMs: number; attempt: number } | { kind: 'park' };

export function retryOrPark(plan: RetryPlan, failed: FailedAttempt, random?: () => number): RetryDecision {
  if (!failed.retryable) return { kind: 'park' };
  if (!failed.counts) {
    const delayMs = retryDelayMs(Math.max(1, failed.attempt - failed.attemptBase), plan.firstDelayMs, plan.maxDelayMs, random);
    return { kind: 'retry', delayMs, attempt: failed.attempt };
  }
  const delayMs = nextRetryDelayMs(plan, failed.attempt, failed.attemptBase, random);
  return delayMs === null ? { kind: 'park' } : { kind: 'retry', delayMs, attempt: failed.attempt + 1 };
}

/** What a failed step does to its run: refuse the save it is part of, end the run, or retry or park. */
export type FailedStepOutcome = { kind: 'refuse-save' } | { kind: 'end-run' } | RetryDecision;

/**
 * A step that failed inside its session, by the run's mode: a before-save run is part of a save, so
 * the save is refused (the caller learns which process and node); a simulation does not retry, it
 * ends failed at once; an after-save run retries or parks.
 */
export function failedStepOutcome(mode: RunMode, plan: RetryPlan, failed: FailedAttempt, random?: () => number): FailedStepOutcome {
  if (mode === 'before-save') return { kind: 'refuse-save' };
  if (mode === 'simulate') return { kind: 'end-run' };
  return retryOrPark(plan, failed, random);
}

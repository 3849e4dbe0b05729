/*
 * When a failed attempt is tried again: exponential backoff (base, 2 x base, 4 x base, ... capped)
 * with "equal jitter" (a random point in the upper half of the step), so receivers that failed
 * together are not hit again all at the same moment, yet every wait still grows.
 */

export interface RetrySchedule {
  baseMs: number;
  capMs: number;
}

export const DEFAULT_RETRY: RetrySchedule = { baseMs: 10_000, capMs: 6 * 60 * 60 * 1000 };

/** The wait after attempt number `attempt` (1 = the first attempt) failed; `random` in [0, 1). */
export function retryDelayMs(attempt: number, schedule: RetrySchedule, random: () => number = Math.random): number {
  const step = Math.min(schedule.capMs, schedule.baseMs * 2 ** Math.max(0, attempt - 1));
  const half = step / 2;
  return Math.round(half + half * Math.min(Math.max(random(), 0), 1));
}

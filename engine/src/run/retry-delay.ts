/**
 * How long to wait before attempt `attempt + 1` after `attempt` failed: exponential backoff with
 * full jitter (AWS architecture blog), so a crowd of failing steps does not retry in lockstep.
 * `random` is injectable for tests.
 */
export function retryDelayMs(attempt: number, baseMs: number, maxMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  // Never less than half the ceiling, so a retry is not immediate.
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

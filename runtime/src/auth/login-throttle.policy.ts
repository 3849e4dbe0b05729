/*
 * Login throttling as pure decisions over a counter, so the rules are tested without a database.
 * Every attempt reserves a slot BEFORE the password is checked (parallel guesses cannot slip past
 * the limit while the slow hash runs); a success gives the slot back. Past the limit the key is
 * locked, for longer each time it is locked again (1x, 2x, 4x ... the base, up to the maximum).
 */

export interface ThrottleRule {
  /** Attempts allowed in one window before the key locks. */
  maxFailures: number;
  windowMs: number;
  baseLockMs: number;
  maxLockMs: number;
}

export interface ThrottleState {
  failures: number;
  windowStartedAt: number | null;
  lockedUntil: number | null;
  lockouts: number;
}

export type ThrottleVerdict = { allowed: true } | { allowed: false; retryAfterMs: number };

/** Per account (the email tried, whether or not it exists): few tries, since a person knows their password. */
export const ACCOUNT_RULE: ThrottleRule = { maxFailures: 5, windowMs: 15 * 60_000, baseLockMs: 60_000, maxLockMs: 15 * 60_000 };

/** Per client address: more tries (people behind one NAT), a longer lock; stops spraying across accounts. */
export const ADDRESS_RULE: ThrottleRule = { maxFailures: 20, windowMs: 15 * 60_000, baseLockMs: 5 * 60_000, maxLockMs: 60 * 60_000 };

export const EMPTY_THROTTLE_STATE: ThrottleState = { failures: 0, windowStartedAt: null, lockedUntil: null, lockouts: 0 };

export function lockDurationMs(rule: ThrottleRule, lockouts: number): number {
  return Math.min(rule.baseLockMs * 2 ** Math.min(lockouts, 30), rule.maxLockMs);
}

/** Decides an attempt and returns the counter as it must be stored afterwards. */
export function reserveAttempt(state: ThrottleState, now: number, rule: ThrottleRule): { state: ThrottleState; verdict: ThrottleVerdict } {
  if (state.lockedUntil !== null && state.lockedUntil > now) {
    return { state, verdict: { allowed: false, retryAfterMs: state.lockedUntil - now } };
  }
  let current = state;
  if (current.lockedUntil !== null) {
    // The lock ran out: a new window, but the next lock is longer.
    current = { failures: 0, windowStartedAt: now, lockedUntil: null, lockouts: current.lockouts };
  } else if (current.windowStartedAt === null || now - current.windowStartedAt >= rule.windowMs) {
    // A whole window without a lock: forget earlier lockouts too.
    current = { failures: 0, windowStartedAt: now, lockedUntil: null, lockouts: 0 };
  }
  if (current.failures >= rule.maxFailures) {
    const lockMs = lockDurationMs(rule, current.lockouts);
    return {
      state: { ...current, lockedUntil: now + lockMs, lockouts: current.lockouts + 1 },
      verdict: { allowed: false, retryAfterMs: lockMs },
    };
  }
  return { state: { ...current, failures: current.failures + 1 }, verdict: { allowed: true } };
}

/** A successful sign-in hands its reserved slot back (the account's counter is reset separately). */
export function releaseAttempt(state: ThrottleState): ThrottleState {
  return { ...state, failures: Math.max(0, state.failures - 1) };
}

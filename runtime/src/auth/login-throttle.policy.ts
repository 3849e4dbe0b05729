/*
 * Login throttling as pure decisions over counters, so the rules are tested without a database.
 * Every attempt reserves a slot BEFORE the password is checked (parallel guesses cannot slip past
 * the limit while the slow hash runs); a success gives the slot back.
 *
 * Who can lock whom out is the point (OWASP Authentication Cheat Sheet, "Account Lockout"): a lock
 * anyone can trigger is a denial of service. So there are three counters, and only the first locks:
 *
 *   PAIR (account + address): a few guesses, then that pair locks, for longer each time (1x, 2x,
 *     4x ... the base, up to the maximum). Only whoever guesses from that address is stopped; the
 *     owner signing in from anywhere else is not affected.
 *   ACCOUNT (all addresses): a distributed guesser changes address, so the account counts too, with
 *     a much higher limit, and past it does not lock: it spaces attempts (one per `spacingMs`),
 *     which caps guessing at a few thousand a day while the owner still gets in between.
 *   ADDRESS (all accounts): credential stuffing tries one password on many accounts from one
 *     address, so it counts the DIFFERENT accounts that failed there (twenty failures on one
 *     account count once: that is the pair's business) and past the limit spaces attempts too.
 *
 * Pairs that signed in successfully (a "known" address of that account, for KNOWN_PAIR_TTL_MS) are
 * exempt from both slowdowns: an attack elsewhere, or a stuffing run behind the same NAT, never
 * slows a person down at an address they have used; their own pair limit still applies.
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

/** Per account and address: few tries, since a person knows their password; locks that pair only. */
export const PAIR_RULE: ThrottleRule = { maxFailures: 5, windowMs: 15 * 60_000, baseLockMs: 60_000, maxLockMs: 15 * 60_000 };

/** A counter that slows attempts down past its limit instead of locking. */
export interface SlowdownRule {
  /** Failures (or, for an address, different accounts failing) in one window before it slows down. */
  maxFailures: number;
  windowMs: number;
  /** Past the limit: at most one attempt per this many milliseconds. */
  spacingMs: number;
}

/** Per account from every address: a distributed attack, at most one guess per 30 s past 50 an hour. */
export const ACCOUNT_RULE: SlowdownRule = { maxFailures: 50, windowMs: 60 * 60_000, spacingMs: 30_000 };

/** Per address across accounts (credential stuffing): past 20 different accounts failing, one try per 5 s. */
export const ADDRESS_RULE: SlowdownRule = { maxFailures: 20, windowMs: 15 * 60_000, spacingMs: 5_000 };

/** How long a successful sign-in makes its (account, address) pair exempt from the slowdowns. */
export const KNOWN_PAIR_TTL_MS = 30 * 24 * 60 * 60_000;

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

/**
 * Decides an attempt against a slowdown counter (lockedUntil: when the next attempt may come) and
 * returns the counter as it must be stored. `counts`: whether this attempt adds to the count (an
 * address counts an account only on that account's first failure there).
 */
export function reserveSlowed(state: ThrottleState, now: number, rule: SlowdownRule, counts: boolean): { state: ThrottleState; verdict: ThrottleVerdict } {
  let current = state;
  if (current.windowStartedAt === null || now - current.windowStartedAt >= rule.windowMs) {
    current = { failures: 0, windowStartedAt: now, lockedUntil: null, lockouts: 0 };
  }
  const over = current.failures >= rule.maxFailures;
  if (over && current.lockedUntil !== null && current.lockedUntil > now) {
    return { state: current, verdict: { allowed: false, retryAfterMs: current.lockedUntil - now } };
  }
  return {
    state: { ...current, failures: current.failures + (counts ? 1 : 0), lockedUntil: over ? now + rule.spacingMs : null },
    verdict: { allowed: true },
  };
}

/** Whether a pair that signed in at `signedInAt` is still a known one at `now`. */
export function isKnownPair(signedInAt: number | null, now: number): boolean {
  return signedInAt !== null && now - signedInAt < KNOWN_PAIR_TTL_MS;
}

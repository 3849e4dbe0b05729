import { describe, expect, it } from 'vitest';
import { EMPTY_THROTTLE_STATE, isKnownPair, KNOWN_PAIR_TTL_MS, releaseAttempt, reserveAttempt, reserveSlowed, type SlowdownRule, type ThrottleRule, type ThrottleState } from './login-throttle.policy.js';

const RULE: ThrottleRule = { maxFailures: 3, windowMs: 60_000, baseLockMs: 10_000, maxLockMs: 35_000 };

function attempts(count: number, start: ThrottleState, now: number): { state: ThrottleState; allowed: boolean[] } {
  let state = start;
  const allowed: boolean[] = [];
  for (let i = 0; i < count; i += 1) {
    const decision = reserveAttempt(state, now, RULE);
    state = decision.state;
    allowed.push(decision.verdict.allowed);
  }
  return { state, allowed };
}

describe('login throttle policy', () => {
  it('allows maxFailures attempts in a window, then locks with the time to wait', () => {
    const { state, allowed } = attempts(3, EMPTY_THROTTLE_STATE, 1000);
    expect(allowed).toEqual([true, true, true]);
    const fourth = reserveAttempt(state, 2000, RULE);
    expect(fourth.verdict).toEqual({ allowed: false, retryAfterMs: 10_000 });
    const during = reserveAttempt(fourth.state, 7000, RULE);
    expect(during.verdict).toEqual({ allowed: false, retryAfterMs: 5000 });
    expect(during.state).toEqual(fourth.state);
  });

  it('doubles the lock each time it locks again, up to the maximum', () => {
    let state = EMPTY_THROTTLE_STATE;
    let now = 0;
    const locks: number[] = [];
    for (let round = 0; round < 4; round += 1) {
      state = attempts(3, state, now).state;
      const refused = reserveAttempt(state, now, RULE);
      if (refused.verdict.allowed) throw new Error('expected a lock');
      locks.push(refused.verdict.retryAfterMs);
      state = refused.state;
      now += refused.verdict.retryAfterMs;
    }
    expect(locks).toEqual([10_000, 20_000, 35_000, 35_000]);
  });

  it('starts a fresh window (and forgets lockouts) after a quiet window', () => {
    const used = attempts(2, EMPTY_THROTTLE_STATE, 0).state;
    const later = reserveAttempt({ ...used, lockouts: 2 }, 61_000, RULE);
    expect(later.verdict.allowed).toBe(true);
    expect(later.state).toMatchObject({ failures: 1, windowStartedAt: 61_000, lockouts: 0 });
  });

  it('gives a slot back on success', () => {
    const used = attempts(3, EMPTY_THROTTLE_STATE, 0).state;
    expect(reserveAttempt(releaseAttempt(used), 1, RULE).verdict.allowed).toBe(true);
    expect(releaseAttempt(EMPTY_THROTTLE_STATE).failures).toBe(0);
  });

  const SLOW: SlowdownRule = { maxFailures: 3, windowMs: 60_000, spacingMs: 5_000 };

  it('slows down past the limit instead of locking: one attempt per spacing', () => {
    let state = EMPTY_THROTTLE_STATE;
    for (let i = 0; i < 3; i += 1) {
      const d = reserveSlowed(state, 1000, SLOW, true);
      expect(d.verdict.allowed).toBe(true);
      state = d.state;
    }
    const past = reserveSlowed(state, 1000, SLOW, true);
    expect(past.verdict.allowed).toBe(true);
    expect(reserveSlowed(past.state, 3000, SLOW, true).verdict).toEqual({ allowed: false, retryAfterMs: 3000 });
    expect(reserveSlowed(past.state, 6000, SLOW, true).verdict.allowed).toBe(true);
    // A quiet window forgets it all.
    expect(reserveSlowed(past.state, 62_000, SLOW, true).state).toMatchObject({ failures: 1, lockedUntil: null });
  });

  it('counts only what it is told to count (an address counts each account once)', () => {
    let state = EMPTY_THROTTLE_STATE;
    for (let i = 0; i < 20; i += 1) state = reserveSlowed(state, 1000 + i, SLOW, false).state;
    expect(state.failures).toBe(0);
    expect(reserveSlowed(state, 2000, SLOW, true).verdict.allowed).toBe(true);
  });

  it('knows a pair for its time to live only', () => {
    expect(isKnownPair(null, 0)).toBe(false);
    expect(isKnownPair(0, KNOWN_PAIR_TTL_MS - 1)).toBe(true);
    expect(isKnownPair(0, KNOWN_PAIR_TTL_MS)).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { answerRound, isSettled, NO_VALIDATION_ROUNDS, requestRound } from './draft-validation.rules.js';

describe('draft validation rounds (the newest document wins)', () => {
  it('sends the first document at once and shows its answer', () => {
    const first = requestRound(NO_VALIDATION_ROUNDS);
    expect(first.send).toBe(1);
    expect(isSettled(first.rounds)).toBe(false);
    const answered = answerRound(first.rounds, 1);
    expect(answered.keep).toBe(true);
    expect(answered.send).toBeNull();
    expect(isSettled(answered.rounds)).toBe(true);
  });

  it('holds edits made while one is validated and sends only the newest when the answer comes', () => {
    let rounds = requestRound(NO_VALIDATION_ROUNDS).rounds;
    const second = requestRound(rounds);
    const third = requestRound(second.rounds);
    expect([second.send, third.send]).toEqual([null, null]);
    rounds = third.rounds;
    const stale = answerRound(rounds, 1);
    expect(stale.keep).toBe(false);
    expect(stale.send).toBe(3);
    expect(isSettled(stale.rounds)).toBe(false);
    const newest = answerRound(stale.rounds, 3);
    expect(newest.keep).toBe(true);
    expect(newest.rounds).toEqual({ latest: 3, sending: null, shown: 3 });
  });

  it('ignores an answer it is not waiting for', () => {
    const rounds = requestRound(NO_VALIDATION_ROUNDS).rounds;
    expect(answerRound(rounds, 7)).toEqual({ rounds, send: null, keep: false });
    expect(answerRound(NO_VALIDATION_ROUNDS, 0).keep).toBe(false);
  });

  it('is settled before anything was asked (no document, no issues)', () => {
    expect(isSettled(NO_VALIDATION_ROUNDS)).toBe(true);
  });
});

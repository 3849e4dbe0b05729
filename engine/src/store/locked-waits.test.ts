import { describe, expect, it } from 'vitest';
import { lockedWaitsOf } from './job-signal.store.js';

/* The waiting jobs an update's statement locked come back through json_agg; anything else is looked up again. */

describe('lockedWaitsOf', () => {
  it('reads the rows of the lock query, ids as numbers (a bigint may arrive as text)', () => {
    expect(lockedWaitsOf([{ id: 3, state: { kind: 'condition' } }, { id: '12', state: null }])).toEqual([
      { id: 3, state: { kind: 'condition' } },
      { id: 12, state: null },
    ]);
    expect(lockedWaitsOf([])).toEqual([]);
  });

  it('refuses what is not those rows, so the engine locks the waits itself', () => {
    expect(lockedWaitsOf(null)).toBeNull();
    expect(lockedWaitsOf({ id: 1 })).toBeNull();
    expect(lockedWaitsOf([{ state: {} }])).toBeNull();
    expect(lockedWaitsOf([1])).toBeNull();
  });
});

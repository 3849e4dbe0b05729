import { describe, expect, it } from 'vitest';
import { renewalDueInMs } from './external-lease.keeper.js';

describe('external lease renewal', () => {
  it('a lease is renewed half of externalLeaseMs after it was set, and at once when that time has passed', () => {
    expect(renewalDueInMs(1000, 1000, 30_000)).toBe(15_000);
    expect(renewalDueInMs(1000, 11_000, 30_000)).toBe(5000);
    expect(renewalDueInMs(1000, 16_000, 30_000)).toBe(0);
    // A job that waited its turn in the batch longer than its lease: renewed before its call.
    expect(renewalDueInMs(1000, 60_000, 30_000)).toBe(0);
  });
});

import { describe, expect, it } from 'vitest';
import { retryDelayMs } from './webhook-retry.schedule.js';

describe('webhook retry delays', () => {
  const schedule = { baseMs: 1000, capMs: 10_000 };

  it('doubles each attempt, jittered within the upper half of the step', () => {
    expect(retryDelayMs(1, schedule, () => 0)).toBe(500);
    expect(retryDelayMs(1, schedule, () => 0.999999)).toBe(1000);
    expect(retryDelayMs(2, schedule, () => 0)).toBe(1000);
    expect(retryDelayMs(3, schedule, () => 0.5)).toBe(3000);
  });

  it('never waits longer than the cap', () => {
    expect(retryDelayMs(10, schedule, () => 0.999999)).toBe(10_000);
    expect(retryDelayMs(60, schedule, () => 0)).toBe(5000);
  });

  it('spreads receivers that failed together', () => {
    const delays = new Set(Array.from({ length: 50 }, () => retryDelayMs(4, schedule)));
    expect(delays.size).toBeGreaterThan(10);
    for (const d of delays) {
      expect(d).toBeGreaterThanOrEqual(4000);
      expect(d).toBeLessThanOrEqual(8000);
    }
  });
});

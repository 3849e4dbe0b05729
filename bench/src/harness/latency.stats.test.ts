import { describe, expect, it } from 'vitest';
import { percentile, summarize } from './latency.stats.js';

describe('latency stats', () => {
  it('takes percentiles by nearest rank', () => {
    const sorted = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(sorted, 0.5)).toBe(50);
    expect(percentile(sorted, 0.95)).toBe(95);
    expect(percentile(sorted, 0.99)).toBe(99);
    expect(percentile(sorted, 1)).toBe(100);
    expect(percentile([7], 0.99)).toBe(7);
    expect(percentile([], 0.5)).toBeNaN();
  });

  it('summarizes unsorted samples without rounding them', () => {
    const s = summarize([0.25, 3, 0.5, 10, 1.25]);
    expect(s).toEqual({ count: 5, mean: 3, p50: 1.25, p95: 10, p99: 10, max: 10 });
  });
});

/*
 * Percentiles by nearest rank over every sample kept (no histogram buckets), so sub-millisecond
 * baselines keep their precision.
 */

export interface LatencySummary {
  count: number;
  mean: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil(q * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))] ?? Number.NaN;
}

export function summarize(samples: readonly number[]): LatencySummary {
  const sorted = [...samples].sort((a, b) => a - b);
  const total = sorted.reduce((sum, x) => sum + x, 0);
  return {
    count: sorted.length,
    mean: sorted.length === 0 ? Number.NaN : total / sorted.length,
    p50: percentile(sorted, 0.5),
    p95: percentile(sorted, 0.95),
    p99: percentile(sorted, 0.99),
    max: sorted[sorted.length - 1] ?? Number.NaN,
  };
}

/** Times `fn` once, in milliseconds. */
export async function timed(fn: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await fn();
  return performance.now() - started;
}

/** Runs `fn(i)` one after another, `warmup` untimed times then `count` timed times or until `maxMs` passed. */
export async function sequentialLatencies(fn: (i: number) => Promise<unknown>, spec: { warmup: number; count: number; maxMs: number }): Promise<number[]> {
  for (let i = 0; i < spec.warmup; i += 1) await fn(i);
  const samples: number[] = [];
  const deadline = performance.now() + spec.maxMs;
  for (let i = 0; i < spec.count && performance.now() < deadline; i += 1) samples.push(await timed(() => fn(spec.warmup + i)));
  return samples;
}

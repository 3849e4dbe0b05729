import type { DbBench } from '../db-bench.context.js';
import { sequentialLatencies, summarize } from '../harness/latency.stats.js';
import type { SqlSession } from '../harness/sql.session.js';
import { figure, type Figure } from '../report/figure.types.js';

/*
 * Funnel report over every generated deal: GET /api/reports/deal/funnel as the admin (who reads all
 * of them), one request at a time. Baseline: the hand-written grouped query it boils down to.
 */

const FUNNEL_SQL = `SELECT stage, count(*)::int AS n, sum(amount)::float8 AS amount FROM rec_deal WHERE deleted_at IS NULL GROUP BY stage`;

export async function handWrittenFunnel(bench: DbBench, sql: SqlSession): Promise<number[]> {
  const { warmup, samples } = bench.options.scale.funnel;
  return sequentialLatencies(() => sql.query(FUNNEL_SQL), { warmup, count: samples, maxMs: 600_000 });
}

export async function productFunnel(bench: DbBench, deals: number): Promise<number[]> {
  await bench.runtime();
  const { warmup, samples } = bench.options.scale.funnel;
  const admin = bench.people.admin;
  return sequentialLatencies(
    async () => {
      const report = await admin.get<{ totals: { count: number } }>('/api/reports/deal/funnel');
      if (report.totals.count < deals) throw new Error(`the funnel counted ${report.totals.count} deals, fewer than the ${deals} generated`);
    },
    { warmup, count: samples, maxMs: 600_000 },
  );
}

export function funnelFigures(bench: DbBench, deals: number, ours: number[], sql: number[]): Figure[] {
  const o = summarize(ours);
  const b = summarize(sql);
  const baselineName = 'hand-written GROUP BY';
  return [
    figure({ scenario: 'funnel', db: bench.db, metric: 'p50 ms', value: o.p50, baseline: b.p50, baselineName }),
    figure({
      scenario: 'funnel',
      db: bench.db,
      metric: 'p95 ms',
      value: o.p95,
      baseline: b.p95,
      baselineName,
      goal: { text: '< 1000 ms', on: 'value', kind: 'max', limit: 1000 },
      note: `${deals.toLocaleString('en')} deals, ${o.count} reports`,
    }),
  ];
}

import { amountSql, kindOf, pipelineInfo, probabilityOf, stageLabel, type PipelinePlan } from './pipeline-report.resolver.js';
import type { ReportSubject } from './report-scope.js';

/*
 * GET /api/reports/:entity/funnel: how many records sit in each stage of a pipeline and what they
 * are worth, in pipeline order, from ONE grouped query over the caller's readable records
 * (`SELECT stage, count(*), sum(amount) ... GROUP BY stage`).
 *
 * Conversion is read off where records stand now: a record in an open stage, or won, has passed
 * every open stage before its own, so `reached` of an open stage counts the records in it, in the
 * open stages after it and in the won stages; `conversion` is reached / reached of the previous
 * open stage (for a won stage: its count / reached of the last open stage). Lost records are
 * shown with their count and amount but in no conversion: where they dropped out is not kept in
 * the stage field.
 *
 * Amounts are numbers wherever the pipeline has an amount field (0 for a stage that is empty or
 * whose records have no amount, as the forecast counts them) and null everywhere when it has none:
 * a stage of records without amounts used to say null while the totals said 0.
 */

export interface FunnelStage {
  name: string;
  label: { en: string; ru: string };
  kind: 'open' | 'won' | 'lost';
  probability: number;
  count: number;
  amount: number | null;
  reached: number | null;
  conversion: number | null;
}

export interface FunnelReport {
  entity: string;
  pipeline: ReturnType<typeof pipelineInfo>;
  stages: FunnelStage[];
  /** Records whose stage is empty or not a stage of this pipeline. */
  other: { count: number; amount: number | null };
  totals: { count: number; amount: number | null; open: Sum; won: Sum; lost: Sum };
  /** won / (won + lost) by count; null when nothing is closed. */
  winRate: number | null;
}

interface Sum {
  count: number;
  amount: number | null;
}

function ratio(part: number, whole: number): number | null {
  return whole > 0 ? Math.round((part / whole) * 10_000) / 10_000 : null;
}

function add(a: number | null, b: number | null): number | null {
  return a === null ? b : b === null ? a : a + b;
}

export async function funnelReport(subject: ReportSubject, plan: PipelinePlan): Promise<FunnelReport> {
  const { db, model, where } = subject;
  const amount = amountSql(subject, plan);
  const result: { rows: Array<{ stage: string | null; n: number; amount: number | string | null }> } = await db.raw(
    `SELECT ?? AS stage, count(*) AS n, sum(${amount.sql}) AS amount FROM ?? WHERE ${where.sql} GROUP BY 1`,
    [`${model.table}.${plan.stageField}`, ...amount.bindings, model.table, ...where.bindings],
  );
  const amountOf = (value: number | string | null): number | null => (plan.amountField === null ? null : Number(value ?? 0));
  const byStage = new Map(result.rows.map((r) => [r.stage, { count: Number(r.n), amount: amountOf(r.amount) }]));
  const stages = plan.pipeline.stages;
  const open = stages.filter((s) => kindOf(s) === 'open');
  const wonCount = stages.filter((s) => kindOf(s) === 'won').reduce((n, s) => n + (byStage.get(s.name)?.count ?? 0), 0);
  const countOf = (name: string): number => byStage.get(name)?.count ?? 0;
  const reachedOpen = open.map((_, i) => open.slice(i).reduce((n, s) => n + countOf(s.name), 0) + wonCount);
  const lastOpenReached = reachedOpen[reachedOpen.length - 1] ?? null;

  const out: FunnelStage[] = stages.map((stage) => {
    const kind = kindOf(stage);
    const found = byStage.get(stage.name) ?? { count: 0, amount: amountOf(null) };
    let reached: number | null = null;
    let conversion: number | null = null;
    if (kind === 'open') {
      const i = open.indexOf(stage);
      reached = reachedOpen[i] ?? 0;
      const previous = i > 0 ? reachedOpen[i - 1] : undefined;
      conversion = previous === undefined ? null : ratio(reached, previous);
    } else if (kind === 'won') {
      reached = found.count;
      conversion = lastOpenReached === null ? null : ratio(found.count, lastOpenReached);
    }
    return { name: stage.name, label: stageLabel(stage), kind, probability: probabilityOf(stage), count: found.count, amount: found.amount, reached, conversion };
  });

  const sumOf = (kind: 'open' | 'won' | 'lost'): Sum =>
    out.filter((s) => s.kind === kind).reduce<Sum>((t, s) => ({ count: t.count + s.count, amount: add(t.amount, s.amount) }), { count: 0, amount: plan.amountField === null ? null : 0 });
  const known = new Set(stages.map((s) => s.name));
  const other = result.rows
    .filter((r) => r.stage === null || !known.has(r.stage))
    .reduce<Sum>((t, r) => ({ count: t.count + Number(r.n), amount: add(t.amount, amountOf(r.amount)) }), { count: 0, amount: amountOf(null) });
  const totals = { open: sumOf('open'), won: sumOf('won'), lost: sumOf('lost') };
  const all = [totals.open, totals.won, totals.lost, other].reduce<Sum>((t, s) => ({ count: t.count + s.count, amount: add(t.amount, s.amount) }), { count: 0, amount: plan.amountField === null ? null : 0 });
  return {
    entity: model.name,
    pipeline: pipelineInfo(plan),
    stages: out,
    other,
    totals: { ...all, ...totals },
    winRate: ratio(totals.won.count, totals.won.count + totals.lost.count),
  };
}

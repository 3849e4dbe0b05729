/*
 * One measured figure beside its baseline. `ratio` is ours / baseline in the figure's own unit, so
 * for a rate higher is better (0.5 = half the baseline's rate) and for a time lower is better
 * (2.0 = twice the baseline's time). A goal is judged on the value or on the ratio, as it says.
 */

export type FigureDb = 'postgres' | 'pglite' | 'none';

export interface Goal {
  /** As the issue states it, e.g. "≥ 50% of baseline req/s". */
  text: string;
  /** What the goal is judged on. */
  on: 'value' | 'ratio';
  /** `min`: at least the limit; `max`: under the limit. */
  kind: 'min' | 'max';
  limit: number;
}

export interface Figure {
  scenario: string;
  db: FigureDb;
  /** What is measured, e.g. "req/s" or "p99 ms". */
  metric: string;
  value: number;
  /** The baseline's figure in the same unit, measured in the same run; null when there is none. */
  baseline: number | null;
  baselineName: string | null;
  ratio: number | null;
  goal: Goal | null;
  /** null when there is no goal. */
  met: boolean | null;
  note?: string;
}

export function judge(goal: Goal | null, value: number, ratio: number | null): boolean | null {
  if (!goal) return null;
  const x = goal.on === 'value' ? value : ratio;
  if (x === null || !Number.isFinite(x)) return false;
  return goal.kind === 'min' ? x >= goal.limit : x < goal.limit;
}

export function figure(spec: Omit<Figure, 'ratio' | 'met' | 'baseline' | 'baselineName' | 'goal'> & { baseline?: number | null; baselineName?: string | null; goal?: Goal | null }): Figure {
  const baseline = spec.baseline ?? null;
  const ratio = baseline !== null && baseline !== 0 && Number.isFinite(baseline) ? spec.value / baseline : null;
  const goal = spec.goal ?? null;
  return { ...spec, baseline, baselineName: spec.baselineName ?? null, ratio, goal, met: judge(goal, spec.value, ratio) };
}

import type { LocalizedText } from '../../generated/definition.types.js';

/*
 * /api/reports/:entity/{funnel, aggregate} (runtime/src/reports): figures over the records the
 * caller may read, for the workspace's dashboards and kanban columns.
 */

/** A label in both languages (the server falls back to the name where the definition has none). */
export interface ReportLabel {
  en: string;
  ru: string;
}

export interface ReportSum {
  count: number;
  amount: number | null;
}

/**
 * The parts of the funnel report the kanban board reads (a FunnelReport is one): the pipeline and,
 * per stage in pipeline order, how many records sit in it and what they are worth.
 */
export interface FunnelReportBody {
  entity: string;
  pipeline: { name: string; label: LocalizedText; field: string; amountField: string | null };
  stages: Array<{ name: string; label: LocalizedText; kind: 'open' | 'won' | 'lost'; probability: number; count: number; amount: number | null }>;
}

export interface FunnelStage {
  name: string;
  label: ReportLabel;
  kind: 'open' | 'won' | 'lost';
  probability: number;
  count: number;
  /** A number wherever the pipeline has an amount field, null everywhere when it has none. */
  amount: number | null;
  /** Records that passed this stage (open and won stages); null for lost ones. */
  reached: number | null;
  conversion: number | null;
}

/** GET /api/reports/:entity/funnel. */
export interface FunnelReport extends FunnelReportBody {
  pipeline: { name: string; label: ReportLabel; field: string; amountField: string | null };
  stages: FunnelStage[];
  /** Records whose stage is empty or not a stage of this pipeline. */
  other: ReportSum;
  totals: { count: number; amount: number | null; open: ReportSum; won: ReportSum; lost: ReportSum };
  /** won / (won + lost) by count; null when nothing is closed. */
  winRate: number | null;
}

export type ReportDateBucket = 'day' | 'week' | 'month' | 'quarter' | 'year';

export interface AggregateGroup {
  keys: Record<string, unknown>;
  labels: Record<string, ReportLabel | null>;
  values: Record<string, number | string | null>;
}

/** The parts of the aggregate report a dashboard's charts read (an AggregateReport is one). */
export interface AggregateReportBody {
  groupBy?: Array<{ field: string; kind: string; bucket: ReportDateBucket | null }>;
  groups: AggregateGroup[];
  totals: Record<string, number | string | null>;
  /** More groups matched than the limit asked. */
  truncated: boolean;
  /** The relative period counted, as [from, to) dates, so a chart can show its empty buckets; null without one. */
  period?: { field: string; range: string; from: string; to: string } | null;
}

/** GET /api/reports/:entity/aggregate. */
export interface AggregateReport extends AggregateReportBody {
  entity: string;
  groupBy: Array<{ field: string; kind: string; bucket: ReportDateBucket | null }>;
  /** The metrics asked, as `count`, `sum:amount`, ...: the keys of each group's values and of totals. */
  metrics: string[];
  period: { field: string; range: string; from: string; to: string } | null;
}

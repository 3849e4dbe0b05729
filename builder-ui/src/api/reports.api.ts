import { apiRequest } from './http.client.js';
import type { RecordPage } from './records.api.js';

/*
 * /api/reports/:entity/{aggregate, funnel} (runtime/src/reports/README.md) and the first records of
 * a list, for the workspace's dashboards. Every figure is computed by the server over the records
 * the caller may read, so a sales rep's totals are their own. The shapes are declared here (only
 * the dashboards read them); they mirror runtime/src/reports/*.report.ts.
 */

export interface ReportLabel {
  en: string;
  ru: string;
}

export interface FunnelStage {
  name: string;
  label: ReportLabel;
  kind: 'open' | 'won' | 'lost';
  probability: number;
  count: number;
  amount: number | null;
  reached: number | null;
  conversion: number | null;
}

interface Sum {
  count: number;
  amount: number | null;
}

export interface FunnelReport {
  entity: string;
  pipeline: { name: string; label: ReportLabel; field: string; amountField: string | null };
  stages: FunnelStage[];
  other: Sum;
  totals: { count: number; amount: number | null; open: Sum; won: Sum; lost: Sum };
  winRate: number | null;
}

export interface AggregateGroup {
  keys: Record<string, unknown>;
  labels: Record<string, ReportLabel | null>;
  values: Record<string, number | string | null>;
}

export interface AggregateReport {
  groupBy?: Array<{ field: string; kind: string; bucket: 'day' | 'week' | 'month' | 'quarter' | 'year' | null }>;
  groups: AggregateGroup[];
  totals: Record<string, number | string | null>;
  truncated: boolean;
  /** The relative period counted, as [from, to) dates (null or absent without one). */
  period?: { field: string; range: string; from: string; to: string } | null;
}

function queryOf(params: Readonly<Record<string, string>>): string {
  const text = new URLSearchParams(params).toString();
  return text === '' ? '' : `?${text}`;
}

const reportPath = (entity: string, report: string): string => `/api/reports/${encodeURIComponent(entity)}/${report}`;

/** params as widgetQuery builds them: metrics, groupBy, dateBucket, filter (JSON), period, periodField. */
export function fetchAggregate(entity: string, params: Readonly<Record<string, string>>): Promise<AggregateReport> {
  return apiRequest<AggregateReport>('GET', `${reportPath(entity, 'aggregate')}${queryOf(params)}`);
}

/** params: pipeline, amountField, filter, period, periodField. */
export function fetchFunnel(entity: string, params: Readonly<Record<string, string>> = {}): Promise<FunnelReport> {
  return apiRequest<FunnelReport>('GET', `${reportPath(entity, 'funnel')}${queryOf(params)}`);
}

/** The first records of a list (params: filter, sort, limit), fields the viewer cannot read absent. */
export function fetchTopRecords(entity: string, params: Readonly<Record<string, string>>): Promise<RecordPage> {
  return apiRequest<RecordPage>('GET', `/api/records/${encodeURIComponent(entity)}${queryOf(params)}`);
}

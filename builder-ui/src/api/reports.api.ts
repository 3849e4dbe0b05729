import type { Condition } from '@crm/schemas';
import { apiRequest } from './http.client.js';

/*
 * /api/reports/:entity/{funnel, forecast, won-by-owner, aggregate} (runtime/src/reports/README.md)
 * and the viewer's open tasks, for the home dashboard. Every figure is computed by the server over
 * the records the caller may read, so a sales rep's totals are their own. The shapes are declared
 * here (only the dashboard reads them); they mirror runtime/src/reports/*.report.ts.
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

export interface ForecastRow {
  key: string | null;
  label: ReportLabel | null;
  count: number;
  amount: number;
  weighted: number;
}

export interface ForecastReport {
  by: 'month' | 'quarter' | 'owner';
  dateField: string | null;
  rows: ForecastRow[];
  totals: { count: number; amount: number; weighted: number };
}

export interface WonByOwnerRow {
  owner: { id: string; name: string; email: string } | null;
  count: number;
  amount: number | null;
  share: number | null;
}

export interface WonByOwnerReport {
  period: { field: string; from: string | null; to: string | null } | null;
  rows: WonByOwnerRow[];
  totals: { count: number; amount: number | null };
}

export interface AggregateGroup {
  keys: Record<string, unknown>;
  labels: Record<string, ReportLabel | null>;
  values: Record<string, number | string | null>;
}

export interface AggregateReport {
  groups: AggregateGroup[];
  totals: Record<string, number | string | null>;
  truncated: boolean;
}

/** A task as GET /api/records/task lists it (fields the viewer cannot read are absent). */
export interface TaskRecord {
  id: string;
  title?: string | null;
  due_at?: string | null;
  status?: string | null;
  priority?: string | null;
}

interface RecordPage<T> {
  data: T[];
  nextCursor: string | null;
}

function queryOf(params: Record<string, string | Condition | null | undefined>): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value === null || value === undefined) continue;
    query.set(name, typeof value === 'string' ? value : JSON.stringify(value));
  }
  const text = query.toString();
  return text === '' ? '' : `?${text}`;
}

export function fetchFunnel(entity: string): Promise<FunnelReport> {
  return apiRequest<FunnelReport>('GET', `/api/reports/${encodeURIComponent(entity)}/funnel`);
}

export function fetchForecast(entity: string, by: ForecastReport['by']): Promise<ForecastReport> {
  return apiRequest<ForecastReport>('GET', `/api/reports/${encodeURIComponent(entity)}/forecast${queryOf({ by })}`);
}

export function fetchWonByOwner(entity: string, from: string, to: string): Promise<WonByOwnerReport> {
  return apiRequest<WonByOwnerReport>('GET', `/api/reports/${encodeURIComponent(entity)}/won-by-owner${queryOf({ from, to })}`);
}

export interface AggregateRequest {
  groupBy: string;
  metrics: string;
  dateBucket?: 'day' | 'week' | 'month' | 'quarter' | 'year';
  filter?: Condition;
}

export function fetchAggregate(entity: string, request: AggregateRequest): Promise<AggregateReport> {
  return apiRequest<AggregateReport>('GET', `/api/reports/${encodeURIComponent(entity)}/aggregate${queryOf({ ...request })}`);
}

/** The viewer's tasks not yet done, soonest first (the b2b-sales "my_tasks" view's filter). */
export async function fetchOpenTasks(limit: number): Promise<{ tasks: TaskRecord[]; more: boolean }> {
  const filter: Condition = { and: [{ field: 'assignee', op: 'eq', value: '$user' }, { field: 'status', op: 'ne', value: 'done' }] };
  const page = await apiRequest<RecordPage<TaskRecord>>('GET', `/api/records/task${queryOf({ filter, sort: 'due_at', limit: String(limit) })}`);
  return { tasks: page.data, more: page.nextCursor !== null };
}

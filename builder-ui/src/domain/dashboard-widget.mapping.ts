import type { Dashboard, DashboardWidget, DashboardWidgetSize, Entity } from '@crm/schemas';
import { isDateType, valueTypeOf } from './dashboard-widget-view.mapping.js';

/*
 * A dashboard widget of the definition → the request that answers it: an aggregate (figure, bar,
 * line, pie), a funnel, or the first records of a list (table), with the widget's filter and
 * relative period passed to the server, which works the dates out in the app's time zone and counts
 * only what the viewer may read. Also where a widget sits in the grid.
 */

export type WidgetQuery =
  | { report: 'aggregate'; entity: string; params: Record<string, string> }
  | { report: 'funnel'; entity: string; params: Record<string, string> }
  | { report: 'records'; entity: string; params: Record<string, string> };

/** The metric as the aggregate API names it: "count", "sum:amount". */
export function metricKey(widget: DashboardWidget): string {
  const metric = widget.metric ?? { op: 'count' };
  return metric.op === 'count' || metric.field === undefined ? 'count' : `${metric.op}:${metric.field}`;
}

function common(widget: DashboardWidget): Record<string, string> {
  const params: Record<string, string> = {};
  if (widget.filter !== undefined) params['filter'] = JSON.stringify(widget.filter);
  if (widget.period !== undefined && widget.kind !== 'table') {
    params['period'] = widget.period.range;
    params['periodField'] = widget.period.field;
  }
  return params;
}

export function widgetQuery(widget: DashboardWidget): WidgetQuery {
  const params = common(widget);
  if (widget.kind === 'funnel') {
    if (widget.pipeline !== undefined) params['pipeline'] = widget.pipeline;
    if (widget.metric?.op === 'sum' && widget.metric.field !== undefined) params['amountField'] = widget.metric.field;
    return { report: 'funnel', entity: widget.entity, params };
  }
  if (widget.kind === 'table') {
    const sort = (widget.sort ?? []).map((key) => `${key.dir === 'desc' ? '-' : ''}${key.field}`).join(',');
    if (sort !== '') params['sort'] = sort;
    params['limit'] = String(widget.limit ?? 10);
    return { report: 'records', entity: widget.entity, params };
  }
  params['metrics'] = metricKey(widget);
  if (widget.kind !== 'figure' && widget.groupBy !== undefined) {
    params['groupBy'] = widget.groupBy;
    if (widget.dateBucket !== undefined) params['dateBucket'] = widget.dateBucket;
  }
  return { report: 'aggregate', entity: widget.entity, params };
}

/** Whether the widget groups by a date (its groups are date buckets). */
export function groupsByDate(widget: DashboardWidget, entity: Entity | undefined): boolean {
  if (widget.groupBy === undefined || !entity) return false;
  return isDateType(valueTypeOf(entity, widget.groupBy));
}

export function widgetSize(widget: DashboardWidget): DashboardWidgetSize {
  if (widget.size !== undefined) return widget.size;
  if (widget.kind === 'figure') return 'quarter';
  return widget.kind === 'table' ? 'full' : 'half';
}

/** Columns of the 12-column grid a widget spans on a wide screen. */
export const SIZE_SPAN: Readonly<Record<DashboardWidgetSize, number>> = { quarter: 3, third: 4, half: 6, two_thirds: 8, full: 12 };

export function widgetKey(dashboard: Pick<Dashboard, 'name'>, widget: Pick<DashboardWidget, 'name'>): string {
  return `${dashboard.name}/${widget.name}`;
}

/** The dashboard asked for by name, else the first; null when there is none. */
export function pickDashboard(dashboards: readonly Dashboard[], wanted: string | null | undefined): Dashboard | null {
  return dashboards.find((d) => d.name === wanted) ?? dashboards[0] ?? null;
}

/**
 * The months ("YYYY-MM") of a period [from, to) as the server counted it (the aggregate answers
 * with its dates), so a month without records is drawn as zero rather than left out.
 */
export function monthsBetween(from: string, to: string): string[] {
  const months: string[] = [];
  let [year, month] = from.split('-').map(Number);
  if (year === undefined || month === undefined || Number.isNaN(year) || Number.isNaN(month)) return months;
  while (`${year}-${String(month).padStart(2, '0')}-01` < to && months.length < 120) {
    months.push(`${year}-${String(month).padStart(2, '0')}`);
    month += 1;
    if (month > 12) [year, month] = [year + 1, 1];
  }
  return months;
}

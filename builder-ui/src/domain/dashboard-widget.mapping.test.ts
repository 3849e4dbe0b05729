import { describe, expect, it } from 'vitest';
import type { Dashboard, DashboardWidget, Entity } from '@crm/schemas';
import { groupsByDate, metricKey, monthsBetween, pickDashboard, widgetQuery, widgetSize } from './dashboard-widget.mapping.js';

const base = { name: 'w', label: { en: 'W' }, entity: 'deal' };
const DEAL: Entity = { name: 'deal', label: { en: 'Deal' }, fields: [{ name: 'close_date', type: 'date' }, { name: 'stage', type: 'enum' }] };

describe('dashboard widget → report request', () => {
  it('a bar asks the aggregate for its metric per group, with the date bucket, filter and period', () => {
    const widget: DashboardWidget = {
      ...base,
      kind: 'bar',
      metric: { op: 'sum', field: 'amount' },
      groupBy: 'close_date',
      dateBucket: 'quarter',
      filter: { field: 'stage', op: 'eq', value: 'won' },
      period: { field: 'close_date', range: 'last_12_months' },
    };
    expect(widgetQuery(widget)).toEqual({
      report: 'aggregate',
      entity: 'deal',
      params: { metrics: 'sum:amount', groupBy: 'close_date', dateBucket: 'quarter', filter: '{"field":"stage","op":"eq","value":"won"}', period: 'last_12_months', periodField: 'close_date' },
    });
  });

  it('a figure asks for the totals only; count is the default metric', () => {
    expect(widgetQuery({ ...base, kind: 'figure' })).toEqual({ report: 'aggregate', entity: 'deal', params: { metrics: 'count' } });
    expect(metricKey({ ...base, kind: 'figure', metric: { op: 'max', field: 'amount' } })).toBe('max:amount');
  });

  it('a funnel names its pipeline and, when summing, the amount field', () => {
    expect(widgetQuery({ ...base, kind: 'funnel', pipeline: 'sales', metric: { op: 'sum', field: 'amount' } })).toEqual({ report: 'funnel', entity: 'deal', params: { pipeline: 'sales', amountField: 'amount' } });
  });

  it('a table lists the first records by its sort, ten unless told', () => {
    const widget: DashboardWidget = { ...base, kind: 'table', fields: ['title'], sort: [{ field: 'due_at' }, { field: 'created_at', dir: 'desc' }] };
    expect(widgetQuery(widget)).toEqual({ report: 'records', entity: 'deal', params: { sort: 'due_at,-created_at', limit: '10' } });
  });

  it('sizes widgets by kind unless told, and tells date groups', () => {
    expect(widgetSize({ ...base, kind: 'figure' })).toBe('quarter');
    expect(widgetSize({ ...base, kind: 'table' })).toBe('full');
    expect(widgetSize({ ...base, kind: 'pie' })).toBe('half');
    expect(widgetSize({ ...base, kind: 'pie', size: 'third' })).toBe('third');
    expect(groupsByDate({ ...base, kind: 'bar', groupBy: 'close_date' }, DEAL)).toBe(true);
    expect(groupsByDate({ ...base, kind: 'bar', groupBy: 'stage' }, DEAL)).toBe(false);
  });

  it('lists the months of the period the server counted, across a year end', () => {
    const months = monthsBetween('2025-01-01', '2026-01-01');
    expect(months).toHaveLength(12);
    expect(months[0]).toBe('2025-01');
    expect(months[11]).toBe('2025-12');
    expect(monthsBetween('2025-11-01', '2026-02-01')).toEqual(['2025-11', '2025-12', '2026-01']);
    expect(monthsBetween('nonsense', '2026-02-01')).toEqual([]);
  });

  it('picks the dashboard asked for, else the first', () => {
    const boards: Dashboard[] = [
      { name: 'a', label: { en: 'A' }, widgets: [] },
      { name: 'b', label: { en: 'B' }, widgets: [] },
    ];
    expect(pickDashboard(boards, 'b')?.name).toBe('b');
    expect(pickDashboard(boards, 'zzz')?.name).toBe('a');
    expect(pickDashboard([], null)).toBeNull();
  });
});

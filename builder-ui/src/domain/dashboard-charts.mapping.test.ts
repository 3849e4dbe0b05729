import { describe, expect, it } from 'vitest';
import type { DashboardWidget, Entity } from '@crm/schemas';
import type { AggregateReport, FunnelReport } from '../api/reports.api.js';
import { figureValue, funnelChart, groupedChart, metricWords, monthName, numberWords } from './dashboard-charts.mapping.js';

const t = (key: string): string => key;
/** Intl separates groups and units with no-break spaces. */
const plain = (rows: string[][]): string[][] => rows.map((r) => r.map((c) => c.replace(/[\u00a0\u202f]/g, ' ')));
const label = (en: string, ru: string) => ({ en, ru });

const FUNNEL: FunnelReport = {
  entity: 'deal',
  pipeline: { name: 'sales', label: label('Sales', 'Продажи'), field: 'stage', amountField: 'amount' },
  stages: [
    { name: 'lead', label: label('Lead', 'Лид'), kind: 'open', probability: 10, count: 4, amount: 400, reached: 10, conversion: null },
    { name: 'proposal', label: label('Proposal', 'КП'), kind: 'open', probability: 50, count: 3, amount: 300, reached: 6, conversion: 0.6 },
    { name: 'won', label: label('Won', 'Выиграна'), kind: 'won', probability: 100, count: 3, amount: 900, reached: 3, conversion: 0.5 },
    { name: 'lost', label: label('Lost', 'Проиграна'), kind: 'lost', probability: 0, count: 2, amount: 200, reached: null, conversion: null },
  ],
  other: { count: 0, amount: null },
  totals: { count: 12, amount: 1800, open: { count: 7, amount: 700 }, won: { count: 3, amount: 900 }, lost: { count: 2, amount: 200 } },
  winRate: 0.6,
};

const DEAL: Entity = {
  name: 'deal',
  label: { en: 'Deal' },
  fields: [
    { name: 'amount', type: 'money' },
    { name: 'margin', type: 'percent' },
    { name: 'stage', type: 'enum' },
  ],
};
const FUNNEL_WIDGET: DashboardWidget = { name: 'f', label: { en: 'Funnel' }, kind: 'funnel', entity: 'deal', pipeline: 'sales' };

function seriesOf(option: unknown): Record<string, unknown> {
  const series = typeof option === 'object' && option !== null && 'series' in option && Array.isArray(option.series) ? option.series[0] : undefined;
  return typeof series === 'object' && series !== null ? { ...series } : {};
}

const BY_OWNER: AggregateReport = {
  groupBy: [{ field: 'owner', kind: 'user', bucket: null }],
  groups: [
    { keys: { owner: 'u1' }, labels: { owner: label('Anna', 'Анна') }, values: { 'sum:amount': 300 } },
    { keys: { owner: 'u2' }, labels: { owner: label('Igor', 'Игорь') }, values: { 'sum:amount': '900' } },
    { keys: { owner: null }, labels: { owner: null }, values: { 'sum:amount': 50 } },
  ],
  totals: { 'sum:amount': 1250 },
  truncated: false,
};

describe('dashboard charts', () => {
  it('the funnel draws open and won stages by records reached, each labelled with its conversion; the table adds those in the stage and lost', () => {
    const chart = funnelChart(FUNNEL, FUNNEL_WIDGET, 'ru', t);
    const series = seriesOf(chart.option);
    expect(series['type']).toBe('funnel');
    const data = Array.isArray(series['data']) ? series['data'] : [];
    expect(data).toHaveLength(3);
    expect(data[1]).toMatchObject({ name: 'КП', value: 6, label: { formatter: 'КП: 6 · 60\u00a0%' } });
    expect(data[0]).toMatchObject({ label: { formatter: 'Лид: 10' } });
    expect(chart.figures.rows.map((r) => r[0])).toEqual(['Лид', 'КП', 'Выиграна', 'Проиграна']);
    expect(chart.figures.rows[3]?.[4]).toBe('—');
    expect(chart.figures.rows[1]?.slice(1, 3)).toEqual(['3', '6']);
    expect(series['max']).toBe(10);
    expect(chart.empty).toBe(false);
  });

  it('a funnel of a sum is as wide as each stage’s amount', () => {
    const chart = funnelChart(FUNNEL, { ...FUNNEL_WIDGET, metric: { op: 'sum', field: 'amount' } }, 'en', t);
    const data = seriesOf(chart.option)['data'];
    expect(Array.isArray(data) ? data.map((d: { value: number }) => d.value) : []).toEqual([400, 300, 900]);
  });

  it('a bar with a limit keeps the largest groups, best on top, names in the UI language and "not set" for none', () => {
    const widget: DashboardWidget = { name: 'w', label: { en: 'W' }, kind: 'bar', entity: 'deal', groupBy: 'owner', metric: { op: 'sum', field: 'amount' }, limit: 2 };
    const chart = groupedChart(BY_OWNER, widget, DEAL, 'ru', t);
    expect(plain(chart.figures.rows)).toEqual([
      ['Игорь', '900 ₽'],
      ['Анна', '300 ₽'],
    ]);
    const yAxis = chart.option.yAxis;
    expect(yAxis && !Array.isArray(yAxis) && 'data' in yAxis ? yAxis.data : null).toEqual(['Анна', 'Игорь']);
    const line = groupedChart(BY_OWNER, { ...widget, kind: 'line', limit: undefined }, DEAL, 'en', t);
    expect(line.figures.rows.map((r) => r[0])).toEqual(['Anna', 'Igor', 'dashboards.noValue']);
    expect(seriesOf(line.option)['type']).toBe('line');
  });

  it('a pie draws the groups as slices; no groups is the empty state', () => {
    const widget: DashboardWidget = { name: 'w', label: { en: 'W' }, kind: 'pie', entity: 'deal', groupBy: 'owner', metric: { op: 'sum', field: 'amount' } };
    const pie = groupedChart(BY_OWNER, widget, DEAL, 'en', t);
    expect(seriesOf(pie.option)['type']).toBe('pie');
    expect(groupedChart({ ...BY_OWNER, groups: [] }, widget, DEAL, 'en', t).empty).toBe(true);
  });

  it('names month buckets by month in the UI language', () => {
    const report: AggregateReport = {
      groupBy: [{ field: 'close_date', kind: 'date', bucket: 'month' }],
      groups: [{ keys: { close_date: '2026-03-01' }, labels: { close_date: label('2026-03', '2026-03') }, values: { count: 2 } }],
      totals: { count: 2 },
      truncated: false,
    };
    const chart = groupedChart(report, { name: 'w', label: { en: 'W' }, kind: 'bar', entity: 'deal', groupBy: 'close_date' }, DEAL, 'en', t);
    expect(chart.figures.rows).toEqual([['Mar 2026', '2']]);
    const period = { field: 'close_date', range: 'last_quarter', from: '2026-02-01', to: '2026-05-01' };
    const filled = groupedChart({ ...report, period }, { name: 'w', label: { en: 'W' }, kind: 'bar', entity: 'deal', groupBy: 'close_date' }, DEAL, 'en', t);
    expect(filled.figures.rows).toEqual([
      ['Feb 2026', '0'],
      ['Mar 2026', '2'],
      ['Apr 2026', '0'],
    ]);
  });

  it('a figure is the metric over all records, a sum of nothing is zero, in the field’s own words', () => {
    const sum: DashboardWidget = { name: 'w', label: { en: 'W' }, kind: 'figure', entity: 'deal', metric: { op: 'sum', field: 'amount' } };
    expect(figureValue({ groups: [], totals: { 'sum:amount': '1500.5' }, truncated: false }, sum)).toBe(1500.5);
    expect(figureValue({ groups: [], totals: { 'sum:amount': null }, truncated: false }, sum)).toBe(0);
    expect(plain([[metricWords(sum, DEAL, 'ru').text(1500)]])).toEqual([['1 500 ₽']]);
    const avg: DashboardWidget = { ...sum, metric: { op: 'avg', field: 'margin' } };
    expect(figureValue({ groups: [], totals: { 'avg:margin': null }, truncated: false }, avg)).toBeNull();
    expect(metricWords(avg, DEAL, 'en').text(12.345)).toBe('12.35 %');
    expect(metricWords({ ...sum, metric: undefined }, DEAL, 'en').text(1234)).toBe('1,234');
  });

  it('words money in the app currency and months without the Russian "г."', () => {
    expect(plain([[numberWords('ru').money(1234567)]])).toEqual([['1 234 567 ₽']]);
    expect(numberWords('en', 'USD').money(10)).toBe('$10');
    expect(monthName('2026-03', 'ru')).not.toMatch(/г\.$/);
  });
});

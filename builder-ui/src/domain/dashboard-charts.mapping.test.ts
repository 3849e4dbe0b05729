import { describe, expect, it } from 'vitest';
import type { AggregateReport, ForecastReport, FunnelReport, WonByOwnerReport } from '../api/reports.api.js';
import { forecastChart, funnelChart, monthName, numberWords, quarterName, wonByMonthChart, wonByOwnerChart } from './dashboard-charts.mapping.js';

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

describe('dashboard charts', () => {
  it('the funnel draws open and won stages by deals reached, each labelled with its conversion; the table adds those in the stage and lost', () => {
    const chart = funnelChart(FUNNEL, 'ru', t);
    const series = Array.isArray(chart.option.series) ? chart.option.series[0] : undefined;
    expect(series?.type).toBe('funnel');
    const data = series && 'data' in series && Array.isArray(series.data) ? series.data : [];
    expect(data).toHaveLength(3);
    expect(data[1]).toMatchObject({ name: 'КП', value: 6, label: { formatter: 'КП: 6 · 60\u00a0%' } });
    expect(data[0]).toMatchObject({ label: { formatter: 'Лид: 10' } });
    expect(chart.figures.rows.map((r) => r[0])).toEqual(['Лид', 'КП', 'Выиграна', 'Проиграна']);
    expect(chart.figures.rows[3]?.[4]).toBe('—');
    expect(chart.figures.rows[1]?.slice(1, 3)).toEqual(['3', '6']);
    expect(series && 'max' in series ? series.max : null).toBe(10);
    expect(chart.empty).toBe(false);
  });

  it('the forecast sums this and next quarter from month or quarter keys and ignores other periods', () => {
    const report: ForecastReport = {
      by: 'quarter',
      dateField: 'close_date',
      rows: [
        { key: '2026-10-01', label: null, count: 2, amount: 1000, weighted: 250 },
        { key: '2027-01-01', label: null, count: 1, amount: 500, weighted: 375 },
        { key: '2027-04-01', label: null, count: 9, amount: 9000, weighted: 900 },
        { key: null, label: null, count: 1, amount: 1, weighted: 1 },
      ],
      totals: { count: 13, amount: 10501, weighted: 1526 },
    };
    const chart = forecastChart(report, [{ year: 2026, quarter: 4 }, { year: 2027, quarter: 1 }], 'en', t);
    expect(plain(chart.figures.rows)).toEqual([
      ['Q4 2026', '2', 'RUB 1,000', 'RUB 250'],
      ['Q1 2027', '1', 'RUB 500', 'RUB 375'],
    ]);
    expect(chart.empty).toBe(false);
  });

  it('won by owner lists the best first in the table and draws them top-down', () => {
    const report: WonByOwnerReport = {
      period: null,
      rows: [
        { owner: { id: 'a', name: 'Анна', email: 'a@x' }, count: 2, amount: 700, share: 0.7 },
        { owner: { id: 'b', name: '', email: 'b@x' }, count: 1, amount: 300, share: 0.3 },
      ],
      totals: { count: 3, amount: 1000 },
    };
    const chart = wonByOwnerChart(report, 'ru', t);
    expect(chart.figures.rows.map((r) => r[0])).toEqual(['Анна', 'b@x']);
    const yAxis = chart.option.yAxis;
    expect(yAxis && !Array.isArray(yAxis) && 'data' in yAxis ? yAxis.data : null).toEqual(['b@x', 'Анна']);
  });

  it('won by month fills months without deals with zeros', () => {
    const report: AggregateReport = {
      groups: [{ keys: { close_date: '2026-11-01' }, labels: {}, values: { count: 2, 'sum:amount': 5000 } }],
      totals: {},
      truncated: false,
    };
    const chart = wonByMonthChart(report, ['2026-10', '2026-11'], 'en', t);
    expect(plain(chart.figures.rows)).toEqual([
      [monthName('2026-10', 'en'), '0', 'RUB 0'],
      [monthName('2026-11', 'en'), '2', 'RUB 5,000'],
    ]);
  });

  it('words numbers and periods in the UI language', () => {
    expect(plain([[numberWords('ru').money(1234567)]])).toEqual([['1 234 567 ₽']]);
    expect(quarterName({ year: 2026, quarter: 4 }, 'ru')).toBe('IV кв. 2026');
    expect(monthName('2026-03', 'ru')).not.toMatch(/г\.$/);
  });
});

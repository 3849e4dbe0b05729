import type { BarSeriesOption, FunnelSeriesOption } from 'echarts/charts';
import type { GridComponentOption, LegendComponentOption, TooltipComponentOption } from 'echarts/components';
import type { ComposeOption } from 'echarts/core';
import type { AggregateReport, ForecastReport, FunnelReport, ReportLabel, WonByOwnerReport } from '../api/reports.api.js';
import { monthOfKey, quarterOfKey, sameQuarter, type QuarterRef } from './dashboard-period.rules.js';

/*
 * Reports → what the home dashboard draws: an ECharts option (tree-shaken types only; no ECharts
 * code runs here) and the same figures as a table, the chart's text alternative for screen readers.
 * Words come from the caller's `t` (i18n keys under `dashboards.`), numbers from Intl in the UI language.
 */

export type DashboardOption = ComposeOption<BarSeriesOption | FunnelSeriesOption | GridComponentOption | LegendComponentOption | TooltipComponentOption>;

export interface ChartFigures {
  columns: string[];
  rows: string[][];
}

export interface DashboardChart {
  option: DashboardOption;
  figures: ChartFigures;
  /** Nothing to draw: the screen says so instead of an empty chart. */
  empty: boolean;
}

export type Lang = 'ru' | 'en';
export type Translate = (key: string, named?: Record<string, unknown>) => string;

export interface NumberWords {
  money(value: number | null): string;
  /** Axis ticks: "1,2 млн ₽". */
  moneyShort(value: number): string;
  count(value: number): string;
  percent(ratio: number | null): string;
}

const COLORS = ['#2f6fdf', '#7ea6f0', '#1f9d74', '#e0913a', '#8c62d6'];

export function numberWords(lang: Lang): NumberWords {
  const locale = lang === 'ru' ? 'ru-RU' : 'en-US';
  const money = new Intl.NumberFormat(locale, { style: 'currency', currency: 'RUB', maximumFractionDigits: 0 });
  const short = new Intl.NumberFormat(locale, { style: 'currency', currency: 'RUB', notation: 'compact', maximumFractionDigits: 1 });
  const count = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 });
  return {
    money: (value) => (value === null ? '—' : money.format(value)),
    moneyShort: (value) => short.format(value),
    count: (value) => count.format(value),
    percent: (ratio) => (ratio === null ? '—' : percent.format(ratio)),
  };
}

export function labelIn(label: ReportLabel | null | undefined, lang: Lang, fallback: string): string {
  if (!label) return fallback;
  return (lang === 'ru' ? label.ru : label.en) || label.en || fallback;
}

export function quarterName(ref: QuarterRef, lang: Lang): string {
  const roman = ['I', 'II', 'III', 'IV'][ref.quarter - 1] ?? String(ref.quarter);
  return lang === 'ru' ? `${roman} кв. ${ref.year}` : `Q${ref.quarter} ${ref.year}`;
}

export function monthName(month: string, lang: Lang): string {
  const [year = '1970', m = '01'] = month.split('-');
  const text = new Intl.DateTimeFormat(lang === 'ru' ? 'ru-RU' : 'en-US', { month: 'short', year: 'numeric' }).format(new Date(Number(year), Number(m) - 1, 1));
  return text.replace(/\s*г\.$/, '');
}

const TOOLTIP: TooltipComponentOption = { trigger: 'item', confine: true };

/**
 * The funnel of the open and won stages, each as wide as the deals that reached it (those in it and
 * beyond), labelled with that number and the conversion from the stage before; the table adds the
 * deals standing in each stage now, their amount, and the lost stage.
 */
export function funnelChart(report: FunnelReport, lang: Lang, t: Translate): DashboardChart {
  const words = numberWords(lang);
  const passing = report.stages.filter((s) => s.kind !== 'lost');
  const data = passing.map((stage, index) => {
    const name = labelIn(stage.label, lang, stage.name);
    const reached = stage.reached ?? stage.count;
    const conversion = index === 0 || stage.conversion === null ? '' : ` · ${words.percent(stage.conversion)}`;
    return { name, value: reached, label: { formatter: `${name}: ${words.count(reached)}${conversion}` } };
  });
  const widest = Math.max(1, ...data.map((d) => d.value));
  const rows = report.stages.map((stage) => [
    labelIn(stage.label, lang, stage.name),
    words.count(stage.count),
    stage.reached === null ? '—' : words.count(stage.reached),
    words.money(stage.amount),
    stage.kind === 'lost' ? '—' : words.percent(stage.conversion),
  ]);
  return {
    empty: report.totals.count === 0,
    figures: {
      columns: [t('dashboards.columns.stage'), t('dashboards.columns.inStage'), t('dashboards.columns.reached'), t('dashboards.columns.amount'), t('dashboards.columns.conversion')],
      rows,
    },
    option: {
      color: COLORS,
      tooltip: TOOLTIP,
      series: [
        {
          type: 'funnel',
          sort: 'none',
          min: 0,
          max: widest,
          left: '4%',
          width: '92%',
          top: 8,
          bottom: 8,
          minSize: '34%',
          gap: 2,
          label: { position: 'inside', color: '#fff', fontSize: 12, overflow: 'truncate' },
          data,
        },
      ],
    },
  };
}

/** Open deals closing this and next quarter: their amount, and amount × stage probability. */
export function forecastChart(report: ForecastReport, quarters: readonly QuarterRef[], lang: Lang, t: Translate): DashboardChart {
  const words = numberWords(lang);
  const sums = quarters.map((quarter) => {
    const rows = report.rows.filter((row) => sameQuarter(quarterOfKey(row.key), quarter));
    return rows.reduce((s, r) => ({ count: s.count + r.count, amount: s.amount + r.amount, weighted: s.weighted + r.weighted }), { count: 0, amount: 0, weighted: 0 });
  });
  const names = quarters.map((q) => quarterName(q, lang));
  return {
    empty: sums.every((s) => s.count === 0),
    figures: {
      columns: [t('dashboards.columns.quarter'), t('dashboards.columns.deals'), t('dashboards.columns.pipeline'), t('dashboards.columns.weighted')],
      rows: sums.map((s, i) => [names[i] ?? '', words.count(s.count), words.money(s.amount), words.money(s.weighted)]),
    },
    option: {
      color: [COLORS[1] ?? '', COLORS[0] ?? ''],
      tooltip: { ...TOOLTIP, trigger: 'axis' },
      // On top: at the bottom a legend wrapped on a phone covered the quarter names.
      legend: { top: 0 },
      grid: { left: 8, right: 8, top: 48, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: names },
      yAxis: { type: 'value', axisLabel: { formatter: (value: number) => words.moneyShort(value) } },
      series: [
        { type: 'bar', name: t('dashboards.columns.pipeline'), data: sums.map((s) => s.amount) },
        { type: 'bar', name: t('dashboards.columns.weighted'), data: sums.map((s) => Math.round(s.weighted)) },
      ],
    },
  };
}

/** Won deals by owner, best first (top to bottom). */
export function wonByOwnerChart(report: WonByOwnerReport, lang: Lang, t: Translate): DashboardChart {
  const words = numberWords(lang);
  const rows = report.rows.map((row) => ({
    name: row.owner?.name || row.owner?.email || t('dashboards.noOwner'),
    amount: row.amount ?? 0,
    count: row.count,
    share: row.share,
  }));
  const drawn = [...rows].reverse();
  return {
    empty: rows.length === 0,
    figures: {
      columns: [t('dashboards.columns.owner'), t('dashboards.columns.deals'), t('dashboards.columns.amount'), t('dashboards.columns.share')],
      rows: rows.map((r) => [r.name, words.count(r.count), words.money(r.amount), words.percent(r.share)]),
    },
    option: {
      color: [COLORS[2] ?? ''],
      tooltip: { ...TOOLTIP, trigger: 'axis' },
      grid: { left: 8, right: 16, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: 'value', splitNumber: 3, axisLabel: { hideOverlap: true, formatter: (value: number) => words.moneyShort(value) } },
      yAxis: { type: 'category', data: drawn.map((r) => r.name), axisLabel: { width: 110, overflow: 'truncate' } },
      series: [{ type: 'bar', name: t('dashboards.columns.amount'), data: drawn.map((r) => r.amount), barMaxWidth: 28 }],
    },
  };
}

/** Won deals by month of their close date, over the given months (an aggregate by close_date month). */
export function wonByMonthChart(report: AggregateReport, months: readonly string[], lang: Lang, t: Translate): DashboardChart {
  const words = numberWords(lang);
  const byMonth = new Map<string, { count: number; amount: number }>();
  for (const group of report.groups) {
    const key = group.keys['close_date'];
    const month = monthOfKey(typeof key === 'string' ? key : null);
    if (month === null) continue;
    byMonth.set(month, { count: Number(group.values['count'] ?? 0), amount: Number(group.values['sum:amount'] ?? 0) });
  }
  const points = months.map((month) => ({ name: monthName(month, lang), ...(byMonth.get(month) ?? { count: 0, amount: 0 }) }));
  return {
    empty: points.every((p) => p.count === 0),
    figures: {
      columns: [t('dashboards.columns.month'), t('dashboards.columns.deals'), t('dashboards.columns.amount')],
      rows: points.map((p) => [p.name, words.count(p.count), words.money(p.amount)]),
    },
    option: {
      color: [COLORS[0] ?? ''],
      tooltip: { ...TOOLTIP, trigger: 'axis' },
      grid: { left: 8, right: 8, top: 16, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: points.map((p) => p.name), axisLabel: { hideOverlap: true } },
      yAxis: { type: 'value', axisLabel: { formatter: (value: number) => words.moneyShort(value) } },
      series: [{ type: 'bar', name: t('dashboards.columns.amount'), data: points.map((p) => p.amount), barMaxWidth: 32 }],
    },
  };
}

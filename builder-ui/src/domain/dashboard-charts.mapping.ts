import type { BarSeriesOption, FunnelSeriesOption, LineSeriesOption, PieSeriesOption } from 'echarts/charts';
import type { GridComponentOption, LegendComponentOption, TooltipComponentOption } from 'echarts/components';
import type { ComposeOption } from 'echarts/core';
import type { DashboardWidget, Entity } from '@crm/schemas';
import type { AggregateReport, FunnelReport, ReportLabel } from '../api/reports.api.js';
import { monthsBetween, metricKey } from './dashboard-widget.mapping.js';
import { valueTypeOf } from './dashboard-widget-view.mapping.js';

/*
 * Reports → what a dashboard widget draws: an ECharts option (tree-shaken types only; no ECharts
 * code runs here) and the same figures as a table, the chart's text alternative for screen readers;
 * a figure's number as text. Words come from the caller's `t` (i18n keys under `dashboards.`),
 * numbers from Intl in the UI language, money in the app's currency.
 */

export type DashboardOption = ComposeOption<
  BarSeriesOption | LineSeriesOption | PieSeriesOption | FunnelSeriesOption | GridComponentOption | LegendComponentOption | TooltipComponentOption
>;

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
  number(value: number | null): string;
  percent(ratio: number | null): string;
}

const COLORS = ['#2f6fdf', '#1f9d74', '#e0913a', '#8c62d6', '#7ea6f0', '#d65c7a', '#4bb3c2', '#a3a837'];

export function numberWords(lang: Lang, currency = 'RUB'): NumberWords {
  const locale = lang === 'ru' ? 'ru-RU' : 'en-US';
  const money = new Intl.NumberFormat(locale, { style: 'currency', currency, maximumFractionDigits: 0 });
  const short = new Intl.NumberFormat(locale, { style: 'currency', currency, notation: 'compact', maximumFractionDigits: 1 });
  const count = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  const number = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 });
  const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 });
  return {
    money: (value) => (value === null ? '—' : money.format(value)),
    moneyShort: (value) => short.format(value),
    count: (value) => count.format(value),
    number: (value) => (value === null ? '—' : number.format(value)),
    percent: (ratio) => (ratio === null ? '—' : percent.format(ratio)),
  };
}

export function labelIn(label: ReportLabel | null | undefined, lang: Lang, fallback: string): string {
  if (!label) return fallback;
  return (lang === 'ru' ? label.ru : label.en) || label.en || fallback;
}

export function monthName(month: string, lang: Lang): string {
  const [year = '1970', m = '01'] = month.split('-');
  const text = new Intl.DateTimeFormat(lang === 'ru' ? 'ru-RU' : 'en-US', { month: 'short', year: 'numeric' }).format(new Date(Number(year), Number(m) - 1, 1));
  return text.replace(/\s*г\.$/, '');
}

/** How the widget's metric reads: money in the currency, a percent field with %, counts whole. */
export function metricWords(widget: DashboardWidget, entity: Entity | undefined, lang: Lang, currency?: string): { text(value: number | null): string; short(value: number): string } {
  const words = numberWords(lang, currency);
  const field = widget.metric?.op !== 'count' ? widget.metric?.field : undefined;
  const type = field !== undefined ? valueTypeOf(entity, field) : undefined;
  if (type === 'money') return { text: words.money, short: words.moneyShort };
  if (type === 'percent') return { text: (v) => (v === null ? '—' : `${words.number(v)} %`), short: (v) => `${words.number(v)} %` };
  if (field === undefined) return { text: (v) => (v === null ? '—' : words.count(v)), short: words.count };
  return { text: words.number, short: (v) => words.number(v) };
}

function numeric(value: number | string | null | undefined): number | null {
  if (value === null || value === undefined) return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}

/** A figure: the metric over every matching record. */
export function figureValue(report: AggregateReport, widget: DashboardWidget): number | null {
  const value = numeric(report.totals[metricKey(widget)]);
  return value === null && (widget.metric?.op ?? 'count') === 'sum' ? 0 : value;
}

/** The name of a group: the server's label in the UI language, a month for month buckets, a dash for none. */
function groupName(report: AggregateReport, widget: DashboardWidget, index: number, lang: Lang, t: Translate): string {
  const group = report.groups[index];
  const field = widget.groupBy ?? '';
  const key = group?.keys[field];
  if (key === null || key === undefined) return t('dashboards.noValue');
  const bucket = report.groupBy?.[0]?.bucket ?? null;
  if (bucket === 'month' && typeof key === 'string') return monthName(key.slice(0, 7), lang);
  return labelIn(group?.labels[field], lang, String(key));
}

const TOOLTIP: TooltipComponentOption = { trigger: 'item', confine: true };

export interface GroupedChartOptions {
  currency?: string;
}

/** Month groups over every month asked for, zeros where the report has none. */
function monthPoints(report: AggregateReport, widget: DashboardWidget, months: readonly string[], key: string, lang: Lang): Array<{ name: string; value: number }> {
  const byMonth = new Map<string, number>();
  for (const group of report.groups) {
    const bucket = group.keys[widget.groupBy ?? ''];
    if (typeof bucket === 'string') byMonth.set(bucket.slice(0, 7), numeric(group.values[key]) ?? 0);
  }
  return months.map((month) => ({ name: monthName(month, lang), value: byMonth.get(month) ?? 0 }));
}

/** bar, line, pie: the metric per group; bar and pie with a limit keep the largest groups. */
export function groupedChart(report: AggregateReport, widget: DashboardWidget, entity: Entity | undefined, lang: Lang, t: Translate, options: GroupedChartOptions = {}): DashboardChart {
  const key = metricKey(widget);
  const words = metricWords(widget, entity, lang, options.currency);
  // Month buckets over the period the server counted: a month without records is a zero.
  const period = report.period ?? null;
  const months = report.groupBy?.[0]?.bucket === 'month' && period !== null && period.field === widget.groupBy ? monthsBetween(period.from, period.to) : null;
  let points = months
    ? monthPoints(report, widget, months, key, lang)
    : report.groups.map((group, index) => ({ name: groupName(report, widget, index, lang, t), value: numeric(group.values[key]) ?? 0 }));
  if (widget.limit !== undefined && widget.kind !== 'line') points = [...points].sort((a, b) => b.value - a.value).slice(0, widget.limit);
  const metricName = t(`dashboards.metric.${widget.metric?.op ?? 'count'}`);
  const figures = { columns: [t('dashboards.columns.group'), metricName], rows: points.map((p) => [p.name, words.text(p.value)]) };
  const empty = months ? report.groups.length === 0 : points.length === 0;
  if (widget.kind === 'pie') {
    return {
      empty,
      figures,
      option: {
        color: COLORS,
        tooltip: TOOLTIP,
        legend: { type: 'scroll', bottom: 0 },
        series: [{ type: 'pie', radius: ['35%', '65%'], center: ['50%', '45%'], label: { show: false }, data: points.map((p) => ({ name: p.name, value: p.value })) }],
      },
    };
  }
  const category = { type: 'category' as const, data: points.map((p) => p.name), axisLabel: { hideOverlap: true, width: 110, overflow: 'truncate' as const } };
  const value = { type: 'value' as const, splitNumber: 3, axisLabel: { hideOverlap: true, formatter: (v: number) => words.short(v) } };
  // Bars over names (people, companies) read better lying down, the largest on top.
  const horizontal = widget.kind === 'bar' && widget.limit !== undefined;
  const drawn = horizontal ? [...points].reverse() : points;
  return {
    empty,
    figures,
    option: {
      color: COLORS,
      tooltip: { ...TOOLTIP, trigger: 'axis' },
      grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
      xAxis: horizontal ? value : { ...category, data: drawn.map((p) => p.name) },
      yAxis: horizontal ? { ...category, data: drawn.map((p) => p.name) } : value,
      series: [
        widget.kind === 'line'
          ? { type: 'line', name: metricName, data: drawn.map((p) => p.value), smooth: true }
          : { type: 'bar', name: metricName, data: drawn.map((p) => p.value), barMaxWidth: 32 },
      ],
    },
  };
}

/**
 * A funnel of the open and won stages. Counting: each as wide as the records that reached it (those
 * in it and beyond), labelled with the conversion from the stage before. Summing: each stage's
 * amount now. The table adds the records in each stage, their amount, and the lost stage.
 */
export function funnelChart(report: FunnelReport, widget: DashboardWidget, lang: Lang, t: Translate, currency?: string): DashboardChart {
  const words = numberWords(lang, currency);
  const byAmount = widget.metric?.op === 'sum';
  const passing = report.stages.filter((s) => s.kind !== 'lost');
  const data = passing.map((stage, index) => {
    const name = labelIn(stage.label, lang, stage.name);
    if (byAmount) return { name, value: stage.amount ?? 0, label: { formatter: `${name}: ${words.moneyShort(stage.amount ?? 0)}` } };
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

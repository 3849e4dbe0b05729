import type { DashboardPeriodRange } from '../../generated/definition.types.js';

/*
 * A dashboard widget's relative period as calendar dates: [from, to), both YYYY-MM-DD, worked out
 * from today's date in the app's time zone (the caller passes it). Weeks start on Monday, as in
 * Russia and ISO 8601. Pure date arithmetic in UTC, so the machine's own zone never shifts a day.
 */

export const PERIOD_RANGES: readonly DashboardPeriodRange[] = [
  'today',
  'this_week',
  'last_week',
  'this_month',
  'last_month',
  'this_quarter',
  'last_quarter',
  'next_quarter',
  'this_year',
  'last_year',
  'last_7_days',
  'last_30_days',
  'last_90_days',
  'last_12_months',
  'next_30_days',
];

export interface PeriodBounds {
  /** The first day in the period. */
  from: string;
  /** The first day after it. */
  to: string;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function utc(year: number, month: number, day: number): Date {
  return new Date(Date.UTC(year, month, day));
}

function iso(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function plusDays(date: Date, days: number): Date {
  return utc(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate() + days);
}

export function isPeriodRange(value: string): value is DashboardPeriodRange {
  return PERIOD_RANGES.some((r) => r === value);
}

/** The period `range` around `today` (YYYY-MM-DD); throws on a malformed date. */
export function periodBounds(range: DashboardPeriodRange, today: string): PeriodBounds {
  const match = DATE.exec(today);
  if (!match) throw new Error(`periodBounds: "${today}" is not a YYYY-MM-DD date.`);
  const [year, month, day] = [Number(match[1]), Number(match[2]) - 1, Number(match[3])];
  const now = utc(year, month, day);
  const monday = plusDays(now, -((now.getUTCDay() + 6) % 7));
  const quarter = Math.floor(month / 3) * 3;
  const span = (from: Date, to: Date): PeriodBounds => ({ from: iso(from), to: iso(to) });
  switch (range) {
    case 'today':
      return span(now, plusDays(now, 1));
    case 'this_week':
      return span(monday, plusDays(monday, 7));
    case 'last_week':
      return span(plusDays(monday, -7), monday);
    case 'this_month':
      return span(utc(year, month, 1), utc(year, month + 1, 1));
    case 'last_month':
      return span(utc(year, month - 1, 1), utc(year, month, 1));
    case 'this_quarter':
      return span(utc(year, quarter, 1), utc(year, quarter + 3, 1));
    case 'last_quarter':
      return span(utc(year, quarter - 3, 1), utc(year, quarter, 1));
    case 'next_quarter':
      return span(utc(year, quarter + 3, 1), utc(year, quarter + 6, 1));
    case 'this_year':
      return span(utc(year, 0, 1), utc(year + 1, 0, 1));
    case 'last_year':
      return span(utc(year - 1, 0, 1), utc(year, 0, 1));
    case 'last_7_days':
      return span(plusDays(now, -6), plusDays(now, 1));
    case 'last_30_days':
      return span(plusDays(now, -29), plusDays(now, 1));
    case 'last_90_days':
      return span(plusDays(now, -89), plusDays(now, 1));
    case 'last_12_months':
      return span(utc(year, month - 11, 1), utc(year, month + 1, 1));
    case 'next_30_days':
      return span(now, plusDays(now, 30));
  }
}

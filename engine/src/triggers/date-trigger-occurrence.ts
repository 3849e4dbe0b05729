import { DateTime, type Duration } from 'luxon';
import type { App, DateTrigger } from '@crm/schemas';
import { parseDuration } from '../values/iso-duration.js';
import { DEFAULT_TIME_ZONE } from './schedule-ticks.js';

/*
 * When a date trigger fires for a record (pure time arithmetic, no database):
 *
 *   date field       fireAt = (value at `time` in the zone) + offset       e.g. close_date 2026-03-10,
 *                                                                         -P3D, 09:00 Moscow ->
 *                                                                         2026-03-07 09:00 MSK
 *   datetime field   fireAt = value + offset (the instant; `time` is not used)
 *   yearly           the value's month and day in each year, at `time`, + offset; a 29 February
 *                    falls on 28 February in other years (a datetime's date is taken in the zone)
 *
 * The offset is applied in the zone, so P1D is one calendar day across a daylight-saving change. A
 * `time` that does not exist on a spring-forward day moves forward by the gap (luxon's rule).
 *
 * A scan covers the window (from, to]; a record fires when its fireAt falls inside. To ask the
 * database only for records that can fire, the window is turned back into field values: the dates
 * (or instants) whose fireAt lands in the window.
 */

export interface DatePlan {
  entity: string;
  field: string;
  /** How the field holds its value: a calendar date or an instant. */
  kind: 'date' | 'datetime';
  offset: { duration: Duration; negative: boolean } | null;
  hour: number;
  minute: number;
  timeZone: string;
  yearly: boolean;
}

export interface ScanWindow {
  /** Exclusive. */
  from: Date;
  /** Inclusive. */
  to: Date;
}

export interface Occurrence {
  /** What identifies the occurrence in the dedupe key: the (anniversary) date, or a datetime's instant. */
  key: string;
  fireAt: Date;
}

/** Which field values can fire in a window: exact dates, a range of values, or (yearly) months and days. */
export interface CandidateValues {
  dates?: string[];
  between?: { from: string; to: string };
  monthDays?: string[];
}

const SYSTEM_INSTANTS = new Set(['created_at', 'updated_at']);
const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
/** Beyond this many candidate dates the query asks for a range (or, yearly, every month and day). */
const MAX_LISTED_DATES = 400;
/** How far a calendar offset's inverse may be off (P1M from 28..31 January all land on 28 February). */
const SLACK_DAYS = 3;

function fieldKind(app: App, entity: string, field: string): 'date' | 'datetime' | null {
  const definition = app.entities.find((e) => e.name === entity);
  if (!definition) return null;
  if (SYSTEM_INSTANTS.has(field)) return 'datetime';
  const found = definition.fields.find((f) => f.name === field);
  if (found?.type === 'date' || found?.type === 'datetime') return found.type;
  if (found?.type === 'formula' && found.resultType === 'date') return 'date';
  return null;
}

export function datePlanOf(app: App, trigger: DateTrigger): { ok: true; plan: DatePlan } | { ok: false; problem: string } {
  const kind = fieldKind(app, trigger.entity, trigger.field);
  if (!kind) return { ok: false, problem: `${trigger.entity}.${trigger.field} is not a date or datetime field.` };
  const offset = trigger.offset === undefined ? null : parseDuration(trigger.offset);
  if (trigger.offset !== undefined && !offset) return { ok: false, problem: `The offset ${trigger.offset} is not an ISO 8601 duration.` };
  const time = TIME.exec(trigger.time ?? '09:00');
  if (!time) return { ok: false, problem: `The time ${trigger.time ?? ''} is not HH:MM.` };
  const timeZone = trigger.timezone ?? app.settings?.timezone ?? DEFAULT_TIME_ZONE;
  if (!DateTime.now().setZone(timeZone).isValid) return { ok: false, problem: `Unknown time zone ${timeZone}.` };
  return {
    ok: true,
    plan: {
      entity: trigger.entity,
      field: trigger.field,
      kind,
      offset,
      hour: Number(time[1]),
      minute: Number(time[2]),
      timeZone,
      yearly: trigger.yearly === true,
    },
  };
}

function shift(at: DateTime, plan: DatePlan, direction: 1 | -1): DateTime {
  if (!plan.offset) return at;
  const forward = plan.offset.negative ? -direction : direction;
  return forward > 0 ? at.plus(plan.offset.duration) : at.minus(plan.offset.duration);
}

/** The local date at `time` in the zone, moved by the offset. */
function fireOfDate(date: string, plan: DatePlan): DateTime {
  const at = DateTime.fromISO(date, { zone: plan.timeZone }).set({ hour: plan.hour, minute: plan.minute, second: 0, millisecond: 0 });
  return shift(at, plan, 1);
}

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** The date a month and day fall on in `year`: 29 February becomes 28 February outside leap years. */
export function anniversaryIn(year: number, month: number, day: number): string {
  const d = month === 2 && day === 29 && !isLeap(year) ? 28 : day;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

function inWindow(at: DateTime, window: ScanWindow): boolean {
  const ms = at.toMillis();
  return ms > window.from.getTime() && ms <= window.to.getTime();
}

function instantOf(value: unknown): DateTime | null {
  if (value instanceof Date) return DateTime.fromJSDate(value);
  if (typeof value !== 'string' || value === '') return null;
  const parsed = DateTime.fromISO(value, { setZone: true });
  return parsed.isValid ? parsed : null;
}

/** The calendar date a value stands for: a date field's own value, a datetime's date in the zone. */
function localDateOf(value: unknown, plan: DatePlan): string | null {
  if (plan.kind === 'date') return typeof value === 'string' && ISO_DATE.test(value) ? value : null;
  return instantOf(value)?.setZone(plan.timeZone).toISODate() ?? null;
}

/** Yearly scans look back at most a year: a longer gap would otherwise fire one record several times. */
export function scanWindowOf(plan: DatePlan, from: Date, to: Date): ScanWindow {
  if (!plan.yearly) return { from, to };
  const yearBack = DateTime.fromJSDate(to, { zone: plan.timeZone }).minus({ years: 1 }).toJSDate();
  return { from: from.getTime() < yearBack.getTime() ? yearBack : from, to };
}

/** The occurrence of a record's value that fires in the window, if any (yearly: the latest one). */
export function occurrenceIn(plan: DatePlan, value: unknown, window: ScanWindow): Occurrence | null {
  if (!plan.yearly) {
    if (plan.kind === 'date') {
      const date = localDateOf(value, plan);
      if (!date) return null;
      const fireAt = fireOfDate(date, plan);
      return inWindow(fireAt, window) ? { key: date, fireAt: fireAt.toJSDate() } : null;
    }
    const instant = instantOf(value);
    if (!instant) return null;
    const fireAt = shift(instant.setZone(plan.timeZone), plan, 1);
    return inWindow(fireAt, window) ? { key: instant.toUTC().toISO() ?? String(value), fireAt: fireAt.toJSDate() } : null;
  }
  const date = localDateOf(value, plan);
  if (!date) return null;
  const month = Number(date.slice(5, 7));
  const day = Number(date.slice(8, 10));
  const [first, last] = candidateRange(plan, window);
  let found: Occurrence | null = null;
  for (let year = first.year - 1; year <= last.year + 1; year += 1) {
    const anniversary = anniversaryIn(year, month, day);
    const fireAt = fireOfDate(anniversary, plan);
    if (inWindow(fireAt, window)) found = { key: anniversary, fireAt: fireAt.toJSDate() };
  }
  return found;
}

/** Local dates whose fireAt may land in the window (the window's ends moved back by the offset, plus slack). */
function candidateRange(plan: DatePlan, window: ScanWindow): [DateTime, DateTime] {
  const slack = plan.offset && calendarOffset(plan.offset.duration) ? SLACK_DAYS : 1;
  const first = shift(DateTime.fromJSDate(window.from, { zone: plan.timeZone }), plan, -1).startOf('day').minus({ days: slack });
  const last = shift(DateTime.fromJSDate(window.to, { zone: plan.timeZone }), plan, -1).startOf('day').plus({ days: slack });
  return [first, last];
}

function calendarOffset(duration: Duration): boolean {
  const parts = duration.toObject();
  return Boolean(parts.years || parts.months || parts.weeks || parts.days);
}

/** The dates between the candidate range's ends whose own fireAt lands in the window (null: too many to list). */
function firingDates(plan: DatePlan, window: ScanWindow): string[] | null {
  const [first, last] = candidateRange(plan, window);
  if (last.diff(first, 'days').days > MAX_LISTED_DATES) return null;
  const dates: string[] = [];
  for (let day = first; day.toMillis() <= last.toMillis(); day = day.plus({ days: 1 })) {
    const date = day.toISODate();
    if (date && inWindow(fireOfDate(date, plan), window)) dates.push(date);
  }
  return dates;
}

/** What to ask the database for: the field values that can fire in the window (checked exactly afterwards). */
export function candidateValues(plan: DatePlan, window: ScanWindow): CandidateValues {
  if (plan.yearly) {
    const dates = firingDates(plan, window);
    if (dates === null) return {};
    const monthDays = new Set<string>();
    for (const date of dates) {
      monthDays.add(date.slice(5));
      // People born on 29 February are greeted on 28 February in other years.
      if (date.slice(5) === '02-28' && !isLeap(Number(date.slice(0, 4)))) monthDays.add('02-29');
    }
    // A year's worth of dates asks for every month and day: no filter at all.
    return monthDays.size >= 366 ? {} : { monthDays: [...monthDays].sort() };
  }
  if (plan.kind === 'date') {
    const dates = firingDates(plan, window);
    if (dates !== null) return { dates };
    const [first, last] = candidateRange(plan, window);
    return { between: { from: first.toISODate() ?? '', to: last.toISODate() ?? '' } };
  }
  // An instant plus a time-only offset inverts exactly; a calendar offset gets slack either side.
  const slack = plan.offset && calendarOffset(plan.offset.duration) ? { days: SLACK_DAYS } : { milliseconds: 0 };
  const from = shift(DateTime.fromJSDate(window.from, { zone: plan.timeZone }), plan, -1).minus(slack);
  const to = shift(DateTime.fromJSDate(window.to, { zone: plan.timeZone }), plan, -1).plus(slack);
  return { between: { from: from.toUTC().toISO() ?? '', to: to.toUTC().toISO() ?? '' } };
}

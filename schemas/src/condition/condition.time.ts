/**
 * Clock arithmetic for dynamic values: ISO 8601 durations added to now, and calendar dates in the
 * app's time zone. Pure functions of their arguments (no hidden clock).
 */

export interface IsoDuration {
  sign: 1 | -1;
  years: number;
  months: number;
  weeks: number;
  days: number;
  hours: number;
  minutes: number;
  seconds: number;
}

const DURATION = /^([+-])?P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

/** Parses "P7D", "-P1M", "PT15M", "P1Y2M3DT4H5M6.5S"; undefined when it is not a duration. */
export function parseDuration(text: string): IsoDuration | undefined {
  const match = DURATION.exec(text);
  if (!match || text.endsWith('P') || text.endsWith('T')) return undefined;
  const part = (index: number): number => Number(match[index] ?? 0);
  return {
    sign: match[1] === '-' ? -1 : 1,
    years: part(2),
    months: part(3),
    weeks: part(4),
    days: part(5),
    hours: part(6),
    minutes: part(7),
    seconds: part(8),
  };
}

/**
 * Adds a duration to an instant: years, months, weeks and days on the UTC calendar (the day of
 * month is clamped, so Jan 31 + P1M is the last day of February), then hours, minutes and seconds
 * as elapsed time.
 */
export function addDuration(instant: number, duration: IsoDuration): number {
  const date = new Date(instant);
  const { sign } = duration;
  const totalMonths = date.getUTCFullYear() * 12 + date.getUTCMonth() + sign * (duration.years * 12 + duration.months);
  const year = Math.floor(totalMonths / 12);
  const month = totalMonths - year * 12;
  const day = Math.min(date.getUTCDate(), daysInMonth(year, month));
  const moved = new Date(instant);
  moved.setUTCFullYear(year, month, day);
  const elapsedMs =
    ((duration.weeks * 7 + duration.days) * 86_400 + duration.hours * 3_600 + duration.minutes * 60 + duration.seconds) * 1000;
  return moved.getTime() + sign * Math.round(elapsedMs);
}

function daysInMonth(year: number, month: number): number {
  const probe = new Date(0);
  probe.setUTCFullYear(year, month + 1, 0);
  return probe.getUTCDate();
}

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function wallClock(instant: number, timeZone: string): WallClock {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      era: 'short',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  const parts = formatter.formatToParts(new Date(instant));
  const read = (type: Intl.DateTimeFormatPartTypes): number => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const era = parts.find((p) => p.type === 'era')?.value ?? 'AD';
  const year = read('year');
  return {
    year: era === 'BC' || era === 'B' ? 1 - year : year,
    month: read('month'),
    day: read('day'),
    hour: read('hour'),
    minute: read('minute'),
    second: read('second'),
  };
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

/** The calendar date (YYYY-MM-DD) of an instant in a time zone. */
export function dateInZone(instant: number, timeZone: string): string {
  const { year, month, day } = wallClock(instant, timeZone);
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

/** The UTC offset of a time zone at an instant, in milliseconds (Moscow: +3 h). */
function offsetAt(instant: number, timeZone: string): number {
  const clock = wallClock(instant, timeZone);
  const asUtc = new Date(0);
  asUtc.setUTCFullYear(clock.year, clock.month - 1, clock.day);
  asUtc.setUTCHours(clock.hour, clock.minute, clock.second, 0);
  return asUtc.getTime() - (instant - (((instant % 1000) + 1000) % 1000));
}

/** The instant a calendar date (YYYY-MM-DD) begins in a time zone. */
export function startOfDayInZone(date: string, timeZone: string): number {
  const [year = 0, month = 1, day = 1] = date.split('-').map(Number);
  const midnightUtc = new Date(0);
  midnightUtc.setUTCFullYear(year, month - 1, day);
  const guess = midnightUtc.getTime() - offsetAt(midnightUtc.getTime(), timeZone);
  return midnightUtc.getTime() - offsetAt(guess, timeZone);
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATETIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(Z|[+-]\d{2}:\d{2})$/;

/** True for a real calendar date written YYYY-MM-DD (no 2023-02-29). */
export function isCalendarDate(text: string): boolean {
  const match = DATE.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  // PostgreSQL has no year 0: "0000-01-01" bound into SQL was a database error, not a 400.
  return year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month - 1);
}

/**
 * Parses an ISO 8601 date-time that names its offset ("Z" or "+03:00"), with at most millisecond
 * precision, so JavaScript and PostgreSQL read the same instant. Undefined otherwise.
 */
export function parseInstant(text: string): number | undefined {
  const match = DATETIME.exec(text);
  if (!match) return undefined;
  if (!isCalendarDate(`${match[1]}-${match[2]}-${match[3]}`)) return undefined;
  if (Number(match[4]) > 23 || Number(match[5]) > 59 || Number(match[6] ?? 0) > 59) return undefined;
  const instant = Date.parse(text);
  // An offset can move year 1 into year 0 (UTC), which no longer prints as an ISO string.
  return Number.isFinite(instant) && new Date(instant).getUTCFullYear() >= 1 ? instant : undefined;
}

/** An instant as the ISO string bound into SQL (always UTC, millisecond precision). */
export function instantToIso(instant: number): string {
  return new Date(instant).toISOString();
}

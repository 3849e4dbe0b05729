import { addDuration, dateInZone, parseDuration, startOfDayInZone, type IsoDuration } from '../condition/condition.time.js';

/*
 * Demo dates relative to the day a template is installed (template.schema.json, TemplateRelativeDate):
 * {"$today": "-P25D"} and {"$now": "-PT2H"}. A template written in December still has deals
 * "closing next week" when it is installed in March, so date-triggered automations find work.
 * Pure: the caller passes the clock's instant and the app's time zone.
 */

export type RelativeDateAnchor = '$today' | '$now';

export interface RelativeDate {
  anchor: RelativeDateAnchor;
  duration: IsoDuration;
}

/** Why a value that names $today / $now is not a relative date; null when it is one. */
export type RelativeDateProblem = 'shape' | 'duration';

/** True for an object that names $today or $now (then it must be a relative date). */
export function looksLikeRelativeDate(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && ('$today' in value || '$now' in value);
}

/** The relative date a demo value stands for, or the problem with it. */
export function parseRelativeDate(value: Record<string, unknown>): RelativeDate | RelativeDateProblem {
  const keys = Object.keys(value);
  const anchor = keys[0];
  if (keys.length !== 1 || (anchor !== '$today' && anchor !== '$now')) return 'shape';
  const text = value[anchor];
  const duration = typeof text === 'string' ? parseDuration(text.startsWith('+') ? text.slice(1) : text) : undefined;
  return duration ? { anchor, duration } : 'duration';
}

const DAY_PART = (d: IsoDuration): IsoDuration => ({ ...d, hours: 0, minutes: 0, seconds: 0 });
const TIME_PART = (d: IsoDuration): IsoDuration => ({ ...d, years: 0, months: 0, weeks: 0, days: 0 });

/**
 * The stored value of a relative date for a field of the given type at `now`: a date field gets
 * YYYY-MM-DD, a datetime field an ISO instant. $today counts calendar days in the app's zone, and
 * its time part is the local time of day on that day ("P1DT10H" tomorrow at 10:00, "-P3DT10H" three
 * days ago at 10:00); $now adds the whole duration to the instant.
 */
export function resolveRelativeDate(date: RelativeDate, now: Date, timeZone: string, fieldType: 'date' | 'datetime'): string {
  if (date.anchor === '$now') {
    const instant = addDuration(now.getTime(), date.duration);
    return fieldType === 'date' ? dateInZone(instant, timeZone) : new Date(instant).toISOString();
  }
  const today = dateInZone(now.getTime(), timeZone);
  const day = new Date(addDuration(Date.parse(`${today}T00:00:00Z`), DAY_PART(date.duration))).toISOString().slice(0, 10);
  if (fieldType === 'date') return day;
  // The time part is the time of day on that day, whichever way the days go ("-P3DT10H": three days ago at 10:00).
  return new Date(addDuration(startOfDayInZone(day, timeZone), { ...TIME_PART(date.duration), sign: 1 })).toISOString();
}

import { DateTime, Duration } from 'luxon';
import { rememberedZone } from './remembered-zone.js';

/*
 * ISO 8601 durations as the definition language writes them (PT15M, P3D, -P3D), applied in the app's
 * time zone so "P1D" across a daylight-saving change is one calendar day, not 24 hours.
 */

export function parseDuration(text: string): { duration: Duration; negative: boolean } | null {
  const negative = text.startsWith('-');
  const duration = Duration.fromISO(negative ? text.slice(1) : text);
  return duration.isValid ? { duration, negative } : null;
}

export function addDuration(instant: Date, text: string, timeZone: string): Date {
  const parsed = parseDuration(text);
  if (!parsed) throw new Error(`Not an ISO 8601 duration: ${text}`);
  const start = DateTime.fromJSDate(instant, { zone: rememberedZone(timeZone) });
  const moved = parsed.negative ? start.minus(parsed.duration) : start.plus(parsed.duration);
  return moved.toJSDate();
}

export function subtractDuration(instant: Date, text: string, timeZone: string): Date {
  const parsed = parseDuration(text);
  if (!parsed) throw new Error(`Not an ISO 8601 duration: ${text}`);
  const start = DateTime.fromJSDate(instant, { zone: rememberedZone(timeZone) });
  const moved = parsed.negative ? start.plus(parsed.duration) : start.minus(parsed.duration);
  return moved.toJSDate();
}

/** A date-only value ('2026-03-01') or an instant as the instant it means: a date starts at `time` in the zone. */
export function instantOfFieldValue(value: unknown, timeZone: string, time = '00:00'): Date | null {
  if (typeof value !== 'string' || value === '') return null;
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const dt = DateTime.fromISO(`${value}T${time}`, { zone: rememberedZone(timeZone) });
    return dt.isValid ? dt.toJSDate() : null;
  }
  const parsed = Date.parse(value);
  return Number.isFinite(parsed) ? new Date(parsed) : null;
}

export function appTimeZone(settings: { timezone?: string } | undefined): string {
  return settings?.timezone ?? 'Europe/Moscow';
}

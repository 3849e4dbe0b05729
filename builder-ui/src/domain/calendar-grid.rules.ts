import type { UiLocale } from '@crm/schemas';

/*
 * The date maths of the calendar, in the person's time zone: calendar days as "YYYY-MM-DD", the
 * week around a day (Monday first in Russian, Sunday in English), the day and hour an instant
 * falls on, and the instant of a wall-clock time on a day (so moving a meeting to Thursday keeps
 * its 15:30, across a daylight-saving change too).
 */

export type CalendarDay = string;

interface WallTime {
  day: CalendarDay;
  hour: number;
  minute: number;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** The wall-clock day, hour and minute of an instant in a time zone (the browser's when absent). */
export function wallTime(instant: Date, timeZone?: string): WallTime {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(instant);
  const get = (type: string): number => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return { day: `${get('year')}-${pad(get('month'))}-${pad(get('day'))}`, hour: get('hour'), minute: get('minute') };
}

export function dayOf(instant: Date, timeZone?: string): CalendarDay {
  return wallTime(instant, timeZone).day;
}

export function addDays(day: CalendarDay, n: number): CalendarDay {
  const d = new Date(`${day}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** 0 = Monday … 6 = Sunday. */
function mondayIndex(day: CalendarDay): number {
  return (new Date(`${day}T12:00:00Z`).getUTCDay() + 6) % 7;
}

/** The first day of the week that holds `day`: Monday in Russian, Sunday in English. */
export function weekStart(day: CalendarDay, locale: UiLocale): CalendarDay {
  const back = locale === 'ru' ? mondayIndex(day) : (mondayIndex(day) + 1) % 7;
  return addDays(day, -back);
}

export function weekDays(day: CalendarDay, locale: UiLocale): CalendarDay[] {
  const first = weekStart(day, locale);
  return Array.from({ length: 7 }, (_, i) => addDays(first, i));
}

/** The offset of the zone from UTC at an instant, in minutes (Moscow: +180). */
function offsetMinutes(instant: number, timeZone?: string): number {
  const w = wallTime(new Date(instant), timeZone);
  const asUtc = Date.UTC(Number(w.day.slice(0, 4)), Number(w.day.slice(5, 7)) - 1, Number(w.day.slice(8, 10)), w.hour, w.minute);
  return Math.round((asUtc - Math.floor(instant / 60_000) * 60_000) / 60_000);
}

/** The instant of a wall-clock time on a day in the zone. */
export function instantOf(day: CalendarDay, hour: number, minute: number, timeZone?: string): Date {
  const guess = Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10)), hour, minute);
  const first = guess - offsetMinutes(guess, timeZone) * 60_000;
  // Near a daylight-saving change the offset at the result may differ from the guess's.
  return new Date(guess - offsetMinutes(first, timeZone) * 60_000);
}

/** The same wall-clock time on another day (drag to a day in the week view). */
export function movedToDay(dueAt: string, day: CalendarDay, timeZone?: string): string {
  const w = wallTime(new Date(dueAt), timeZone);
  return instantOf(day, w.hour, w.minute, timeZone).toISOString();
}

/** The day and hour of a slot, keeping the minutes (drag to an hour in the day view). */
export function movedToSlot(dueAt: string, day: CalendarDay, hour: number, timeZone?: string): string {
  const w = wallTime(new Date(dueAt), timeZone);
  return instantOf(day, hour, w.minute, timeZone).toISOString();
}

/** The range [from, to) of instants a list of days covers, for the records query. */
export function rangeOf(days: readonly CalendarDay[], timeZone?: string): { from: string; to: string } {
  const first = days[0] ?? dayOf(new Date(), timeZone);
  const last = days[days.length - 1] ?? first;
  return { from: instantOf(first, 0, 0, timeZone).toISOString(), to: instantOf(addDays(last, 1), 0, 0, timeZone).toISOString() };
}

/**
 * A day's heading: "Пн, 30 нояб." / "Mon 30 Nov" (short) or the full form (long). Only the first
 * letter is capital: some ICU builds (Chromium's) give the Russian month capitalised mid-phrase.
 */
export function dayTitle(day: CalendarDay, locale: UiLocale, style: 'short' | 'long'): string {
  const options: Intl.DateTimeFormatOptions = style === 'short' ? { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' } : { weekday: 'long', day: 'numeric', month: 'long', timeZone: 'UTC' };
  const parts = new Intl.DateTimeFormat(locale === 'ru' ? 'ru-RU' : 'en-GB', options).formatToParts(new Date(`${day}T12:00:00Z`));
  const text = parts.map((p) => (locale === 'ru' && p.type === 'month' ? p.value.toLocaleLowerCase('ru') : p.value)).join('');
  return text.charAt(0).toLocaleUpperCase(locale) + text.slice(1);
}

/** A move asked for from the keyboard: days and hours to shift an item's due time by. */
export interface KeyboardShift {
  days: number;
  hours: number;
}

/**
 * The keyboard's alternative to dragging: on a focused item, Alt+←/→ moves it a day, Alt+↑/↓ an
 * hour. Other keys are not a move (null), so the page's own keys keep working.
 */
export function keyboardShift(key: string, altKey: boolean): KeyboardShift | null {
  if (!altKey) return null;
  if (key === 'ArrowLeft') return { days: -1, hours: 0 };
  if (key === 'ArrowRight') return { days: 1, hours: 0 };
  if (key === 'ArrowUp') return { days: 0, hours: -1 };
  if (key === 'ArrowDown') return { days: 0, hours: 1 };
  return null;
}

/** Where a shift takes an item: a day keeps its time (hour null); an hour past midnight either way is the next or previous day. */
export function shiftTarget(item: { day: CalendarDay; hour: number }, shift: KeyboardShift): { day: CalendarDay; hour: number | null } {
  if (shift.hours === 0) return { day: addDays(item.day, shift.days), hour: null };
  const hours = item.hour + shift.hours;
  const dayShift = Math.floor(hours / 24);
  return { day: addDays(item.day, shift.days + dayShift), hour: hours - dayShift * 24 };
}

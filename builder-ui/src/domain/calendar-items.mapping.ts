import type { CalendarSource } from '../api/calendar.api.js';
import { wallTime, type CalendarDay } from './calendar-grid.rules.js';

/*
 * The calendar's items from the records it read: task records (by due time) and activities (a
 * call, a meeting…, by due time), each placed on its day and hour in the person's time zone; and
 * the reminders of their open process tasks that fall in the range shown.
 */

export interface CalendarItem {
  /** `<entity>:<id>`. */
  key: string;
  entity: 'task' | 'activity';
  id: string;
  version: number;
  /** task, or the activity's kind (call, meeting, email, …). */
  kind: string;
  title: string;
  dueAt: string;
  day: CalendarDay;
  hour: number;
  minute: number;
  done: boolean;
}

export interface CalendarReminder {
  id: string;
  title: string;
  at: string;
  kind: 'remind' | 'due';
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

export function calendarItems(source: CalendarSource, timeZone?: string): CalendarItem[] {
  const items: CalendarItem[] = [];
  const add = (entity: 'task' | 'activity', record: CalendarSource['tasks'][number], kind: string, title: string, done: boolean): void => {
    const dueAt = record['due_at'];
    if (typeof dueAt !== 'string' || Number.isNaN(new Date(dueAt).getTime())) return;
    const w = wallTime(new Date(dueAt), timeZone);
    items.push({ key: `${entity}:${record.id}`, entity, id: record.id, version: record.version, kind, title, dueAt, day: w.day, hour: w.hour, minute: w.minute, done });
  };
  for (const r of source.tasks) add('task', r, 'task', text(r['title']), r['status'] === 'done');
  for (const r of source.activities) add('activity', r, text(r['kind']) || 'activity', text(r['subject']), r['done'] === true);
  return items.sort((a, b) => (a.dueAt < b.dueAt ? -1 : a.dueAt > b.dueAt ? 1 : a.key.localeCompare(b.key)));
}

/** Reminders and due times of open process tasks inside [from, to), the earliest first. */
export function calendarReminders(source: CalendarSource, from: string, to: string): CalendarReminder[] {
  const inside = (at: string | null): at is string => at !== null && new Date(at) >= new Date(from) && new Date(at) < new Date(to);
  return source.processTasks
    .flatMap((t) => [
      ...(inside(t.remindAt) ? [{ id: `${t.id}:remind`, title: t.title, at: t.remindAt, kind: 'remind' as const }] : []),
      ...(inside(t.dueAt) ? [{ id: `${t.id}:due`, title: t.title, at: t.dueAt, kind: 'due' as const }] : []),
    ])
    .sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
}

/** Items of a day, or of one hour of it. */
export function itemsAt(items: readonly CalendarItem[], day: CalendarDay, hour?: number): CalendarItem[] {
  return items.filter((i) => i.day === day && (hour === undefined || i.hour === hour));
}

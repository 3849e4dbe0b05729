import type { CalendarSource } from '../api/calendar.api.js';
import { wallTime, type CalendarDay } from './calendar-grid.rules.js';
import { isDone, kindLabelOf, type CalendarLayer } from './calendar-layers.mapping.js';

/*
 * The calendar's items from the records each layer read (calendar-layers.mapping.ts), each placed
 * on its day and hour in the person's time zone (a date-only item on its day, all day); and the
 * reminders of their open process tasks that fall in the range shown.
 */

export interface CalendarItem {
  /** `<entity>:<id>`. */
  key: string;
  entity: string;
  id: string;
  version: number;
  /** The layer (calendar view) it came from: its colour, and the field a move changes. */
  layer: string;
  dateField: string;
  /** The kind as the person reads it: "Звонок", "Встреча", or the layer's label. */
  kindLabel: string;
  title: string;
  /** The stored value: an instant, or a date for all-day items. */
  dueAt: string;
  allDay: boolean;
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

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

export function calendarItems(source: CalendarSource, layers: readonly CalendarLayer[], locale: string, timeZone?: string): CalendarItem[] {
  const items = new Map<string, CalendarItem>();
  for (const layer of layers) {
    for (const record of source.records[layer.view] ?? []) {
      const value = record[layer.dateField];
      if (typeof value !== 'string') continue;
      const key = `${layer.entity}:${record.id}`;
      // Two views of one entity may both hold a record: it is one item, shown once.
      if (items.has(key)) continue;
      const allDay = layer.allDay || DATE_ONLY.test(value);
      if (!allDay && Number.isNaN(new Date(value).getTime())) continue;
      const w = allDay ? { day: value.slice(0, 10), hour: 0, minute: 0 } : wallTime(new Date(value), timeZone);
      const title = layer.titleField ? record[layer.titleField] : undefined;
      items.set(key, {
        key,
        entity: layer.entity,
        id: record.id,
        version: record.version,
        layer: layer.view,
        dateField: layer.dateField,
        kindLabel: kindLabelOf(layer, record, locale),
        title: typeof title === 'string' && title !== '' ? title : record.id,
        dueAt: value,
        allDay,
        day: w.day,
        hour: w.hour,
        minute: w.minute,
        done: isDone(layer, record),
      });
    }
  }
  return [...items.values()].sort((a, b) => (a.day !== b.day ? (a.day < b.day ? -1 : 1) : a.allDay !== b.allDay ? (a.allDay ? -1 : 1) : a.dueAt < b.dueAt ? -1 : a.dueAt > b.dueAt ? 1 : a.key.localeCompare(b.key)));
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

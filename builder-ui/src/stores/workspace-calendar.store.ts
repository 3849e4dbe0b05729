import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { App, UiLocale } from '@crm/schemas';
import { fetchCalendarItems, patchDate, type CalendarSource } from '../api/calendar.api.js';
import { isApiError } from '../api/http.client.js';
import { detailMessage } from '../domain/api-error.mapping.js';
import { addDays, dayOf, movedToDay, movedToSlot, rangeOf, wallTime, weekDays, type CalendarDay } from '../domain/calendar-grid.rules.js';
import { calendarItems, calendarReminders } from '../domain/calendar-items.mapping.js';
import { calendarLayers, type CalendarLayer } from '../domain/calendar-layers.mapping.js';

/*
 * The calendar: the layers the definition's calendar views give (the person's tasks, calls and
 * meetings in the sales template), a week or a day around `anchor`, in the browser's time zone;
 * layers can be hidden. Moving an item to another day (week) or hour (day) PATCHes its date field
 * on the version read; the item moves at once and goes back with the reason when the server refuses.
 */

export type CalendarView = 'week' | 'day';

const EMPTY: CalendarSource = { records: {}, processTasks: [] };

export const useWorkspaceCalendarStore = defineStore('workspace-calendar', () => {
  const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const view = ref<CalendarView>('week');
  const anchor = ref<CalendarDay>(dayOf(new Date(), timeZone));
  const locale = ref<UiLocale>('ru');
  const source = ref<CalendarSource>(EMPTY);
  const loading = ref(false);
  const loadError = ref<unknown>(null);
  /** Item key -> why its last move was refused. */
  const problems = ref<Record<string, string>>({});
  /** Bumped on every move attempt, so the grid re-reads its lists after a refused drop. */
  const revision = ref(0);
  const layers = ref<CalendarLayer[]>([]);
  /** Layers the person switched off (view names). */
  const hidden = ref<string[]>([]);
  const shownLayers = computed(() => layers.value.filter((l) => !hidden.value.includes(l.view)));

  const days = computed<CalendarDay[]>(() => (view.value === 'week' ? weekDays(anchor.value, locale.value) : [anchor.value]));
  const range = computed(() => rangeOf(days.value, timeZone));
  const items = computed(() => calendarItems(source.value, shownLayers.value, locale.value, timeZone));
  const reminders = computed(() => calendarReminders(source.value, range.value.from, range.value.to));

  async function loadCalendar(): Promise<void> {
    loading.value = true;
    loadError.value = null;
    try {
      source.value = await fetchCalendarItems(range.value.from, range.value.to, layers.value);
    } catch (error: unknown) {
      loadError.value = error;
    } finally {
      loading.value = false;
    }
  }

  /** `definition`: the app as the person sees it (its calendar views are the layers). */
  async function applyPeriod(next: { view?: CalendarView; anchor?: CalendarDay; locale?: UiLocale; definition?: Pick<App, 'views' | 'entities'> }): Promise<void> {
    if (next.view) view.value = next.view;
    if (next.anchor) anchor.value = next.anchor;
    if (next.locale) locale.value = next.locale;
    if (next.definition) layers.value = calendarLayers(next.definition);
    await loadCalendar();
  }

  /** Shows or hides a layer; what is loaded stays, so this needs no request. */
  function applyLayerShown(name: string, shown: boolean): void {
    hidden.value = shown ? hidden.value.filter((n) => n !== name) : [...new Set([...hidden.value, name])];
  }

  async function applyStep(direction: -1 | 0 | 1): Promise<void> {
    const today = dayOf(new Date(), timeZone);
    await applyPeriod({ anchor: direction === 0 ? today : addDays(anchor.value, direction * (view.value === 'week' ? 7 : 1)) });
  }

  function setDue(layer: string, field: string, id: string, value: string, version?: number): void {
    const records = source.value.records[layer] ?? [];
    source.value = { ...source.value, records: { ...source.value.records, [layer]: records.map((r) => (r.id === id ? { ...r, [field]: value, ...(version === undefined ? {} : { version }) } : r)) } };
  }

  /** Moves an item to `day` (keeping its time) or, with `hour`, to that hour of the day; an all-day item moves by days only. */
  async function applyMove(key: string, day: CalendarDay, hour: number | null): Promise<boolean> {
    revision.value += 1;
    const item = items.value.find((i) => i.key === key);
    if (!item) return false;
    if (item.allDay) {
      if (item.day === day) return false;
    } else {
      const now = wallTime(new Date(item.dueAt), timeZone);
      if (now.day === day && (hour === null || now.hour === hour)) return false;
    }
    const dueAt = item.allDay ? day : hour === null ? movedToDay(item.dueAt, day, timeZone) : movedToSlot(item.dueAt, day, hour, timeZone);
    problems.value = Object.fromEntries(Object.entries(problems.value).filter(([k]) => k !== key));
    const before = item.dueAt;
    setDue(item.layer, item.dateField, item.id, dueAt);
    try {
      const saved = await patchDate(item.entity, item.id, item.dateField, dueAt, item.version);
      const stored = saved[item.dateField];
      setDue(item.layer, item.dateField, item.id, typeof stored === 'string' ? stored : dueAt, saved.version);
      return true;
    } catch (error: unknown) {
      setDue(item.layer, item.dateField, item.id, before);
      revision.value += 1;
      const detail = isApiError(error) ? error.details[0] : undefined;
      const message = (detail ? detailMessage(detail, locale.value) : undefined) ?? (error instanceof Error ? error.message : String(error));
      problems.value = { ...problems.value, [key]: message };
      return false;
    }
  }

  return { timeZone, view, anchor, days, range, layers, hidden, items, reminders, loading, loadError, problems, revision, loadCalendar, applyPeriod, applyLayerShown, applyStep, applyMove };
});

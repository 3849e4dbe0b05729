import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { UiLocale } from '@crm/schemas';
import { fetchCalendarItems, patchDueAt, type CalendarSource } from '../api/calendar.api.js';
import { isApiError } from '../api/http.client.js';
import { detailMessage } from '../domain/api-error.mapping.js';
import { addDays, dayOf, movedToDay, movedToSlot, rangeOf, wallTime, weekDays, type CalendarDay } from '../domain/calendar-grid.rules.js';
import { calendarItems, calendarReminders } from '../domain/calendar-items.mapping.js';

/*
 * The calendar of the person's tasks, calls and meetings: a week or a day around `anchor`, in the
 * browser's time zone. Moving an item to another day (week) or hour (day) PATCHes its due time on
 * the version read; the item moves at once and goes back with the reason when the server refuses.
 */

export type CalendarView = 'week' | 'day';

const EMPTY: CalendarSource = { tasks: [], activities: [], processTasks: [] };

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
  let readable: readonly string[] = [];

  const days = computed<CalendarDay[]>(() => (view.value === 'week' ? weekDays(anchor.value, locale.value) : [anchor.value]));
  const range = computed(() => rangeOf(days.value, timeZone));
  const items = computed(() => calendarItems(source.value, timeZone));
  const reminders = computed(() => calendarReminders(source.value, range.value.from, range.value.to));

  async function loadCalendar(): Promise<void> {
    loading.value = true;
    loadError.value = null;
    try {
      source.value = await fetchCalendarItems(range.value.from, range.value.to, readable);
    } catch (error: unknown) {
      loadError.value = error;
    } finally {
      loading.value = false;
    }
  }

  async function applyPeriod(next: { view?: CalendarView; anchor?: CalendarDay; locale?: UiLocale; readable?: readonly string[] }): Promise<void> {
    if (next.view) view.value = next.view;
    if (next.anchor) anchor.value = next.anchor;
    if (next.locale) locale.value = next.locale;
    if (next.readable) readable = next.readable;
    await loadCalendar();
  }

  async function applyStep(direction: -1 | 0 | 1): Promise<void> {
    const today = dayOf(new Date(), timeZone);
    await applyPeriod({ anchor: direction === 0 ? today : addDays(anchor.value, direction * (view.value === 'week' ? 7 : 1)) });
  }

  function setDue(key: string, dueAt: string, version?: number): void {
    const [entity, id] = key.split(':');
    const list = entity === 'task' ? 'tasks' : 'activities';
    source.value = { ...source.value, [list]: source.value[list].map((r) => (r.id === id ? { ...r, due_at: dueAt, ...(version === undefined ? {} : { version }) } : r)) };
  }

  /** Moves an item to `day` (keeping its time) or, with `hour`, to that hour of the day. */
  async function applyMove(key: string, day: CalendarDay, hour: number | null): Promise<boolean> {
    revision.value += 1;
    const item = items.value.find((i) => i.key === key);
    if (!item) return false;
    const dueAt = hour === null ? movedToDay(item.dueAt, day, timeZone) : movedToSlot(item.dueAt, day, hour, timeZone);
    const now = wallTime(new Date(item.dueAt), timeZone);
    if (now.day === day && (hour === null || now.hour === hour)) return false;
    problems.value = Object.fromEntries(Object.entries(problems.value).filter(([k]) => k !== key));
    const before = item.dueAt;
    setDue(key, dueAt);
    try {
      const saved = await patchDueAt(item.entity, item.id, dueAt, item.version);
      setDue(key, typeof saved['due_at'] === 'string' ? saved['due_at'] : dueAt, saved.version);
      return true;
    } catch (error: unknown) {
      setDue(key, before);
      revision.value += 1;
      const detail = isApiError(error) ? error.details[0] : undefined;
      const message = (detail ? detailMessage(detail, locale.value) : undefined) ?? (error instanceof Error ? error.message : String(error));
      problems.value = { ...problems.value, [key]: message };
      return false;
    }
  }

  return { timeZone, view, anchor, days, range, items, reminders, loading, loadError, problems, revision, loadCalendar, applyPeriod, applyStep, applyMove };
});

/*
 * How urgent a piece of work is by its due time, compared with now in the person's time zone:
 * overdue (past), today (later today), soon (tomorrow), later, or none (no due time).
 */

export type DueState = 'overdue' | 'today' | 'soon' | 'later' | 'none';

/** The calendar day ("2026-12-04") of an instant in a time zone. */
export function dayIn(instant: Date, timeZone: string | undefined): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(instant);
  const get = (type: string): string => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

function nextDay(day: string): string {
  const d = new Date(`${day}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

export function dueState(dueAt: string | null | undefined, now: Date, timeZone?: string): DueState {
  if (!dueAt) return 'none';
  const due = new Date(dueAt);
  if (Number.isNaN(due.getTime())) return 'none';
  if (due.getTime() < now.getTime()) return 'overdue';
  const today = dayIn(now, timeZone);
  const day = dayIn(due, timeZone);
  if (day === today) return 'today';
  if (day === nextDay(today)) return 'soon';
  return 'later';
}

/** Earliest due first; work without a due time last, newest first among them. */
export function byDue<T extends { due: string | null; created?: string | null }>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => {
    if (a.due && b.due) return a.due < b.due ? -1 : a.due > b.due ? 1 : 0;
    if (a.due) return -1;
    if (b.due) return 1;
    return (b.created ?? '').localeCompare(a.created ?? '');
  });
}

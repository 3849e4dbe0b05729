import type { Condition } from '@crm/schemas';
import { listRecords, updateRecord, type RecordData } from './records.api.js';
import { fetchMyTasks, type HumanTask } from './tasks.api.js';

/*
 * What the calendar shows: for each layer (a calendar view of the definition) its records dated in
 * a range, and the reminders of the person's open process tasks; and moving an item's date.
 */

/** The part of a layer the server is asked about. */
export interface CalendarQuery {
  view: string;
  entity: string;
  dateField: string;
  filter: unknown;
}

export interface CalendarSource {
  /** Records by layer (view name). */
  records: Record<string, RecordData[]>;
  /** Open process tasks (their reminders and due times). */
  processTasks: HumanTask[];
}

const PER_LAYER = 200;

function datedBetween(query: CalendarQuery, from: string, to: string): Condition {
  const range: Condition[] = [
    { field: query.dateField, op: 'gte', value: from },
    { field: query.dateField, op: 'lt', value: to },
  ];
  return { and: query.filter ? [query.filter as Condition, ...range] : range };
}

export async function fetchCalendarItems(from: string, to: string, layers: readonly CalendarQuery[]): Promise<CalendarSource> {
  const [pages, processTasks] = await Promise.all([
    Promise.all(layers.map((l) => listRecords(l.entity, { filter: datedBetween(l, from, to), sort: l.dateField, limit: PER_LAYER }))),
    fetchMyTasks(),
  ]);
  return { records: Object.fromEntries(layers.map((l, i) => [l.view, pages[i]?.data ?? []])), processTasks };
}

/** Moves an item's date on the version it was read at (412 when someone changed it since). */
export async function patchDate(entity: string, id: string, field: string, value: string, version: number): Promise<RecordData> {
  return updateRecord(entity, id, { [field]: value }, version);
}

import type { Condition } from '@crm/schemas';
import { listRecords, updateRecord, type RecordData } from './records.api.js';
import { fetchMyTasks, type HumanTask } from './tasks.api.js';

/*
 * What the calendar shows: the person's `task` records and the activities (calls, meetings) due in
 * a range, and the reminders of their open process tasks; and moving an item's due time.
 */

export interface CalendarSource {
  tasks: RecordData[];
  activities: RecordData[];
  /** Open process tasks (their reminders and due times). */
  processTasks: HumanTask[];
}

function dueBetween(from: string, to: string): Condition[] {
  return [
    { field: 'due_at', op: 'gte', value: from },
    { field: 'due_at', op: 'lt', value: to },
  ];
}

/** Entities the person may not read are skipped (an empty list), not an error. */
export async function fetchCalendarItems(from: string, to: string, readable: readonly string[]): Promise<CalendarSource> {
  const mine: Condition = { field: 'owner', op: 'eq', value: '$user' };
  const [tasks, activities, processTasks] = await Promise.all([
    readable.includes('task') ? listRecords('task', { filter: { and: [{ field: 'assignee', op: 'eq', value: '$user' }, ...dueBetween(from, to)] }, sort: 'due_at', limit: 200 }) : null,
    readable.includes('activity') ? listRecords('activity', { filter: { and: [mine, ...dueBetween(from, to)] }, sort: 'due_at', limit: 200 }) : null,
    fetchMyTasks(),
  ]);
  return { tasks: tasks?.data ?? [], activities: activities?.data ?? [], processTasks };
}

/** Moves an item's due time on the version it was read at (412 when someone changed it since). */
export async function patchDueAt(entity: string, id: string, dueAt: string, version: number): Promise<RecordData> {
  return updateRecord(entity, id, { due_at: dueAt }, version);
}

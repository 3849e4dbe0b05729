import type { Condition, HumanTask, HumanTaskList, TaskAssignee, TaskOutcome } from '@crm/schemas';
import { apiRequest } from './http.client.js';
import { listRecords, updateRecord, type RecordData } from './records.api.js';

/*
 * /api/tasks: the human tasks and approvals the engine gives people (runtime/src/processes/
 * tasks.routes.ts), and the `task` records assigned to the person (the records API).
 *
 * The shapes are the contract types of @crm/schemas (http/tasks.contract.ts).
 */

export type { HumanTask, TaskAssignee, TaskOutcome };

/** The open tasks and approvals assigned to the signed-in person, the earliest due first. */
export async function fetchMyTasks(): Promise<HumanTask[]> {
  return (await apiRequest<HumanTaskList>('GET', '/api/tasks?assignee=me&status=open')).data;
}

export async function completeTask(id: string, outcome: TaskOutcome, comment: string): Promise<HumanTask> {
  return apiRequest<HumanTask>('POST', `/api/tasks/${encodeURIComponent(id)}/complete`, { outcome, ...(comment.trim() ? { comment: comment.trim() } : {}) });
}

/** The people the task may be handed to (empty: it may not be handed on). */
export async function fetchTaskAssignees(id: string): Promise<TaskAssignee[]> {
  return (await apiRequest<{ data: TaskAssignee[] }>('GET', `/api/tasks/${encodeURIComponent(id)}/assignees`)).data;
}

export async function reassignTask(id: string, assignee: string): Promise<void> {
  await apiRequest<unknown>('POST', `/api/tasks/${encodeURIComponent(id)}/reassign`, { assignee });
}

/** `task` records assigned to the signed-in person that are not done, the earliest due first. */
export async function fetchMyTaskRecords(): Promise<RecordData[]> {
  const filter: Condition = { and: [{ field: 'assignee', op: 'eq', value: '$user' }, { field: 'status', op: 'ne', value: 'done' }] };
  return (await listRecords('task', { filter, sort: 'due_at', limit: 100 })).data;
}

export async function markTaskRecordDone(id: string, version: number): Promise<RecordData> {
  return updateRecord('task', id, { status: 'done' }, version);
}

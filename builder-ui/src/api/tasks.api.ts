import type { Condition } from '@crm/schemas';
import { apiRequest } from './http.client.js';
import { listRecords, updateRecord, type RecordData } from './records.api.js';

/*
 * /api/tasks: the human tasks and approvals the engine gives people (runtime/src/processes/
 * tasks.routes.ts), and the `task` records assigned to the person (the records API).
 *
 * Contract types defined here (the engine's HumanTask, not exported by @crm/schemas): HumanTask,
 * TaskOutcome, TaskAssignee.
 */

export interface HumanTask {
  id: string;
  kind: 'task' | 'approval';
  title: string;
  description: string | null;
  assignee: string | null;
  status: string;
  outcome: string | null;
  comment: string | null;
  dueAt: string | null;
  remindAt: string | null;
  entity: string | null;
  recordId: string | null;
  runId: string | null;
  escalation: { round: number; from: string[]; reason: unknown } | null;
  createdAt: string;
}

/** An approval is approved or rejected; a plain task is done. */
export type TaskOutcome = 'approved' | 'rejected' | 'done';

export interface TaskAssignee {
  id: string;
  name: string;
  email: string;
}

/** The open tasks and approvals assigned to the signed-in person, the earliest due first. */
export async function fetchMyTasks(): Promise<HumanTask[]> {
  return (await apiRequest<{ data: HumanTask[] }>('GET', '/api/tasks?assignee=me&status=open')).data;
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

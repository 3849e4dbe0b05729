import type { HumanTask, HumanTaskList, RecordProcessTask, RecordProcessTaskList, TaskAssignee, TaskOutcome } from '@crm/schemas';
import { apiRequest } from './http.client.js';

/*
 * /api/tasks: the human tasks and approvals the engine gives people (runtime/src/processes/
 * tasks.routes.ts). Task records (entities the definition uses as tasks) go through the records API.
 *
 * The shapes are the contract types of @crm/schemas (http/tasks.contract.ts).
 */

export type { HumanTask, RecordProcessTask, TaskAssignee, TaskOutcome };

/** The open tasks and approvals assigned to the signed-in person, the earliest due first. */
export async function fetchMyTasks(): Promise<HumanTask[]> {
  return (await apiRequest<HumanTaskList>('GET', '/api/tasks?assignee=me&status=open')).data;
}

/** Every task and approval processes gave anyone about a record, as far as the person may see them. */
export async function fetchRecordProcessTasks(entity: string, recordId: string): Promise<RecordProcessTask[]> {
  return (await apiRequest<RecordProcessTaskList>('GET', `/api/tasks/on-record/${encodeURIComponent(entity)}/${encodeURIComponent(recordId)}`)).data;
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

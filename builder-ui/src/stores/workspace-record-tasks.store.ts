import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { UiLocale } from '@crm/schemas';
import { completeTask, fetchRecordProcessTasks, fetchTaskAssignees, reassignTask, type RecordProcessTask, type TaskAssignee, type TaskOutcome } from '../api/tasks.api.js';
import { refusalReason } from './refusal-reason.js';

/*
 * The open record's process tasks and approvals (GET /api/tasks/on-record/...): who has what to do
 * about it, and how it was decided. The person's own open ones are decided or handed on in place;
 * after the server accepts, the list is read again (a decision moves the task to "done", a hand-over
 * to someone else's), and when it refuses, the reason stays on the task.
 */

export const useWorkspaceRecordTasksStore = defineStore('workspace-record-tasks', () => {
  const recordKey = ref<string | null>(null);
  const tasks = ref<RecordProcessTask[]>([]);
  const loadError = ref<unknown>(null);
  /** Task id -> why the last action on it was refused. */
  const problems = ref<Record<string, string>>({});
  const assignees = ref<Record<string, TaskAssignee[]>>({});
  const busy = ref<Record<string, boolean>>({});

  async function loadRecordTasks(entity: string, recordId: string): Promise<void> {
    const key = `${entity}/${recordId}`;
    if (recordKey.value !== key) {
      recordKey.value = key;
      tasks.value = [];
      problems.value = {};
      assignees.value = {};
    }
    loadError.value = null;
    try {
      const loaded = await fetchRecordProcessTasks(entity, recordId);
      if (recordKey.value === key) tasks.value = loaded;
    } catch (error: unknown) {
      if (recordKey.value === key) loadError.value = error;
    }
  }

  async function act(id: string, locale: UiLocale, action: () => Promise<void>): Promise<boolean> {
    busy.value = { ...busy.value, [id]: true };
    const { [id]: _cleared, ...rest } = problems.value;
    problems.value = rest;
    try {
      await action();
      return true;
    } catch (error: unknown) {
      problems.value = { ...problems.value, [id]: refusalReason(error, locale) };
      return false;
    } finally {
      busy.value = { ...busy.value, [id]: false };
    }
  }

  async function reload(): Promise<void> {
    const [entity, recordId] = (recordKey.value ?? '').split('/');
    if (entity && recordId) await loadRecordTasks(entity, recordId);
  }

  /** Approves, rejects or completes one of the person's tasks with their comment. */
  async function applyDecision(id: string, outcome: TaskOutcome, comment: string, locale: UiLocale): Promise<boolean> {
    const done = await act(id, locale, () => completeTask(id, outcome, comment).then(() => undefined));
    if (done) await reload();
    return done;
  }

  async function loadAssignees(id: string, locale: UiLocale): Promise<void> {
    await act(id, locale, async () => {
      assignees.value = { ...assignees.value, [id]: await fetchTaskAssignees(id) };
    });
  }

  async function applyReassign(id: string, assignee: string, locale: UiLocale): Promise<boolean> {
    const done = await act(id, locale, () => reassignTask(id, assignee));
    if (done) await reload();
    return done;
  }

  return { tasks, loadError, problems, assignees, busy, loadRecordTasks, applyDecision, loadAssignees, applyReassign };
});

import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { UiLocale } from '@crm/schemas';
import { isApiError } from '../api/http.client.js';
import type { RecordData } from '../api/records.api.js';
import { completeTask, fetchMyTaskRecords, fetchMyTasks, fetchTaskAssignees, markTaskRecordDone, reassignTask, type HumanTask, type TaskAssignee, type TaskOutcome } from '../api/tasks.api.js';
import { detailMessage } from '../domain/api-error.mapping.js';

/*
 * My work: the open tasks and approvals the engine assigned to the person (the inbox) and the
 * `task` records assigned to them. A decision, a reassignment or "done" takes the item off the
 * list when the server accepts it; when it refuses, the reason stays on the item.
 */

function reasonOf(error: unknown, locale: UiLocale): string {
  if (!isApiError(error)) return error instanceof Error ? error.message : String(error);
  const detail = error.details[0];
  return (detail ? detailMessage(detail, locale) : undefined) ?? error.message;
}

export const useWorkspaceMyWorkStore = defineStore('workspace-my-work', () => {
  const tasks = ref<HumanTask[]>([]);
  const records = ref<RecordData[]>([]);
  /** Whether `task` records could be read (the role may not read that entity). */
  const recordsReadable = ref(true);
  const loading = ref(false);
  const loadError = ref<unknown>(null);
  /** Item id -> why the last action on it was refused. */
  const problems = ref<Record<string, string>>({});
  /** Task id -> the people it may be handed to (loaded on demand). */
  const assignees = ref<Record<string, TaskAssignee[]>>({});
  const busy = ref<Record<string, boolean>>({});
  /** The last thing done, for the live region ("Approved: …"). */
  const lastDone = ref<{ title: string; outcome: TaskOutcome | 'reassigned' } | null>(null);

  function setProblem(id: string, message: string | null): void {
    const next = Object.fromEntries(Object.entries(problems.value).filter(([k]) => k !== id));
    problems.value = message === null ? next : { ...next, [id]: message };
  }

  async function loadMyWork(readEntities: readonly string[]): Promise<void> {
    loading.value = true;
    loadError.value = null;
    try {
      recordsReadable.value = readEntities.includes('task');
      const [inbox, mine] = await Promise.all([fetchMyTasks(), recordsReadable.value ? fetchMyTaskRecords() : Promise.resolve([])]);
      tasks.value = inbox;
      records.value = mine;
    } catch (error: unknown) {
      loadError.value = error;
    } finally {
      loading.value = false;
    }
  }

  async function run(id: string, locale: UiLocale, action: () => Promise<void>): Promise<boolean> {
    busy.value = { ...busy.value, [id]: true };
    setProblem(id, null);
    try {
      await action();
      return true;
    } catch (error: unknown) {
      setProblem(id, reasonOf(error, locale));
      return false;
    } finally {
      busy.value = { ...busy.value, [id]: false };
    }
  }

  /** Approves, rejects or completes a task with the person's comment. */
  async function applyDecision(id: string, outcome: TaskOutcome, comment: string, locale: UiLocale): Promise<boolean> {
    const task = tasks.value.find((t) => t.id === id);
    return run(id, locale, async () => {
      await completeTask(id, outcome, comment);
      tasks.value = tasks.value.filter((t) => t.id !== id);
      lastDone.value = { title: task?.title ?? '', outcome };
    });
  }

  async function loadAssignees(id: string, locale: UiLocale): Promise<void> {
    await run(id, locale, async () => {
      assignees.value = { ...assignees.value, [id]: await fetchTaskAssignees(id) };
    });
  }

  async function applyReassign(id: string, assignee: string, locale: UiLocale): Promise<boolean> {
    const task = tasks.value.find((t) => t.id === id);
    return run(id, locale, async () => {
      await reassignTask(id, assignee);
      tasks.value = tasks.value.filter((t) => t.id !== id);
      lastDone.value = { title: task?.title ?? '', outcome: 'reassigned' };
    });
  }

  async function applyRecordDone(id: string, locale: UiLocale): Promise<boolean> {
    const record = records.value.find((r) => r.id === id);
    if (!record) return false;
    return run(id, locale, async () => {
      await markTaskRecordDone(id, record.version);
      records.value = records.value.filter((r) => r.id !== id);
      lastDone.value = { title: typeof record['title'] === 'string' ? record['title'] : '', outcome: 'done' };
    });
  }

  return { tasks, records, recordsReadable, loading, loadError, problems, assignees, busy, lastDone, loadMyWork, applyDecision, loadAssignees, applyReassign, applyRecordDone };
});

import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { App, UiLocale } from '@crm/schemas';
import { listRecords, updateRecord, type RecordData } from '../api/records.api.js';
import { completeTask, fetchMyTasks, fetchTaskAssignees, reassignTask, type HumanTask, type TaskAssignee, type TaskOutcome } from '../api/tasks.api.js';
import { refusalReason } from './refusal-reason.js';
import { doneChange, myOpenTasksFilter, taskEntities, taskTitle, type TaskEntity } from '../domain/task-entities.rules.js';

/*
 * My work: the open tasks and approvals the engine assigned to the person (the inbox) and the
 * records of the definition's task entities (task-entities.rules.ts) assigned to them, not done. A decision, a reassignment or "done" takes the item off the
 * list when the server accepts it; when it refuses, the reason stays on the item.
 */

/** A task record and the task entity it is of. */
export interface MyTaskRecord {
  task: TaskEntity;
  record: RecordData;
}

async function loadOpenTasks(task: TaskEntity): Promise<MyTaskRecord[]> {
  const page = await listRecords(task.entity, { filter: myOpenTasksFilter(task), sort: task.dueField, limit: 100 });
  return page.data.map((record) => ({ task, record }));
}


export const useWorkspaceMyWorkStore = defineStore('workspace-my-work', () => {
  const tasks = ref<HumanTask[]>([]);
  const records = ref<MyTaskRecord[]>([]);
  /** Whether any task entity could be read (the role may not read it, or the definition has none). */
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

  async function loadMyWork(readEntities: readonly string[], definition: Pick<App, 'entities' | 'views'> | null): Promise<void> {
    loading.value = true;
    loadError.value = null;
    try {
      const sources = definition ? taskEntities(definition).filter((t) => readEntities.includes(t.entity)) : [];
      recordsReadable.value = sources.length > 0;
      const [inbox, ...mine] = await Promise.all([fetchMyTasks(), ...sources.map((task) => loadOpenTasks(task))]);
      tasks.value = inbox ?? [];
      records.value = mine.flat();
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
      setProblem(id, refusalReason(error, locale));
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

  /** Marks a task record done on the version it was read at. */
  async function applyRecordDone(id: string, locale: UiLocale): Promise<boolean> {
    const item = records.value.find((r) => r.record.id === id);
    if (!item) return false;
    return run(id, locale, async () => {
      await updateRecord(item.task.entity, id, doneChange(item.task), item.record.version);
      records.value = records.value.filter((r) => r.record.id !== id);
      lastDone.value = { title: taskTitle(item.task, item.record) ?? '', outcome: 'done' };
    });
  }

  return { tasks, records, recordsReadable, loading, loadError, problems, assignees, busy, lastDone, loadMyWork, applyDecision, loadAssignees, applyReassign, applyRecordDone };
});

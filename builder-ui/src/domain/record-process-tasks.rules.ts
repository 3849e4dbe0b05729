import type { HumanTask, RecordProcessTask, UiLocale } from '@crm/schemas';

/*
 * A record's process tasks as its page groups them: what the person can act on now (their own open
 * tasks, decided in place), what others still have to do, and what is done, newest first. How a
 * task is named for a reader the server did not give the title to: the step's label, else the kind.
 */

export interface RecordTaskGroups {
  /** Open and assigned to the person: decided right on the record. */
  mine: RecordProcessTask[];
  /** Open and with someone else. */
  waiting: RecordProcessTask[];
  /** Completed, cancelled, escalated or expired, the latest first. */
  closed: RecordProcessTask[];
}

const byDue = (a: RecordProcessTask, b: RecordProcessTask): number => (a.dueAt ?? '\uffff').localeCompare(b.dueAt ?? '\uffff') || b.createdAt.localeCompare(a.createdAt);
const byClosed = (a: RecordProcessTask, b: RecordProcessTask): number => (b.completedAt ?? b.createdAt).localeCompare(a.completedAt ?? a.createdAt);

export function groupRecordTasks(tasks: readonly RecordProcessTask[], me: string | null): RecordTaskGroups {
  const open = tasks.filter((t) => t.status === 'open').sort(byDue);
  return {
    mine: open.filter((t) => me !== null && t.assignee === me),
    waiting: open.filter((t) => me === null || t.assignee !== me),
    closed: tasks.filter((t) => t.status !== 'open').sort(byClosed),
  };
}

/** The words a task goes by: its title, else its step's label in the person's language, else null (the screen says "Согласование"/"Задача"). */
export function recordTaskName(task: Pick<RecordProcessTask, 'title' | 'label'>, locale: UiLocale): string | null {
  if (task.title) return task.title;
  if (!task.label) return null;
  return locale === 'ru' ? (task.label.ru ?? task.label.en) : task.label.en;
}

/** How a closed task ended, as a message key under recordTasks.outcome. */
export function closedOutcomeKey(task: Pick<RecordProcessTask, 'status' | 'outcome' | 'kind'>): string {
  if (task.status === 'completed') return task.outcome === 'approved' || task.outcome === 'rejected' ? task.outcome : 'done';
  return ['cancelled', 'escalated', 'expired'].includes(task.status) ? task.status : 'other';
}

/** One of the person's own open tasks in the inbox item's shape, so the record decides it as My work does. */
export function asInboxTask(task: RecordProcessTask, name: string, record: { entity: string; id: string }): HumanTask {
  return {
    id: task.id,
    kind: task.kind,
    title: name,
    description: task.description,
    assignee: task.assignee,
    status: task.status,
    outcome: task.outcome,
    comment: task.comment,
    dueAt: task.dueAt,
    remindAt: null,
    entity: record.entity,
    recordId: record.id,
    runId: task.runId,
    escalation: null,
    createdAt: task.createdAt,
  };
}

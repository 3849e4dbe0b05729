import type { App, Condition, Entity, Field, View } from '@crm/schemas';

/*
 * Which entities hold the person's tasks comes from the definition, not from a name: an entity is a
 * task entity when one of its views asks for "assigned to me" — it filters a person field (`user`)
 * equal to `$user` — and it has a way to be done (a yes/no field, or an enum with a done value) and
 * a due date. b2b-sales' `task` (assignee, status: done, due_at) is one; its calls and meetings
 * (the owner's, on a calendar) and support-desk's tickets (the owner's queue) are not: they go to
 * the timeline and to lists. The record page lists a task entity's records in its tasks panel; My
 * work lists those assigned to the person and not done, and "done" sets the done field.
 */

/** Enum values that read as done (the same words the calendar's done columns use). */
export const DONE_VALUES: ReadonlySet<string> = new Set(['done', 'completed', 'closed']);

export interface TaskEntity {
  entity: string;
  /** The person field a view filters as `$user`. */
  assigneeField: string;
  /** The yes/no or enum field that says the task is done, and the value that means so. */
  doneField: string;
  doneValue: string | true;
  /** The date the task is due by: the view's sort or calendar date, else the entity's first date field. */
  dueField: string;
  titleField: string | null;
}

type Definition = Pick<App, 'entities' | 'views'>;

function fieldConditions(condition: unknown): Array<{ field: string; op: string; value?: unknown }> {
  if (typeof condition !== 'object' || condition === null) return [];
  const parts = ['and', 'or'].flatMap((key) => {
    const list: unknown = Reflect.get(condition, key);
    return Array.isArray(list) ? list : [];
  });
  const field: unknown = Reflect.get(condition, 'field');
  const op: unknown = Reflect.get(condition, 'op');
  const own = typeof field === 'string' && typeof op === 'string' ? [{ field, op, value: Reflect.get(condition, 'value') }] : [];
  return [...own, ...parts.flatMap(fieldConditions)];
}

function doneValueOf(field: Field): string | true | null {
  if (field.type === 'boolean') return true;
  if (field.type !== 'enum') return null;
  return (field.options ?? []).find((o) => DONE_VALUES.has(o.value))?.value ?? null;
}

function isDate(field: Field | undefined): field is Field {
  return field?.type === 'date' || field?.type === 'datetime';
}

function taskEntityOf(entity: Entity, views: readonly View[]): TaskEntity | null {
  const fieldOf = (name: string) => entity.fields.find((f) => f.name === name);
  for (const view of views) {
    const conditions = fieldConditions(view.filter);
    const assignee = conditions.find((c) => c.op === 'eq' && c.value === '$user' && fieldOf(c.field)?.type === 'user');
    if (!assignee) continue;
    // A done field the view itself filters on ("status ≠ done") is the one meant; else the first.
    const candidates = entity.fields.filter((f) => doneValueOf(f) !== null);
    const done = candidates.find((f) => conditions.some((c) => c.field === f.name)) ?? candidates[0];
    const doneValue = done ? doneValueOf(done) : null;
    const preferred = [view.dateField, ...(view.sort ?? []).map((s) => s.field), ...(view.columns ?? [])].map((name) => (name ? fieldOf(name) : undefined));
    const due = preferred.find(isDate) ?? entity.fields.find((f) => isDate(f));
    if (!done || doneValue === null || !due) continue;
    return { entity: entity.name, assigneeField: assignee.field, doneField: done.name, doneValue, dueField: due.name, titleField: entity.display ?? null };
  }
  return null;
}

export function taskEntities(definition: Definition): TaskEntity[] {
  return definition.entities.flatMap((entity) => {
    const task = taskEntityOf(entity, (definition.views ?? []).filter((v) => v.entity === entity.name));
    return task ? [task] : [];
  });
}

/** The person's open tasks of this entity: assigned to them and not done (a yes/no left empty is not done). */
export function myOpenTasksFilter(task: TaskEntity): Condition {
  const mine: Condition = { field: task.assigneeField, op: 'eq', value: '$user' };
  const open: Condition =
    task.doneValue === true ? { or: [{ field: task.doneField, op: 'eq', value: false }, { field: task.doneField, op: 'isEmpty' }] } : { field: task.doneField, op: 'ne', value: task.doneValue };
  return { and: [mine, open] };
}

/** The change that marks a task done. */
export function doneChange(task: TaskEntity): Record<string, unknown> {
  return { [task.doneField]: task.doneValue };
}

/** The task's title and due date as My work shows them. */
export function taskTitle(task: TaskEntity, record: Readonly<Record<string, unknown>>): string | null {
  const value = task.titleField ? record[task.titleField] : undefined;
  return typeof value === 'string' && value ? value : null;
}

export function taskDue(task: TaskEntity, record: Readonly<Record<string, unknown>>): string | null {
  const value = record[task.dueField];
  return typeof value === 'string' ? value : null;
}

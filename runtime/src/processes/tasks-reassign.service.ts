import type { Knex } from 'knex';
import { BadRequestError, ConflictError, ForbiddenError, NotFoundError, type AppError } from '../errors/index.js';

/*
 * Handing an open task or approval to someone else (POST /api/tasks/:id/reassign {assignee}) and
 * the people it may go to (GET /api/tasks/:id/assignees). The rules:
 *   - only the person it is assigned to, or an admin, may hand it on; only while it is open;
 *   - a person may hand it to an active colleague of their own team or to their manager; an admin
 *     to any active person;
 *   - an approval never goes to someone who already holds an open task of the same approval step
 *     (two votes from one person), nor to the person it is assigned to now.
 */

interface TaskRow {
  id: string;
  kind: string;
  assignee_id: string | null;
  status: string;
  run_id: string | null;
  node_id: string | null;
}

interface PersonRow {
  id: string;
  name: string;
  email: string;
  team_id: string | null;
  manager_id: string | null;
  disabled: boolean | null;
}

export interface Candidate {
  id: string;
  name: string;
  email: string;
}

export interface ReassignCaller {
  id: string;
  isAdmin: boolean;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function noTask(id: string): AppError {
  return NotFoundError.create(`There is no task ${id}.`, [{ field: 'id', code: 'NOT_FOUND', message: `There is no task ${id}.`, message_ru: `Задачи ${id} нет.` }]);
}

async function openTaskOf(db: Knex, taskId: string, caller: ReassignCaller): Promise<TaskRow> {
  if (!UUID.test(taskId)) throw noTask(taskId);
  const task: TaskRow | undefined = await db<TaskRow>('human_tasks').where({ id: taskId }).first('id', 'kind', 'assignee_id', 'status', 'run_id', 'node_id');
  if (!task || (task.assignee_id !== caller.id && !caller.isAdmin)) throw noTask(taskId);
  if (task.status !== 'open') {
    throw ConflictError.create(`The task is already ${task.status}.`, [
      { field: 'status', code: 'TASK_CLOSED', message: `The task is already ${task.status}.`, message_ru: 'Задача уже закрыта, передать её нельзя.' },
    ]);
  }
  return task;
}

/** Open tasks of the same approval step: their holders already have a say in it. */
async function fellowApprovers(db: Knex, task: TaskRow): Promise<Set<string>> {
  if (task.kind !== 'approval' || !task.run_id || !task.node_id) return new Set();
  const rows: Array<{ assignee_id: string | null }> = await db('human_tasks').where({ run_id: task.run_id, node_id: task.node_id, status: 'open' }).select('assignee_id');
  return new Set(rows.flatMap((r) => (r.assignee_id ? [r.assignee_id] : [])));
}

/** The people the caller may hand the task to, by name. */
export async function reassignCandidates(db: Knex, taskId: string, caller: ReassignCaller): Promise<Candidate[]> {
  const task = await openTaskOf(db, taskId, caller);
  const taken = await fellowApprovers(db, task);
  if (task.assignee_id) taken.add(task.assignee_id);
  const me: PersonRow | undefined = await db<PersonRow>('users').where({ id: caller.id }).first();
  const query = db<PersonRow>('users').where((q) => q.where({ disabled: false }).orWhereNull('disabled'));
  if (!caller.isAdmin) {
    const teamId = me?.team_id ?? null;
    const managerId = me?.manager_id ?? null;
    if (teamId === null && managerId === null) return [];
    query.andWhere((q) => {
      if (teamId !== null) q.orWhere({ team_id: teamId });
      if (managerId !== null) q.orWhere({ id: managerId });
    });
  }
  const rows: PersonRow[] = await query.orderBy('name').limit(500).select('id', 'name', 'email', 'team_id', 'manager_id', 'disabled');
  return rows.filter((r) => !taken.has(r.id)).map((r) => ({ id: r.id, name: r.name, email: r.email }));
}

/** Hands the task to `assignee` (a user id) when the rules allow; answers the task's new assignee. */
export async function reassignTask(db: Knex, taskId: string, assignee: unknown, caller: ReassignCaller): Promise<{ id: string; assignee: string }> {
  if (typeof assignee !== 'string' || !UUID.test(assignee)) {
    throw BadRequestError.create('Send {"assignee": "<user id>"}.', [
      { field: 'assignee', code: 'INVALID_PARAMETER', message: 'assignee must be a user id.', message_ru: 'Укажите, кому передать задачу.' },
    ]);
  }
  const allowed = await reassignCandidates(db, taskId, caller);
  if (!allowed.some((c) => c.id === assignee)) {
    throw ForbiddenError.create('You may not hand this task to that person.', [
      {
        field: 'assignee',
        code: 'REASSIGN_NOT_ALLOWED',
        message: 'This task can go only to an active colleague of your team or to your manager, and an approval not to someone who already has it.',
        message_ru: 'Задачу можно передать только активному коллеге из вашей команды или вашему руководителю, а согласование — тому, у кого его ещё нет.',
      },
    ]);
  }
  const updated = await db('human_tasks').where({ id: taskId, status: 'open' }).update({ assignee_id: assignee });
  if (updated === 0) {
    throw ConflictError.create('The task was closed meanwhile.', [{ field: 'status', code: 'TASK_CLOSED', message: 'The task was closed meanwhile.', message_ru: 'Задачу тем временем закрыли.' }]);
  }
  return { id: taskId, assignee };
}

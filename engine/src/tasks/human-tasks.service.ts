import type { Knex } from 'knex';
import { EngineRequestError } from '../engine-request.error.js';
import { isJsonObject, toJson, type JsonValue } from '../json.types.js';
import { announceWork, lockJobOfToken, signalWaitingJob } from '../store/job-signal.store.js';

/*
 * Human tasks and approvals (GET /api/tasks, POST /api/tasks/:id/complete). Completing an approval
 * task locks the approval's waiting job first, then the task (the order workers use too, so the
 * two never deadlock), records the decision and makes the job due; the worker that resumes it
 * reads every decision. With "one" or "any", a second approver acting after the first gets a
 * conflict, so two approvers acting at once give exactly one transition. An escalated approval is
 * a new task for the escalated approver (the earlier one is closed as escalated and can no longer
 * be completed); it says which round it is, whom it came from and why.
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
  completedBy: string | null;
  completedAt: string | null;
  dueAt: string | null;
  remindAt: string | null;
  entity: string | null;
  recordId: string | null;
  runId: string | null;
  nodeId: string | null;
  /** An approval that reached this person by escalation: which escalation, from whom (user ids), and why. */
  escalation: { round: number; from: string[]; reason: JsonValue } | null;
  createdAt: string;
}

interface TaskRow {
  id: string;
  kind: string;
  title: string;
  description: string | null;
  assignee_id: string | null;
  status: string;
  outcome: string | null;
  comment: string | null;
  completed_by: string | null;
  completed_at: string | null;
  due_at: string | null;
  remind_at: string | null;
  entity: string | null;
  record_id: string | null;
  run_id: string | null;
  node_id: string | null;
  token: string | null;
  data: unknown;
  created_at: string;
}

/** human_tasks.data is jsonb: the approval node writes the round and, for an escalated one, whom it came from and why. */
function escalationOf(parsed: unknown): HumanTask['escalation'] {
  if (!isJsonObject(parsed)) return null;
  const round = parsed['round'];
  const from = parsed['escalatedFrom'];
  if (typeof round !== 'number' || round < 1) return null;
  return { round, from: Array.isArray(from) ? from.filter((id): id is string => typeof id === 'string') : [], reason: toJson(parsed['reason']) };
}

function toTask(row: TaskRow): HumanTask {
  return {
    id: row.id,
    kind: row.kind === 'approval' ? 'approval' : 'task',
    title: row.title,
    description: row.description,
    assignee: row.assignee_id,
    status: row.status,
    outcome: row.outcome,
    comment: row.comment,
    completedBy: row.completed_by,
    completedAt: row.completed_at,
    dueAt: row.due_at,
    remindAt: row.remind_at,
    entity: row.entity,
    recordId: row.record_id,
    runId: row.run_id,
    nodeId: row.node_id,
    escalation: row.kind === 'approval' ? escalationOf(row.data) : null,
    createdAt: row.created_at,
  };
}

export interface TaskQuery {
  assigneeId?: string | null;
  status?: string | null;
  kind?: string | null;
  runId?: string | null;
  /** The tasks about one record (both together: the record page's process tasks). */
  entity?: string | null;
  recordId?: string | null;
  limit?: number;
}

export async function listTasks(db: Knex, query: TaskQuery): Promise<HumanTask[]> {
  const q = db<TaskRow>('human_tasks').select('*');
  if (query.assigneeId) q.where({ assignee_id: query.assigneeId });
  if (query.status) q.where({ status: query.status });
  if (query.kind) q.where({ kind: query.kind });
  if (query.runId) q.where({ run_id: query.runId });
  if (query.entity) q.where({ entity: query.entity });
  if (query.recordId) q.where({ record_id: query.recordId });
  const rows: TaskRow[] = await q.orderByRaw('due_at ASC NULLS LAST, created_at DESC, id').limit(Math.min(500, query.limit ?? 100));
  return rows.map(toTask);
}

export async function getTask(db: Knex, id: string): Promise<HumanTask | null> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
  const row: TaskRow | undefined = await db<TaskRow>('human_tasks').where({ id }).first();
  return row ? toTask(row) : null;
}

export interface CompleteTaskRequest {
  taskId: string;
  userId: string;
  /** Admins may complete anyone's task. */
  isAdmin: boolean;
  outcome: unknown;
  comment: unknown;
}

const APPROVAL_OUTCOMES = new Set(['approved', 'rejected']);

export async function completeTask(knex: Knex, request: CompleteTaskRequest): Promise<HumanTask> {
  const { taskId, userId, isAdmin } = request;
  if (!/^[0-9a-f-]{36}$/i.test(taskId)) throw new EngineRequestError('NOT_FOUND', `There is no task ${taskId}.`, `Задачи ${taskId} нет.`, 'id');
  if (request.comment !== undefined && request.comment !== null && typeof request.comment !== 'string') {
    throw new EngineRequestError('INVALID', 'comment must be text.', 'Комментарий должен быть текстом.', 'comment');
  }
  const comment = typeof request.comment === 'string' ? request.comment.slice(0, 5000) : null;
  return knex.transaction(async (trx) => {
    const peek: TaskRow | undefined = await trx<TaskRow>('human_tasks').where({ id: taskId }).first();
    if (!peek) throw new EngineRequestError('NOT_FOUND', `There is no task ${taskId}.`, `Задачи ${taskId} нет.`, 'id');
    if (peek.assignee_id !== userId && !isAdmin) {
      throw new EngineRequestError('FORBIDDEN', 'This task is assigned to someone else.', 'Эта задача назначена другому сотруднику.', 'assignee');
    }
    const outcome = peek.kind === 'approval' ? request.outcome : (request.outcome ?? 'done');
    if (peek.kind === 'approval' && (typeof outcome !== 'string' || !APPROVAL_OUTCOMES.has(outcome))) {
      throw new EngineRequestError('INVALID', 'An approval needs the outcome "approved" or "rejected".', 'Для согласования укажите outcome: "approved" или "rejected".', 'outcome');
    }
    if (typeof outcome !== 'string' || outcome.length === 0 || outcome.length > 100) {
      throw new EngineRequestError('INVALID', 'outcome must be a short text.', 'outcome должен быть коротким текстом.', 'outcome');
    }
    // The approval's job first, then the task: the order a worker resuming it takes too.
    const job: { id: number; state: unknown } | undefined =
      peek.kind === 'approval' && peek.run_id && peek.token ? await lockJobOfToken(trx, peek.run_id, peek.token) : undefined;
    const task: TaskRow | undefined = await trx<TaskRow>('human_tasks').where({ id: taskId }).forUpdate().first();
    if (!task) throw new EngineRequestError('NOT_FOUND', `There is no task ${taskId}.`, `Задачи ${taskId} нет.`, 'id');
    if (task.status !== 'open') {
      throw new EngineRequestError('CONFLICT', `The task is already ${task.status}.`, `Задача уже закрыта (${task.status}).`, 'status');
    }
    const state = isJsonObject(job?.state) ? job.state : {};
    const siblings = Array.isArray(state['taskIds']) ? state['taskIds'].filter((id): id is string => typeof id === 'string' && id !== taskId) : [];
    if (task.kind === 'approval' && state['mode'] !== 'all' && siblings.length > 0) {
      const decided: { id: string } | undefined = await trx('human_tasks').whereIn('id', siblings).andWhere({ status: 'completed' }).first('id');
      if (decided) throw new EngineRequestError('CONFLICT', 'Someone else has already decided this approval.', 'Это согласование уже решил другой сотрудник.', 'status');
    }
    const [updated]: TaskRow[] = await trx<TaskRow>('human_tasks')
      .where({ id: taskId })
      .update({ status: 'completed', outcome, comment, completed_by: userId, completed_at: trx.fn.now() })
      .returning('*');
    if (task.kind === 'approval' && task.run_id && task.token) {
      await signalWaitingJob(trx, { runId: task.run_id, token: task.token }, { type: 'task', taskId });
      await announceWork(trx);
    }
    if (!updated) throw new Error(`task ${taskId} vanished inside its own update`);
    return toTask(updated);
  });
}

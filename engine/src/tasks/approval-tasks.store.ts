import type { Knex } from 'knex';
import type { JsonObject } from '../json.types.js';

/*
 * The approval node's tasks in human_tasks: one open task per approver per round (round 0 for the
 * approvers first asked, round n for the n-th escalation). Each task's idempotency key carries its
 * round, so a step retried after a failure finds the tasks it made instead of making them again.
 */

export interface ApprovalTaskRow {
  id: string;
  assignee_id: string | null;
  status: string;
  outcome: string | null;
  comment: string | null;
  completed_by: string | null;
  completed_at: string | null;
}

export interface ApprovalRound {
  title: string;
  assigneeIds: readonly string[];
  entity: string | null;
  recordId: string | null;
  runId: string;
  nodeId: string;
  token: string;
  /** The step's idempotency key: the same on every attempt. */
  key: string;
  round: number;
  /** When this round's time is up (the task's due time), or null. */
  dueAt: Date | null;
  /** What the approver's task says about why it is theirs (mode, round, whom it escalated from). */
  data: JsonObject;
}

/** Opens this round's tasks (once, whatever the attempt) and returns their ids in approver order. */
export async function openApprovalTasks(db: Knex, round: ApprovalRound): Promise<string[]> {
  const rows = round.assigneeIds.map((assignee, i) => ({
    kind: 'approval',
    title: round.title,
    assignee_id: assignee,
    entity: round.entity,
    record_id: round.recordId,
    run_id: round.runId,
    node_id: round.nodeId,
    token: round.token,
    due_at: round.dueAt?.toISOString() ?? null,
    idempotency_key: `${round.key}:r${round.round}:${i}`,
    data: JSON.stringify({ ...round.data, round: round.round }),
  }));
  if (rows.length === 0) return [];
  await db('human_tasks').insert(rows).onConflict('idempotency_key').ignore();
  const stored: Array<{ id: string; idempotency_key: string }> = await db('human_tasks')
    .whereIn(
      'idempotency_key',
      rows.map((r) => r.idempotency_key),
    )
    .select('id', 'idempotency_key');
  const order = new Map(rows.map((r, i) => [r.idempotency_key, i]));
  return stored.sort((a, b) => (order.get(a.idempotency_key) ?? 0) - (order.get(b.idempotency_key) ?? 0)).map((r) => r.id);
}

/** Closes the tasks still open (escalated, expired, or cancelled once decided). */
export async function closeOpenApprovalTasks(db: Knex, ids: readonly string[], status: 'escalated' | 'expired' | 'cancelled'): Promise<void> {
  if (ids.length === 0) return;
  await db('human_tasks').whereIn('id', [...ids]).andWhere({ status: 'open' }).update({ status });
}

export async function readApprovalTasks(db: Knex, ids: readonly string[]): Promise<ApprovalTaskRow[]> {
  if (ids.length === 0) return [];
  return db('human_tasks').whereIn('id', [...ids]).select('id', 'assignee_id', 'status', 'outcome', 'comment', 'completed_by', 'completed_at');
}

import type { ApprovalNode } from '@crm/schemas';
import type { Knex } from 'knex';
import type { JsonObject, JsonValue } from '../json.types.js';
import type { EngineUser } from '../ports/engine.ports.js';
import { addDuration } from '../values/iso-duration.js';
import { stepError } from '../run/step-failure.js';
import { defineNodeType, type NodeContext, type NodeResult } from './node-type.js';
import { asText, personSummary, resolvePeople } from './node-helpers.js';

/*
 * Approval: gives an approval task to each approver and waits. Modes: one (the first approver
 * named decides), any (the first decision of any approver decides), all (everyone must approve;
 * one rejection rejects). Completing a task makes the waiting step due; the step then reads the
 * decisions from the tasks, so two approvers acting at once still give exactly one transition.
 * After `timeout`: escalate to `escalateTo` (new tasks, the old ones closed) or go on through
 * `timeout`.
 */

interface TaskRow {
  id: string;
  assignee_id: string | null;
  status: string;
  outcome: string | null;
  comment: string | null;
  completed_by: string | null;
  completed_at: string | null;
}

function taskIdsOf(state: JsonObject): string[] {
  const ids = state['taskIds'];
  return Array.isArray(ids) ? ids.filter((id): id is string => typeof id === 'string') : [];
}

async function createApprovalTasks(ctx: NodeContext<ApprovalNode>, people: EngineUser[], round: number): Promise<string[]> {
  const title = asText(ctx.resolve(ctx.node.config.title ?? `Approval: ${ctx.node.id}`));
  const rows = people.map((person, i) => ({
    kind: 'approval',
    title,
    assignee_id: person.id,
    entity: ctx.run.subject?.entity ?? null,
    record_id: ctx.run.subject?.id ?? null,
    run_id: ctx.run.id,
    node_id: ctx.node.id,
    token: ctx.run.token,
    idempotency_key: `${ctx.idempotencyKey}:r${round}:${i}`,
    data: JSON.stringify({ mode: ctx.node.config.mode ?? 'one', round }),
  }));
  await ctx.db('human_tasks').insert(rows).onConflict('idempotency_key').ignore();
  const stored: Array<{ id: string; idempotency_key: string }> = await ctx.db('human_tasks')
    .whereIn(
      'idempotency_key',
      rows.map((r) => r.idempotency_key),
    )
    .select('id', 'idempotency_key')
    .orderBy('idempotency_key');
  return stored.map((r) => r.id);
}

async function closeOpenTasks(db: Knex, ids: readonly string[], status: string): Promise<void> {
  if (ids.length === 0) return;
  await db('human_tasks').whereIn('id', [...ids]).andWhere({ status: 'open' }).update({ status });
}

function approvers(ctx: NodeContext<ApprovalNode>, people: EngineUser[]): EngineUser[] {
  return (ctx.node.config.mode ?? 'one') === 'one' ? people.slice(0, 1) : people;
}

function decision(mode: string, tasks: readonly TaskRow[]): { outcome: 'approved' | 'rejected'; decisive: TaskRow[] } | null {
  const decided = tasks.filter((t) => t.status === 'completed' && (t.outcome === 'approved' || t.outcome === 'rejected'));
  decided.sort((a, b) => (a.completed_at ?? '').localeCompare(b.completed_at ?? ''));
  if (mode === 'all') {
    const rejection = decided.find((t) => t.outcome === 'rejected');
    if (rejection) return { outcome: 'rejected', decisive: [rejection] };
    const open = tasks.filter((t) => t.status === 'open');
    return open.length === 0 && decided.length > 0 ? { outcome: 'approved', decisive: decided } : null;
  }
  const first = decided[0];
  return first && (first.outcome === 'approved' || first.outcome === 'rejected') ? { outcome: first.outcome, decisive: [first] } : null;
}

export const approvalNode = defineNodeType({
  type: 'approval',
  async execute(ctx): Promise<NodeResult> {
    const people = approvers(ctx, await resolvePeople(ctx, ctx.node.config.approvers));
    if (people.length === 0) throw stepError('NO_APPROVER', `Node ${ctx.node.id}: none of the approvers named is an active user.`);
    const taskIds = await createApprovalTasks(ctx, people, 0);
    const dueAt = ctx.node.config.timeout ? addDuration(ctx.now, ctx.node.config.timeout, ctx.timeZone) : null;
    ctx.effect({ kind: 'approval_requested', approvers: people.map(personSummary), mode: ctx.node.config.mode ?? 'one' });
    return {
      kind: 'wait',
      dueAt,
      state: { taskIds, mode: ctx.node.config.mode ?? 'one', escalated: false, timeoutAt: dueAt?.toISOString() ?? null },
      output: { approvers: people.map(personSummary), mode: ctx.node.config.mode ?? 'one' },
    };
  },

  async resume(ctx, state, signal): Promise<NodeResult> {
    const taskIds = taskIdsOf(state);
    const mode = typeof state['mode'] === 'string' ? state['mode'] : 'one';
    if (signal.type === 'timer') {
      const escalateTo = ctx.node.config.escalateTo;
      if (escalateTo !== undefined && state['escalated'] !== true) {
        const people = await resolvePeople(ctx, escalateTo);
        if (people.length > 0) {
          await closeOpenTasks(ctx.db, taskIds, 'escalated');
          const escalatedIds = await createApprovalTasks(ctx, people, 1);
          ctx.effect({ kind: 'approval_escalated', to: people.map(personSummary) });
          return {
            kind: 'wait',
            dueAt: null,
            state: { taskIds: escalatedIds, mode: 'any', escalated: true, timeoutAt: null },
            output: { escalatedTo: people.map(personSummary) },
          };
        }
        ctx.log('warn', 'The approval timed out and nobody to escalate to was found.');
      }
      await closeOpenTasks(ctx.db, taskIds, 'expired');
      return { kind: 'continue', handle: 'timeout', output: { outcome: 'timeout' } };
    }
    if (signal.type === 'simulated') {
      return { kind: 'continue', handle: signal.handle ?? 'approved', output: { outcome: signal.handle ?? 'approved', simulated: true } };
    }
    const tasks: TaskRow[] = await ctx.db('human_tasks').whereIn('id', taskIds).select('id', 'assignee_id', 'status', 'outcome', 'comment', 'completed_by', 'completed_at');
    const decided = decision(mode, tasks);
    if (!decided) {
      // Not decided yet (all-of with approvals still open): keep waiting for the rest, and for the timeout.
      const timeoutAt = state['timeoutAt'];
      return { kind: 'wait', dueAt: typeof timeoutAt === 'string' ? new Date(timeoutAt) : null, state, output: null };
    }
    await closeOpenTasks(ctx.db, taskIds, 'cancelled');
    const decidedBy: JsonValue[] = decided.decisive.map((t) => ({ userId: t.completed_by, comment: t.comment, at: t.completed_at }));
    ctx.effect({ kind: 'approval_decided', outcome: decided.outcome });
    return { kind: 'continue', handle: decided.outcome, output: { outcome: decided.outcome, decidedBy } };
  },

  simulate(ctx) {
    ctx.effect({ kind: 'approval_requested', approvers: [], simulated: true });
    return { kind: 'wait', dueAt: null, state: { simulated: true }, output: { simulated: true } };
  },
});

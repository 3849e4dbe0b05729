import type { ApprovalNode } from '@crm/schemas';
import type { JsonObject, JsonValue } from '../json.types.js';
import type { EngineUser } from '../ports/engine.ports.js';
import { addDuration } from '../values/iso-duration.js';
import { stepError } from '../run/step-failure.js';
import { closeOpenApprovalTasks, openApprovalTasks, readApprovalTasks, type ApprovalTaskRow } from '../tasks/approval-tasks.store.js';
import { onApprovalTimeout, onNobodyToEscalateTo } from './approval-escalation.policy.js';
import { defineNodeType, type NodeContext, type NodeResult } from './node-type.js';
import { asText, personSummary, resolvePeople } from './node-helpers.js';

/*
 * Approval: gives an approval task to each approver and waits. Modes: one (the first approver
 * named decides), any (the first decision of any approver decides), all (everyone must approve;
 * one rejection rejects). Completing a task makes the waiting step due; the step then reads the
 * decisions from the tasks, so two approvers acting at once still give exactly one transition.
 * When the time is up (approval-escalation.policy.ts): escalate to `escalateTo` (new tasks, the
 * old ones closed as escalated), as many times as `escalation.times` says, each escalated round
 * with its own deadline; then keep waiting or go on through `timeout`. "approver-manager" in
 * escalateTo is the manager of whoever has the approval, so repeated escalation climbs the chain.
 * Each round is an effect with who, when and why, kept in the step's history.
 */

type Ctx = NodeContext<ApprovalNode>;

function taskIdsOf(state: JsonObject): string[] {
  const ids = state['taskIds'];
  return Array.isArray(ids) ? ids.filter((id): id is string => typeof id === 'string') : [];
}

/** Escalations so far (state from before `round` existed says only whether it escalated). */
function roundOf(state: JsonObject): number {
  const round = state['round'];
  if (typeof round === 'number' && Number.isInteger(round) && round >= 0) return round;
  return state['escalated'] === true ? 1 : 0;
}

async function openRound(ctx: Ctx, people: readonly EngineUser[], round: number, dueAt: Date | null, data: JsonObject): Promise<string[]> {
  return openApprovalTasks(ctx.db, {
    title: asText(ctx.resolve(ctx.node.config.title ?? `Approval: ${ctx.node.id}`)),
    assigneeIds: people.map((p) => p.id),
    entity: ctx.run.subject?.entity ?? null,
    recordId: ctx.run.subject?.id ?? null,
    runId: ctx.run.id,
    nodeId: ctx.node.id,
    token: ctx.run.token,
    key: ctx.idempotencyKey,
    round,
    dueAt,
    data,
  });
}

/** The people the approval is with now: the assignees of its tasks. */
async function currentApprovers(ctx: Ctx, tasks: readonly ApprovalTaskRow[]): Promise<EngineUser[]> {
  const people: EngineUser[] = [];
  for (const id of new Set(tasks.map((t) => t.assignee_id))) {
    const user = id ? await ctx.ports.people.findUser(ctx.db, id) : null;
    if (user) people.push(user);
  }
  return people;
}

/** Whom escalateTo names now: "approver-manager" is the manager of each current approver; anything else as resolvePeople reads it. */
async function escalationTargets(ctx: Ctx, who: unknown, current: readonly EngineUser[]): Promise<EngineUser[]> {
  const found = new Map<string, EngineUser>();
  for (const item of Array.isArray(who) ? who : [who]) {
    if (item === 'approver-manager') {
      for (const person of current) {
        const manager = await ctx.ports.people.managerOf(ctx.db, person.id);
        if (manager) found.set(manager.id, manager);
      }
    } else {
      for (const person of await resolvePeople(ctx, item)) found.set(person.id, person);
    }
  }
  return [...found.values()];
}

function decision(mode: string, tasks: readonly ApprovalTaskRow[]): { outcome: 'approved' | 'rejected'; decisive: ApprovalTaskRow[] } | null {
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

function decisionsOf(tasks: readonly ApprovalTaskRow[]): JsonValue[] {
  return tasks.filter((t) => t.status === 'completed').map((t) => ({ userId: t.completed_by, outcome: t.outcome, comment: t.comment, at: t.completed_at }));
}

/** The time is up: escalate, give up through `timeout`, or keep waiting, as the policy says. */
async function timedOut(ctx: Ctx, state: JsonObject): Promise<NodeResult> {
  const taskIds = taskIdsOf(state);
  const round = roundOf(state);
  const at = ctx.now.toISOString();
  const tasks = await readApprovalTasks(ctx.db, taskIds);
  let next = onApprovalTimeout(ctx.node.config, round);
  if (next.kind === 'escalate') {
    const from = await currentApprovers(ctx, tasks.filter((t) => t.status === 'open'));
    const people = await escalationTargets(ctx, ctx.node.config.escalateTo, from.length > 0 ? from : await currentApprovers(ctx, tasks));
    if (people.length > 0) {
      const dueAt = next.deadline ? addDuration(ctx.now, next.deadline, ctx.timeZone) : null;
      const timeoutAt = dueAt?.toISOString() ?? null;
      // Why: nobody decided within the deadline of the round that just ended.
      const after = round > 0 && typeof state['deadline'] === 'string' ? state['deadline'] : (ctx.node.config.timeout ?? null);
      const reason = { why: 'timeout', after };
      await closeOpenApprovalTasks(ctx.db, taskIds, 'escalated');
      const escalatedIds = await openRound(ctx, people, next.round, dueAt, { mode: 'any', escalatedFrom: from.map((p) => p.id), reason });
      const summary = { round: next.round, from: from.map(personSummary), to: people.map(personSummary), reason, at, timeoutAt };
      ctx.effect({ kind: 'approval_escalated', ...summary });
      return {
        kind: 'wait',
        dueAt,
        state: { taskIds: escalatedIds, mode: 'any', escalated: true, round: next.round, deadline: next.deadline, timeoutAt },
        output: { escalatedTo: people.map(personSummary), escalatedFrom: from.map(personSummary), round: next.round, reason, at, timeoutAt },
      };
    }
    ctx.log('warn', `The approval is due to escalate and ${JSON.stringify(ctx.node.config.escalateTo)} names nobody now.`);
    ctx.effect({ kind: 'approval_escalation_ended', round, reason: { why: 'no-escalation-target' }, at });
    next = onNobodyToEscalateTo(ctx.node.config);
  }
  if (next.kind === 'keep-waiting') {
    return { kind: 'wait', dueAt: null, state: { ...state, timeoutAt: null }, output: { waiting: 'with no deadline', round, at } };
  }
  await closeOpenApprovalTasks(ctx.db, taskIds, 'expired');
  ctx.effect({ kind: 'approval_timed_out', round, at });
  return { kind: 'continue', handle: 'timeout', output: { outcome: 'timeout', round, at } };
}

export const approvalNode = defineNodeType({
  type: 'approval',
  async execute(ctx): Promise<NodeResult> {
    const mode = ctx.node.config.mode ?? 'one';
    const all = await resolvePeople(ctx, ctx.node.config.approvers);
    const people = mode === 'one' ? all.slice(0, 1) : all;
    if (people.length === 0) throw stepError('NO_APPROVER', `Node ${ctx.node.id}: none of the approvers named is an active user.`);
    const dueAt = ctx.node.config.timeout ? addDuration(ctx.now, ctx.node.config.timeout, ctx.timeZone) : null;
    const timeoutAt = dueAt?.toISOString() ?? null;
    const taskIds = await openRound(ctx, people, 0, dueAt, { mode });
    ctx.effect({ kind: 'approval_requested', approvers: people.map(personSummary), mode, at: ctx.now.toISOString(), timeoutAt });
    return {
      kind: 'wait',
      dueAt,
      state: { taskIds, mode, escalated: false, round: 0, timeoutAt },
      output: { approvers: people.map(personSummary), mode, timeoutAt },
    };
  },

  async resume(ctx, state, signal): Promise<NodeResult> {
    if (signal.type === 'timer') return timedOut(ctx, state);
    if (signal.type === 'simulated') {
      return { kind: 'continue', handle: signal.handle ?? 'approved', output: { outcome: signal.handle ?? 'approved', simulated: true } };
    }
    const taskIds = taskIdsOf(state);
    const mode = typeof state['mode'] === 'string' ? state['mode'] : 'one';
    const tasks = await readApprovalTasks(ctx.db, taskIds);
    const decided = decision(mode, tasks);
    if (!decided) {
      // Not decided yet (all-of with approvals still open): keep waiting for the rest, and for the timeout.
      const timeoutAt = state['timeoutAt'];
      const open = await currentApprovers(ctx, tasks.filter((t) => t.status === 'open'));
      return {
        kind: 'wait',
        dueAt: typeof timeoutAt === 'string' ? new Date(timeoutAt) : null,
        state,
        output: { decisions: decisionsOf(tasks), waitingFor: open.map(personSummary), timeoutAt: typeof timeoutAt === 'string' ? timeoutAt : null },
      };
    }
    await closeOpenApprovalTasks(ctx.db, taskIds, 'cancelled');
    const decidedBy: JsonValue[] = decided.decisive.map((t) => ({ userId: t.completed_by, comment: t.comment, at: t.completed_at }));
    ctx.effect({ kind: 'approval_decided', outcome: decided.outcome, decidedBy, at: ctx.now.toISOString() });
    return { kind: 'continue', handle: decided.outcome, output: { outcome: decided.outcome, decidedBy } };
  },

  simulate(ctx) {
    ctx.effect({ kind: 'approval_requested', approvers: [], simulated: true });
    return { kind: 'wait', dueAt: null, state: { simulated: true }, output: { simulated: true } };
  },
});

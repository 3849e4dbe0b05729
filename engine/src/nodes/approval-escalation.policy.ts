import type { ApprovalNode } from '@crm/schemas';

/*
 * What an approval does when its time is up: escalate (again), give up through the `timeout`
 * handle, or keep waiting for whoever has it now. A pure decision over the node's config and the
 * number of escalations so far, so each case has its own test (approval-escalation.policy.test.ts).
 *
 * Defaults are the behaviour before `escalation` existed: with escalateTo, escalate once and then
 * wait with no deadline; without it, take `timeout`.
 */

export type ApprovalConfig = ApprovalNode['config'];

export type TimeoutDecision =
  /** Give the approval to escalateTo; `deadline` is how long the new approvers have (null: no deadline). */
  | { kind: 'escalate'; round: number; deadline: string | null }
  /** Close the approval and go on through the `timeout` handle. */
  | { kind: 'take-timeout' }
  /** Leave the approval with whoever has it, with no deadline. */
  | { kind: 'keep-waiting' };

function afterLast(config: ApprovalConfig): TimeoutDecision {
  return config.escalation?.afterLast === 'timeout' ? { kind: 'take-timeout' } : { kind: 'keep-waiting' };
}

/** The decision when the deadline of round `round` (0: the approvers first asked, n: the n-th escalation) passes. */
export function onApprovalTimeout(config: ApprovalConfig, round: number): TimeoutDecision {
  if (config.escalateTo === undefined) return { kind: 'take-timeout' };
  const times = config.escalation?.times ?? 1;
  if (round >= times) return afterLast(config);
  const next = round + 1;
  // The last escalation has a deadline only when something is to happen at it.
  const timed = next < times || config.escalation?.afterLast === 'timeout';
  return { kind: 'escalate', round: next, deadline: timed ? (config.escalation?.timeout ?? config.timeout ?? null) : null };
}

/** The decision when an escalation is due and escalateTo names nobody (the chain of managers ran out): as after the last escalation. */
export function onNobodyToEscalateTo(config: ApprovalConfig): Exclude<TimeoutDecision, { kind: 'escalate' }> {
  const decision = afterLast(config);
  return decision.kind === 'take-timeout' ? decision : { kind: 'keep-waiting' };
}

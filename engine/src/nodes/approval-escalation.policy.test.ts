import { describe, expect, it } from 'vitest';
import { onApprovalTimeout, onNobodyToEscalateTo, type ApprovalConfig } from './approval-escalation.policy.js';

const base: ApprovalConfig = { approvers: ['boss@example.com'], timeout: 'PT1H' };

describe('approval escalation policy', () => {
  it('without escalateTo the timeout branch is taken, as before', () => {
    expect(onApprovalTimeout(base, 0)).toEqual({ kind: 'take-timeout' });
  });

  it('by default escalates once, then waits with no deadline', () => {
    const config = { ...base, escalateTo: 'owner-manager' };
    expect(onApprovalTimeout(config, 0)).toEqual({ kind: 'escalate', round: 1, deadline: null });
    expect(onApprovalTimeout(config, 1)).toEqual({ kind: 'keep-waiting' });
  });

  it('escalates up to `times`, each escalated approver with the escalation timeout, the last with none', () => {
    const config: ApprovalConfig = { ...base, escalateTo: 'approver-manager', escalation: { times: 3, timeout: 'PT30M' } };
    expect(onApprovalTimeout(config, 0)).toEqual({ kind: 'escalate', round: 1, deadline: 'PT30M' });
    expect(onApprovalTimeout(config, 1)).toEqual({ kind: 'escalate', round: 2, deadline: 'PT30M' });
    expect(onApprovalTimeout(config, 2)).toEqual({ kind: 'escalate', round: 3, deadline: null });
    expect(onApprovalTimeout(config, 3)).toEqual({ kind: 'keep-waiting' });
  });

  it('afterLast "timeout": the last escalated approver has the node timeout, then the timeout branch is taken', () => {
    const config: ApprovalConfig = { ...base, escalateTo: 'approver-manager', escalation: { afterLast: 'timeout' } };
    expect(onApprovalTimeout(config, 0)).toEqual({ kind: 'escalate', round: 1, deadline: 'PT1H' });
    expect(onApprovalTimeout(config, 1)).toEqual({ kind: 'take-timeout' });
  });

  it('nobody to escalate to ends the chain as after the last escalation', () => {
    expect(onNobodyToEscalateTo({ ...base, escalateTo: 'approver-manager' })).toEqual({ kind: 'keep-waiting' });
    expect(onNobodyToEscalateTo({ ...base, escalateTo: 'approver-manager', escalation: { afterLast: 'timeout' } })).toEqual({ kind: 'take-timeout' });
  });
});

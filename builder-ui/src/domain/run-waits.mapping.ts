import type { RunWaitSummary } from '@crm/schemas';

/*
 * What a waiting run waits for, as its timeline line groups it: the approvers still to decide
 * (a person whose account is gone is counted, not named) with the soonest deadline, and the time a
 * Wait step resumes.
 */

export interface RunWaitView {
  approvers: string[];
  /** Approvers the server could not name. */
  unnamed: number;
  /** The soonest approval deadline, ISO; null when none has one. */
  approvalDue: string | null;
  /** When a Wait step resumes, ISO; null when none waits on time. */
  until: string | null;
}

export function runWaitView(waits: readonly RunWaitSummary[]): RunWaitView | null {
  if (waits.length === 0) return null;
  const approvals = waits.flatMap((w) => (w.kind === 'approval' ? [w] : []));
  const timers = waits.flatMap((w) => (w.kind === 'timer' ? [w.until] : []));
  const dues = approvals.flatMap((a) => (a.dueAt ? [a.dueAt] : [])).sort();
  return {
    approvers: [...new Set(approvals.flatMap((a) => (a.who ? [a.who.name] : [])))],
    unnamed: approvals.filter((a) => !a.who).length,
    approvalDue: dues[0] ?? null,
    until: timers.sort()[0] ?? null,
  };
}

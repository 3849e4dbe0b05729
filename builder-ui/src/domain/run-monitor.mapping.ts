import type { AdminRunSummary, RunFailure, RunQueue } from '@crm/schemas';

/*
 * What the builder's Runs section says about the job queue and each run: how the queue is doing
 * (idle, working, falling behind, stalled), how late its oldest due job is in the largest whole unit,
 * a run's failure in one line, and which of the admin's levers a run offers.
 */

/** A due job this late means the workers are behind; this late, that they have stopped taking work. */
export const BEHIND_AFTER_MS = 5_000;
export const STALLED_AFTER_MS = 60_000;

export type QueueVerdict = 'idle' | 'working' | 'behind' | 'stalled';

export function queueVerdict(queue: Pick<RunQueue, 'due' | 'oldestDue'>): QueueVerdict {
  const late = queue.oldestDue?.lateMs ?? null;
  if (queue.due === 0 || late === null) return 'idle';
  if (late >= STALLED_AFTER_MS) return 'stalled';
  if (late >= BEHIND_AFTER_MS) return 'behind';
  return 'working';
}

export type LatenessUnit = 'seconds' | 'minutes' | 'hours' | 'days';

/** A lateness as a count of its largest whole unit: 59,999 ms is 59 seconds, 90 minutes is 1 hour. */
export function lateness(ms: number): { n: number; unit: LatenessUnit } {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds < 60) return { n: seconds, unit: 'seconds' };
  if (seconds < 3600) return { n: Math.floor(seconds / 60), unit: 'minutes' };
  if (seconds < 86_400) return { n: Math.floor(seconds / 3600), unit: 'hours' };
  return { n: Math.floor(seconds / 86_400), unit: 'days' };
}

/** Worker loops by state, over every worker of the answering process. */
export function loopCounts(queue: Pick<RunQueue, 'process'>): { claiming: number; sleeping: number; stopped: number; failures: number; lastFailure: string | null } {
  const loops = queue.process.workers.flatMap((worker) => worker.loops);
  const latest = loops
    .map((loop) => loop.lastFailure)
    .filter((failure): failure is { at: string; message: string } => failure !== null)
    .sort((a, b) => b.at.localeCompare(a.at))[0];
  return {
    claiming: loops.filter((loop) => loop.state === 'claiming').length,
    sleeping: loops.filter((loop) => loop.state === 'sleeping').length,
    stopped: loops.filter((loop) => loop.state === 'stopped').length,
    failures: loops.reduce((sum, loop) => sum + loop.failures, 0),
    lastFailure: latest?.message ?? null,
  };
}

function isFailure(value: unknown): value is RunFailure {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A run's failure in one line: its message (the engine's text names the node), else its code. */
export function failureText(error: unknown): string | null {
  if (!isFailure(error)) return null;
  const message = typeof error.message === 'string' && error.message.trim() !== '' ? error.message.trim() : null;
  const code = typeof error.code === 'string' ? error.code : null;
  return message ?? code;
}

/** The node a run failed at, when the engine recorded it. */
export function failedNode(error: unknown): string | null {
  return isFailure(error) && typeof error.nodeId === 'string' ? error.nodeId : null;
}

export type RunLever = 'retry' | 'cancel';

/** An admin retries a failed run and cancels one still running or waiting; a finished one offers nothing. */
export function runLevers(run: Pick<AdminRunSummary, 'status'>): RunLever[] {
  if (run.status === 'failed') return ['retry'];
  if (run.status === 'running' || run.status === 'waiting') return ['cancel'];
  return [];
}

/** Replaces a run in the list with what retry or cancel answered, keeping its place. */
export function applyRunChange(runs: readonly AdminRunSummary[], changed: Pick<AdminRunSummary, 'id' | 'status' | 'error' | 'finishedAt'>): AdminRunSummary[] {
  return runs.map((run) => (run.id === changed.id ? { ...run, status: changed.status, error: changed.error, finishedAt: changed.finishedAt } : run));
}

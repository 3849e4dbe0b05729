import type { JsonObject } from '../json.types.js';
import type { SessionJob, SessionRun, StepRecord } from '../run/run-state.types.js';

/*
 * A session's state before a step, so a failing step is undone alone: its savepoint rolls back
 * the database, and restoreSnapshot rolls back what the session holds in memory to match.
 */

/** The parts of a session a step changes. */
export interface SnapshotTarget {
  readonly run: SessionRun;
  readonly jobs: Map<string, SessionJob>;
  readonly consumed: number[];
  readonly dirty: Set<string>;
  readonly queue: SessionJob[];
  readonly steps: StepRecord[];
}

export interface SessionSnapshot {
  context: string;
  jobs: Array<[string, SessionJob]>;
  consumed: number;
  dirty: string[];
  queue: SessionJob[];
  record: Record<string, unknown> | null;
  status: SessionRun['status'];
  error: JsonObject | null;
  steps: number;
}

export function takeSnapshot(target: SnapshotTarget, record: Record<string, unknown> | null): SessionSnapshot {
  return {
    context: JSON.stringify(target.run.context),
    jobs: [...target.jobs.entries()].map(([k, v]) => [k, { ...v }]),
    consumed: target.consumed.length,
    dirty: [...target.dirty],
    queue: [...target.queue],
    record: record === null ? null : { ...record },
    status: target.run.status,
    error: target.run.error,
    steps: target.steps.length,
  };
}

/** Puts the target back as it was; answers the record as it was. */
export function restoreSnapshot(target: SnapshotTarget, snapshot: SessionSnapshot): Record<string, unknown> | null {
  target.run.context = JSON.parse(snapshot.context);
  target.jobs.clear();
  for (const [token, job] of snapshot.jobs) target.jobs.set(token, job);
  target.consumed.length = snapshot.consumed;
  target.dirty.clear();
  for (const token of snapshot.dirty) target.dirty.add(token);
  target.queue.length = 0;
  // The queued jobs must be the restored objects, or the loop in drain() would skip them.
  for (const job of snapshot.queue) {
    const restored = target.jobs.get(job.token);
    if (restored) target.queue.push(restored);
  }
  target.run.status = snapshot.status;
  target.run.error = snapshot.error;
  target.steps.length = snapshot.steps;
  return snapshot.record;
}

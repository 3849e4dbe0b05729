import type { QueueHealth } from '@crm/schemas';
import type { Knex } from 'knex';
import { CLAIMABLE_JOB_CONDITIONS } from './run-state.store.js';

/*
 * The job queue as an operator needs to see it: how much is due now and how late the oldest due
 * job is, beside what is waiting on a lease, a timer, a signal or an admin. A queue that stopped
 * moving shows here as a due count that does not fall and an oldest job growing late, whatever
 * each process's workers say about themselves (WorkerHealth, per process). "Due" is what a claim
 * could take now (CLAIMABLE_JOB_CONDITIONS), including jobs a worker holds in a transaction still
 * open. The shape is the HTTP contract's (schemas: QueueHealth).
 */

interface CountsRow {
  at: string;
  due: number | string;
  leased: number | string;
  later: number | string;
  on_signal: number | string;
  parked: number | string;
}

interface OldestRow {
  run_id: string;
  process: string;
  node_id: string;
  due_at: string;
  late_ms: number | string;
  attempt: number;
  last_error: unknown;
}

const LIVE_RUN = `EXISTS (SELECT 1 FROM process_runs r WHERE r.id = j.run_id AND r.status IN ('running', 'waiting'))`;
const LEASED = `j.locked_until IS NOT NULL AND j.locked_until >= now()`;

export async function readQueueHealth(db: Knex): Promise<QueueHealth> {
  const counts: { rows: CountsRow[] } = await db.raw(`
    SELECT now() AS at,
      count(*) FILTER (WHERE ${CLAIMABLE_JOB_CONDITIONS}) AS due,
      count(*) FILTER (WHERE j.status IN ('ready', 'waiting') AND ${LEASED} AND ${LIVE_RUN}) AS leased,
      count(*) FILTER (WHERE j.status IN ('ready', 'waiting') AND j.due_at > now() AND NOT (${LEASED}) AND ${LIVE_RUN}) AS later,
      count(*) FILTER (WHERE j.status = 'waiting' AND j.due_at IS NULL AND NOT (${LEASED}) AND ${LIVE_RUN}) AS on_signal,
      count(*) FILTER (WHERE j.status = 'parked') AS parked
    FROM run_jobs j`);
  const oldest: { rows: OldestRow[] } = await db.raw(`
    SELECT j.run_id, r.process, j.node_id, j.due_at, j.attempt, j.last_error,
      round(extract(epoch FROM (now() - j.due_at)) * 1000) AS late_ms
    FROM run_jobs j JOIN process_runs r ON r.id = j.run_id
    WHERE ${CLAIMABLE_JOB_CONDITIONS}
    ORDER BY j.due_at, j.id
    LIMIT 1`);
  const [row] = counts.rows;
  if (!row) throw new Error('the queue count returned no row');
  const [first] = oldest.rows;
  return {
    at: row.at,
    due: Number(row.due),
    leased: Number(row.leased),
    later: Number(row.later),
    onSignal: Number(row.on_signal),
    parked: Number(row.parked),
    oldestDue: first
      ? { runId: first.run_id, process: first.process, nodeId: first.node_id, dueAt: first.due_at, lateMs: Math.max(0, Number(first.late_ms)), attempt: first.attempt, lastError: first.last_error ?? null }
      : null,
  };
}

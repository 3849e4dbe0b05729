import type { SqlSession } from '../harness/sql.session.js';
import { summarize, type LatencySummary } from '../harness/latency.stats.js';

/*
 * What the engine recorded about the runs of one phase (told apart by their activities' subjects),
 * read back with SQL. A run's end is the
 * later of process_runs.finished_at (the completing transaction's now(), i.e. its start) and its
 * last step's finished_at (the worker's clock after the step), so the lag is not understated by
 * the completing transaction's own length. Its start is process_runs.created_at: the creating
 * save's transaction.
 */

export interface RunWindowStats {
  runs: number;
  completed: number;
  /** Runs whose steps are not exactly the three of the graph plus the end. */
  oddSteps: number;
  tasks: number;
  /** From the first step started to the last run ended, in seconds. */
  busySeconds: number;
  /** Completed runs per second over busySeconds. */
  runsPerSecond: number;
  /** Commit (created_at) to end, in ms. */
  lag: LatencySummary;
  /** Commit to the first step's start (waiting for a worker), in ms. */
  pickup: LatencySummary;
}

/** The runs started by the activities whose subject is LIKE `subjects`. */
export async function runWindowStats(sql: SqlSession, process: string, subjects: string): Promise<RunWindowStats> {
  const rows = await sql.query<{ status: string; created: number; first_step: number | null; ended: number | null; steps: number; tasks: number }>(
    `SELECT r.status,
            (extract(epoch FROM r.created_at) * 1000)::float8 AS created,
            (extract(epoch FROM s.first_step) * 1000)::float8 AS first_step,
            (extract(epoch FROM greatest(r.finished_at, s.last_step)) * 1000)::float8 AS ended,
            coalesce(s.steps, 0)::int AS steps,
            (SELECT count(*) FROM human_tasks t WHERE t.run_id = r.id)::int AS tasks
       FROM process_runs r
       LEFT JOIN LATERAL (SELECT min(started_at) AS first_step, max(finished_at) AS last_step, count(*) AS steps
                            FROM run_steps WHERE run_id = r.id) s ON true
      WHERE r.process = $1 AND r.entity = 'activity' AND r.record_id IN (SELECT id FROM rec_activity WHERE subject LIKE $2)`,
    [process, subjects],
  );
  const completed = rows.filter((r) => r.status === 'completed');
  const firstStep = Math.min(...rows.map((r) => r.first_step ?? Number.POSITIVE_INFINITY));
  const lastEnd = Math.max(...completed.map((r) => r.ended ?? Number.NEGATIVE_INFINITY));
  const busySeconds = (lastEnd - firstStep) / 1000;
  return {
    runs: rows.length,
    completed: completed.length,
    oddSteps: completed.filter((r) => Number(r.steps) !== 4).length,
    tasks: rows.reduce((sum, r) => sum + Number(r.tasks), 0),
    busySeconds,
    runsPerSecond: busySeconds > 0 ? completed.length / busySeconds : Number.NaN,
    lag: summarize(completed.map((r) => (r.ended ?? Number.NaN) - r.created)),
    pickup: summarize(completed.map((r) => (r.first_step ?? Number.NaN) - r.created)),
  };
}

/** Throws unless every run of the window completed with its three steps and its task. */
export function checkRuns(what: string, stats: RunWindowStats, expected: number | null): void {
  const problems: string[] = [];
  if (expected !== null && stats.runs !== expected) problems.push(`${stats.runs} runs where ${expected} records were created`);
  if (stats.completed !== stats.runs) problems.push(`${stats.runs - stats.completed} runs not completed`);
  if (stats.oddSteps > 0) problems.push(`${stats.oddSteps} runs without exactly four steps`);
  if (stats.tasks !== stats.completed) problems.push(`${stats.tasks} tasks for ${stats.completed} completed runs`);
  if (problems.length > 0) throw new Error(`${what}: ${problems.join('; ')}`);
}

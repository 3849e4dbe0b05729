import type { Knex } from 'knex';
import type { SessionChanges, SessionJob, StepRecord } from '../run/run-state.types.js';
import { ENGINE_CHANNEL, signalWaitingJob } from './job-signal.store.js';
import { encodeRunContext } from './run-context.codec.js';
import type { RunStatus } from './run-rows.types.js';
import { stepColumns } from './run-steps.store.js';
import { stepWritesQueries } from './step-writes.store.js';

/*
 * Writes what sessions changed, in their transaction, for any number of sessions (a worker's batch)
 * in one statement of data-modifying CTEs: the finished steps inserted with the rows they write
 * (a task, a notification: step-writes.store.ts), consumed jobs deleted, changed jobs updated, new
 * jobs inserted, each run row updated, and one NOTIFY when some job is ready now or later
 * (PostgreSQL delivers it only when the transaction commits). A batch of eight three-step runs is
 * one round trip here instead of about forty.
 *
 * The new jobs' INSERT reads the DELETE's count, so the delete is done first: a token may be reused
 * by a job made in the same session, and (run_id, token) is unique. The row sets go in as JSON
 * (jsonb_to_recordset), which PostgreSQL and PGlite both take as one parameter; the jsonb columns
 * travel as JSON text and are cast, so a stored value is the same as a single-row write's.
 * A finished child run wakes its waiting parent (a statement of its own, rare).
 */

export interface FlushResult {
  status: RunStatus;
  /** Some job is ready now or later: a worker should look. */
  announced: boolean;
}

export interface SessionToFlush {
  session: SessionChanges;
  /** Another stored job of the run (not in this session) is ready. */
  otherReady: boolean;
}

function isTerminal(status: RunStatus): boolean {
  return status === 'completed' || status === 'failed' || status === 'cancelled';
}

function jobColumns(job: SessionJob) {
  return {
    status: job.status,
    due_at: job.dueAt?.toISOString() ?? null,
    attempt: job.attempt,
    step_id: job.stepId,
    state: job.state === null ? null : JSON.stringify(job.state),
    signal: job.signal === null ? null : JSON.stringify(job.signal),
    wait_entity: job.waitOn?.entity ?? null,
    wait_record_id: job.waitOn?.recordId ?? null,
    last_error: job.lastError === null ? null : JSON.stringify(job.lastError),
  };
}

const JOB_COLUMNS = `status text, due_at timestamptz, attempt int, step_id bigint, state text, signal text, wait_entity text, wait_record_id uuid, last_error text`;
const JOB_VALUES = `v.status, v.due_at, v.attempt, v.step_id, v.state::jsonb, v.signal::jsonb, v.wait_entity, v.wait_record_id, v.last_error::jsonb`;
const STEP_COLUMNS = `run_id uuid, node_id text, node_type text, token text, attempt int, status text, input text, output text, handle text, effects text, logs text, error text, started_at timestamptz, finished_at timestamptz, duration_ms int`;

interface Rows {
  steps: Array<Record<string, unknown>>;
  /** The rows the new steps write with them (stepWritesQueries), as statements. */
  stepWrites: Knex.QueryBuilder[];
  consumed: number[];
  updates: Array<Record<string, unknown>>;
  inserts: Array<Record<string, unknown>>;
  runs: Array<Record<string, unknown>>;
}

/** What one session adds to the batch's rows; answers its run's status and whether it announces work. */
function collect(rows: Rows, { session, otherReady }: SessionToFlush, pending: StepRecord[]): FlushResult {
  const run = session.run;
  for (const step of pending) rows.steps.push({ run_id: run.id, ...stepColumns(step) });
  rows.consumed.push(...session.consumed);
  let announced = false;
  for (const token of session.dirty) {
    const job = session.jobs.get(token);
    if (!job) continue;
    if (job.status === 'ready' || (job.status === 'waiting' && job.dueAt !== null)) announced = true;
    if (job.dbId !== null) rows.updates.push({ id: job.dbId, ...jobColumns(job) });
    else rows.inserts.push({ run_id: run.id, node_id: job.nodeId, token: job.token, ...jobColumns(job) });
  }
  const anyReady = otherReady || [...session.jobs.values()].some((j) => j.status === 'ready');
  const status: RunStatus = isTerminal(run.status) ? run.status : anyReady ? 'running' : 'waiting';
  run.status = status;
  rows.runs.push({
    id: run.id,
    status,
    context: JSON.stringify(encodeRunContext(run.context)),
    error: run.error === null ? null : JSON.stringify(run.error),
    finished: isTerminal(status),
  });
  return { status, announced };
}

/** The one statement that writes the rows (and NOTIFYs when `announce`). */
function flushStatement(db: Knex, rows: Rows, announce: boolean): Knex.Raw {
  const parts: string[] = [];
  const bindings: Array<string | number | Knex.QueryBuilder> = [];
  if (rows.steps.length > 0) {
    parts.push(`new_steps AS (
      INSERT INTO run_steps (run_id, node_id, node_type, token, attempt, status, input, output, handle, effects, logs, error, started_at, finished_at, duration_ms)
      SELECT s.run_id, s.node_id, s.node_type, s.token, s.attempt, s.status, s.input::jsonb, s.output::jsonb, s.handle, s.effects::jsonb, s.logs::jsonb, s.error::jsonb, s.started_at, s.finished_at, s.duration_ms
        FROM ROWS FROM (jsonb_to_recordset(?::jsonb) AS (${STEP_COLUMNS})) WITH ORDINALITY
          AS s(run_id, node_id, node_type, token, attempt, status, input, output, handle, effects, logs, error, started_at, finished_at, duration_ms, ord)
       ORDER BY s.ord RETURNING 1)`);
    bindings.push(JSON.stringify(rows.steps));
  }
  rows.stepWrites.forEach((statement, i) => {
    parts.push(`step_rows_${i} AS (?)`);
    bindings.push(statement);
  });
  if (rows.consumed.length > 0) {
    parts.push(`gone_jobs AS (DELETE FROM run_jobs WHERE id IN (${rows.consumed.map(() => '?').join(', ')}) RETURNING 1)`);
    bindings.push(...rows.consumed);
  }
  if (rows.updates.length > 0) {
    parts.push(`moved_jobs AS (
      UPDATE run_jobs AS j SET (status, due_at, attempt, step_id, state, signal, wait_entity, wait_record_id, last_error, locked_by, locked_until) = (${JOB_VALUES}, NULL, NULL)
        FROM jsonb_to_recordset(?::jsonb) AS v(id bigint, ${JOB_COLUMNS})
       WHERE j.id = v.id RETURNING 1)`);
    bindings.push(JSON.stringify(rows.updates));
  }
  if (rows.inserts.length > 0) {
    const afterDelete = rows.consumed.length > 0 ? 'WHERE (SELECT count(*) FROM gone_jobs) >= 0' : '';
    parts.push(`new_jobs AS (
      INSERT INTO run_jobs (run_id, node_id, token, status, due_at, attempt, step_id, state, signal, wait_entity, wait_record_id, last_error)
      SELECT v.run_id, v.node_id, v.token, ${JOB_VALUES}
        FROM ROWS FROM (jsonb_to_recordset(?::jsonb) AS (run_id uuid, node_id text, token text, ${JOB_COLUMNS})) WITH ORDINALITY
          AS v(run_id, node_id, token, status, due_at, attempt, step_id, state, signal, wait_entity, wait_record_id, last_error, ord)
       ${afterDelete} ORDER BY v.ord RETURNING 1)`);
    bindings.push(JSON.stringify(rows.inserts));
  }
  parts.push(`moved_runs AS (
    UPDATE process_runs AS r SET status = v.status, context = v.context::jsonb, error = v.error::jsonb, updated_at = now(),
           finished_at = CASE WHEN v.finished THEN now() ELSE NULL END
      FROM jsonb_to_recordset(?::jsonb) AS v(id uuid, status text, context text, error text, finished boolean)
     WHERE r.id = v.id RETURNING 1)`);
  bindings.push(JSON.stringify(rows.runs));
  const notify = announce ? 'pg_notify(?, ?)' : 'NULL';
  if (announce) bindings.push(ENGINE_CHANNEL, 'jobs');
  return db.raw(`WITH ${parts.join(',\n')} SELECT ${notify} AS announced`, bindings);
}

/** Writes every session's changes in one statement; answers each run's status, in order. */
export async function flushSessions(db: Knex, sessions: readonly SessionToFlush[]): Promise<FlushResult[]> {
  if (sessions.length === 0) return [];
  const pending = sessions.map(({ session }) => session.steps.filter((step) => step.stored === false));
  const rows: Rows = { steps: [], stepWrites: stepWritesQueries(db, pending.flat()), consumed: [], updates: [], inserts: [], runs: [] };
  const results = sessions.map((item, i) => collect(rows, item, pending[i] ?? []));
  const parents = sessions.flatMap(({ session }, i) => {
    const run = session.run;
    const status = results[i]?.status;
    return status && isTerminal(status) && status !== 'cancelled' && run.parent ? [{ run, status, parent: run.parent }] : [];
  });
  const announce = parents.length > 0 || results.some((r) => r.announced);
  await flushStatement(db, rows, announce);
  for (const steps of pending) for (const step of steps) step.stored = true;
  // After the statement: a parent's waiting job is another run's row, woken after this one is stored.
  for (const { run, status, parent } of parents) {
    await signalWaitingJob(db, parent, { type: 'child', runId: run.id, status, output: run.context.result });
  }
  return results.map((r, i) => ({ status: r.status, announced: r.announced || parents.some((p) => p.run === sessions[i]?.session.run) }));
}

/** One session's changes (the external step's apply, a job advanced on its own). */
export async function flushSession(db: Knex, session: SessionChanges, otherReady: boolean): Promise<FlushResult> {
  const [result] = await flushSessions(db, [{ session, otherReady }]);
  if (!result) throw new Error('flushSessions answered nothing for one session');
  return result;
}

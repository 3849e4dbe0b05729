import type { Knex } from 'knex';
import type { SessionRun, SessionStore, StepRecord } from '../run/run-state.types.js';
import { toJson, type JsonValue } from '../json.types.js';
import { stepWritesQueries } from './step-writes.store.js';

/*
 * Where steps go. After-save runs write run_steps as they go (a waiting step is updated when it
 * resumes). A before-save run is written whole at the end of the save, in the save's transaction.
 * A simulation keeps its steps in memory for the report.
 *
 * A step that waits keeps its story: each time it runs (it starts and waits, a timer escalates it,
 * a person decides) appends a phase to `phases`, and its effects and logs accumulate, so resuming
 * never overwrites who was asked, the escalation, or the timer's due time. Output, handle and
 * status are the latest (later steps read the latest output).
 */

/** One time a waiting step ran, as run history shows it. */
export interface StepPhase {
  [key: string]: JsonValue;
  at: string;
  finishedAt: string | null;
  status: StepRecord['status'];
  output: JsonValue;
  handle: string | null;
  effects: JsonValue;
  logs: JsonValue;
  error: JsonValue;
}

export function stepPhase(step: StepRecord): StepPhase {
  return {
    at: step.startedAt.toISOString(),
    finishedAt: step.finishedAt?.toISOString() ?? null,
    status: step.status,
    output: step.output,
    handle: step.handle,
    effects: toJson(step.effects),
    logs: toJson(step.logs),
    error: step.error,
  };
}

/** A step's run_steps columns as a write sends them (JSON columns as JSON text). */
export function stepColumns(step: StepRecord) {
  return {
    node_id: step.nodeId,
    node_type: step.nodeType,
    token: step.token,
    attempt: step.attempt,
    status: step.status,
    input: JSON.stringify(step.input),
    output: JSON.stringify(step.output),
    handle: step.handle,
    effects: JSON.stringify(step.effects),
    logs: JSON.stringify(step.logs),
    error: JSON.stringify(step.error),
    started_at: step.startedAt.toISOString(),
    finished_at: step.finishedAt?.toISOString() ?? null,
    duration_ms: step.finishedAt ? Math.max(0, step.finishedAt.getTime() - step.startedAt.getTime()) : null,
  };
}

export const databaseStepStore: SessionStore = {
  async recordStep(db, run, step, existingStepId) {
    const columns = stepColumns(step);
    if (existingStepId === null && step.status !== 'waiting' && step.status !== 'running') {
      // A finished new step goes in with the session's flush (session.flusher.ts), one statement for the batch.
      step.stored = false;
      return null;
    }
    step.stored = true;
    for (const query of stepWritesQueries(db, [step])) await query;
    if (existingStepId !== null) {
      // Resuming a waiting (or running external) step: it keeps its start, and its duration covers the wait.
      // A step that waited (it has phases) appends this run to them and adds its effects and logs to the earlier ones.
      const { started_at: _start, duration_ms: _duration, effects, logs, ...rest } = columns;
      await db('run_steps')
        .where({ id: existingStepId })
        .update({
          ...rest,
          effects: db.raw(`CASE WHEN phases IS NULL THEN ?::jsonb ELSE COALESCE(effects, '[]'::jsonb) || ?::jsonb END`, [effects, effects]),
          logs: db.raw(`CASE WHEN phases IS NULL THEN ?::jsonb ELSE COALESCE(logs, '[]'::jsonb) || ?::jsonb END`, [logs, logs]),
          phases: db.raw('CASE WHEN phases IS NULL THEN NULL ELSE phases || ?::jsonb END', [JSON.stringify([stepPhase(step)])]),
          duration_ms: step.finishedAt ? db.raw('GREATEST(0, EXTRACT(EPOCH FROM (?::timestamptz - started_at)) * 1000)::int', [columns.finished_at]) : null,
        });
      return existingStepId;
    }
    const phases = step.status === 'waiting' ? JSON.stringify([stepPhase(step)]) : null;
    const [row]: Array<{ id: number }> = await db('run_steps').insert({ run_id: run.id, ...columns, phases }).returning('id');
    return row ? Number(row.id) : null;
  },
};

/** Keeps steps in memory; a before-save run hands them to the save (stepRowsInsertQuery), which writes them with the record. */
export function memoryStepStore(): SessionStore & { steps: StepRecord[] } {
  const steps: StepRecord[] = [];
  let next = 1;
  return {
    steps,
    async recordStep(_db, _run, step) {
      steps.push(step);
      return next++;
    },
  };
}

/**
 * One multi-row INSERT of the steps and the INSERTs of the rows they write with them, not sent
 * (none when there are no steps): see runInsertQuery.
 */
export function stepRowsInsertQueries(db: Knex, run: SessionRun, steps: readonly StepRecord[]): Knex.QueryBuilder[] {
  if (steps.length === 0) return [];
  return [db('run_steps').insert(steps.map((step) => ({ run_id: run.id, ...stepColumns(step) }))), ...stepWritesQueries(db, steps)];
}

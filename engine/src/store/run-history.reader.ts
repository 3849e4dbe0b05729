import type { Knex } from 'knex';
import type { JsonValue } from '../json.types.js';
import type { RunRow, StepRow } from './run-rows.types.js';

/*
 * Run history as the runtime reads it (GET /api/processes/:name/runs, GET /api/runs/:id): a page
 * of runs, newest first, and one run with its steps and the jobs it still has. The admin's levers
 * on a run (retry, cancel) are in runs/run-admin.service.ts.
 */

export interface RunSummary {
  id: string;
  process: string;
  version: number;
  mode: string;
  status: string;
  entity: string | null;
  recordId: string | null;
  actorId: string | null;
  depth: number;
  parentRunId: string | null;
  error: JsonValue;
  createdAt: string;
  updatedAt: string;
  finishedAt: string | null;
}

export interface RunStep {
  id: number;
  nodeId: string;
  nodeType: string;
  token: string;
  attempt: number;
  status: string;
  input: JsonValue;
  output: JsonValue;
  handle: string | null;
  effects: JsonValue;
  logs: JsonValue;
  error: JsonValue;
  startedAt: string;
  finishedAt: string | null;
  durationMs: number | null;
  /**
   * For a step that waited: each time it ran, oldest first (it started and waited, a timer
   * escalated it, a person decided...), each with its own time, output, handle and effects. The
   * step's `output` is the latest; its `effects` and `logs` are all of them. Empty for a step that
   * ran once.
   */
  phases: JsonValue[];
}

export interface RunWaiting {
  nodeId: string;
  token: string;
  status: string;
  dueAt: string | null;
  attempt: number;
  lastError: JsonValue;
}

export interface RunDetail extends RunSummary {
  trigger: JsonValue;
  context: JsonValue;
  steps: RunStep[];
  waiting: RunWaiting[];
}

function summary(row: RunRow): RunSummary {
  return {
    id: row.id,
    process: row.process,
    version: row.definition_version,
    mode: row.mode,
    status: row.status,
    entity: row.entity,
    recordId: row.record_id,
    actorId: row.actor_id,
    depth: row.depth,
    parentRunId: row.parent_run_id,
    error: row.error,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    finishedAt: row.finished_at,
  };
}

function step(row: StepRow): RunStep {
  return {
    id: Number(row.id),
    nodeId: row.node_id,
    nodeType: row.node_type,
    token: row.token,
    attempt: row.attempt,
    status: row.status,
    input: row.input,
    output: row.output,
    handle: row.handle,
    effects: row.effects,
    logs: row.logs,
    error: row.error,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    durationMs: row.duration_ms,
    phases: Array.isArray(row.phases) ? row.phases : [],
  };
}

function binding(value: unknown): Knex.Value {
  if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (Array.isArray(value)) return value.map((v) => String(v));
  return JSON.stringify(value);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Run and record ids are uuids: anything else names none (and PostgreSQL would refuse it in a uuid column). */
export function isUuid(text: string): boolean {
  return UUID.test(text);
}

export interface RunQuery {
  process?: string;
  status?: string | null;
  entity?: string | null;
  recordId?: string | null;
  /** Only these runs (a bulk start's, to tell how they went); non-uuids name none. */
  ids?: readonly string[] | null;
  /** Only runs about records this subquery selects (the caller's readable records), when given. */
  visibleRecords?: { table: string; alias: string; sql: string; bindings: readonly unknown[] } | null;
  limit: number;
  /** Keyset: runs older than this (created_at, id) pair. */
  before?: { createdAt: string; id: string } | null;
}

export async function listRuns(db: Knex, query: RunQuery): Promise<RunSummary[]> {
  const q = db('process_runs').select('*');
  if (query.process) q.where({ process: query.process });
  if (query.status) q.where({ status: query.status });
  if (query.entity) q.where({ entity: query.entity });
  if (query.recordId) {
    if (!isUuid(query.recordId)) return [];
    q.where({ record_id: query.recordId });
  }
  if (query.ids) {
    const ids = query.ids.filter(isUuid);
    if (ids.length === 0) return [];
    q.whereIn('id', ids);
  }
  if (query.visibleRecords) {
    const v = query.visibleRecords;
    q.whereRaw(`record_id IN (SELECT ??.id FROM ?? AS ?? WHERE ${v.sql})`, [v.alias, v.table, v.alias, ...v.bindings.map(binding)]);
  }
  if (query.before) q.whereRaw('(created_at, id) < (?::timestamptz, ?::uuid)', [query.before.createdAt, query.before.id]);
  const rows: RunRow[] = await q.orderBy([{ column: 'created_at', order: 'desc' }, { column: 'id', order: 'desc' }]).limit(query.limit);
  return rows.map(summary);
}

/** What each run's start form was answered (trigger.input), by run id; runs without answers are absent. */
export async function runStartInputs(db: Knex, ids: readonly string[]): Promise<Map<string, JsonValue>> {
  const wanted = ids.filter(isUuid);
  if (wanted.length === 0) return new Map();
  const rows: Array<{ id: string; trigger: JsonValue | string }> = await db('process_runs').whereIn('id', wanted).select('id', 'trigger');
  const inputs = new Map<string, JsonValue>();
  for (const row of rows) {
    const trigger: JsonValue = typeof row.trigger === 'string' ? (JSON.parse(row.trigger) as JsonValue) : row.trigger;
    if (typeof trigger === 'object' && trigger !== null && !Array.isArray(trigger) && trigger['input'] !== undefined) inputs.set(row.id, trigger['input']);
  }
  return inputs;
}

export async function getRun(db: Knex, id: string): Promise<RunDetail | null> {
  if (!isUuid(id)) return null;
  const row: RunRow | undefined = await db<RunRow>('process_runs').where({ id }).first();
  if (!row) return null;
  const steps: StepRow[] = await db<StepRow>('run_steps').where({ run_id: id }).orderBy('id');
  const jobs: Array<{ node_id: string; token: string; status: string; due_at: string | null; attempt: number; last_error: JsonValue }> = await db('run_jobs')
    .where({ run_id: id })
    .select('node_id', 'token', 'status', 'due_at', 'attempt', 'last_error')
    .orderBy('id');
  return {
    ...summary(row),
    trigger: row.trigger,
    context: row.context,
    steps: steps.map(step),
    waiting: jobs.map((j) => ({ nodeId: j.node_id, token: j.token, status: j.status, dueAt: j.due_at, attempt: j.attempt, lastError: j.last_error })),
  };
}

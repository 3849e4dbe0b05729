import type { Knex } from 'knex';
import type { JsonObject } from '../json.types.js';
import type { EngineUser } from '../ports/engine.ports.js';
import type { RunContextState } from '../run/run-state.types.js';
import { announceWork } from './job-signal.store.js';
import { encodeRunContext } from './run-context.codec.js';
import type { RunStatus } from './run-rows.types.js';

/*
 * The statements that create runs (process_runs and their first run_jobs), in the caller's
 * transaction: the run starter (run.starter.ts) decides what a run starts as, the engine writes a
 * before-save run with the record it ran for; this module only writes.
 */

/** A run about to be stored. */
export interface NewRun {
  id: string;
  process: string;
  version: number;
  mode: string;
  status: RunStatus;
  trigger: JsonObject;
  subject: { entity: string; id: string | null } | null;
  context: RunContextState;
  /** The person the run acts for; their API token's role limit is kept with them. */
  user: EngineUser | null;
  depth: number;
  dedupeKey: string | null;
  parent: { runId: string; token: string } | null;
  error: JsonObject | null;
  /** Stored finished (finished_at now): a run refused at its start, or a before-save run. */
  finished: boolean;
}

export type InsertedRun = { created: true } | { created: false; runId: string; status: string };

function runRow(db: Knex, run: NewRun) {
  return {
    id: run.id,
    process: run.process,
    definition_version: run.version,
    mode: run.mode,
    status: run.status,
    trigger: JSON.stringify(run.trigger),
    entity: run.subject?.entity ?? null,
    record_id: run.subject?.id ?? null,
    context: JSON.stringify(encodeRunContext(run.context)),
    actor_id: run.user?.id ?? null,
    actor_role_limit: run.user?.roleLimit ? JSON.stringify(run.user.roleLimit) : null,
    depth: run.depth,
    dedupe_key: run.dedupeKey,
    parent_run_id: run.parent?.runId ?? null,
    parent_job_token: run.parent?.token ?? null,
    error: run.error === null ? null : JSON.stringify(run.error),
    finished_at: run.finished ? db.fn.now() : null,
  };
}

/**
 * The INSERT of a run without a dedupe key, not sent: a before-save run is handed to the save, which
 * writes it in the same statement (or transaction) as the record it ran for.
 */
export function runInsertQuery(db: Knex, run: NewRun): Knex.QueryBuilder {
  return db('process_runs').insert(runRow(db, run));
}

/** Inserts the run; with a dedupe key that a run already holds, inserts nothing and answers that run. */
export async function insertRun(db: Knex, run: NewRun): Promise<InsertedRun> {
  const row = runRow(db, run);
  if (run.dedupeKey === null) {
    await db('process_runs').insert(row);
    return { created: true };
  }
  const inserted: Array<{ id: string }> = await db('process_runs').insert(row).onConflict('dedupe_key').ignore().returning('id');
  if (inserted.length > 0) return { created: true };
  const existing: { id: string; status: string } | undefined = await db('process_runs').where({ dedupe_key: run.dedupeKey }).first('id', 'status');
  return { created: false, runId: existing?.id ?? '', status: existing?.status ?? 'unknown' };
}

/** A run whose trigger leads nowhere is complete as soon as it is stored. */
export async function completeRun(db: Knex, runId: string): Promise<void> {
  await db('process_runs').where({ id: runId }).update({ status: 'completed', finished_at: db.fn.now() });
}

/** The run's first jobs, due now; workers are told there is work once the transaction commits. */
export async function insertFirstJobs(db: Knex, runId: string, jobs: ReadonlyArray<{ nodeId: string; token: string }>): Promise<void> {
  await db('run_jobs').insert(jobs.map((job) => ({ run_id: runId, node_id: job.nodeId, token: job.token, status: 'ready', due_at: db.fn.now() })));
  await announceWork(db);
}

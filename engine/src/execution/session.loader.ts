import type { Knex } from 'knex';
import { isJsonObject } from '../json.types.js';
import type { RunMode } from '../nodes/node-type.js';
import { holdsAdminRole, limitRoles, type App } from '@crm/schemas';
import type { EngineRecord, EngineUser, ProcessActor } from '../ports/engine.ports.js';
import { decodeRunContext } from '../store/run-context.codec.js';
import type { JobRow, RunRow } from '../store/run-rows.types.js';
import { databaseStepStore } from '../store/run-steps.store.js';
import { isLive, lockRun, otherJobsOf } from '../store/run-state.store.js';
import type { DefinitionCache } from './definition.cache.js';
import { RunSession } from './run-session.js';
import type { SessionJob } from '../run/run-state.types.js';
import type { SessionEnv } from './run-session.types.js';

/*
 * Opens a session on a stored run for one of its jobs, inside the caller's transaction: the run
 * row is locked (so two workers never advance one run at once), the pinned definition is found,
 * the other live tokens are listed, and the run's person and record are read as they are now.
 * A worker's batch locks and lists for all its jobs at once and passes what it read (BatchReads).
 */

export function sessionJobOf(row: JobRow): SessionJob {
  return {
    dbId: Number(row.id),
    nodeId: row.node_id,
    token: row.token,
    status: row.status,
    dueAt: row.due_at === null ? null : new Date(row.due_at),
    attempt: row.attempt,
    attemptBase: row.attempt_base,
    stepId: row.step_id === null ? null : Number(row.step_id),
    state: isJsonObject(row.state) ? row.state : null,
    signal: isJsonObject(row.signal) ? row.signal : null,
    waitOn: row.wait_entity && row.wait_record_id ? { entity: row.wait_entity, recordId: row.wait_record_id } : null,
    lastError: row.last_error,
  };
}

/**
 * The run's person as the request that started it saw them: through an API token, with the token's
 * roles that they still hold (an admin holds every role). The host applies the same limit again on
 * every permission check, since it reads the person's roles afresh.
 */
function withRoleLimit(app: App, user: EngineUser | null, limit: unknown): EngineUser | null {
  if (!user || !Array.isArray(limit)) return user;
  const roleLimit = limit.filter((role): role is string => typeof role === 'string');
  return { ...user, roles: limitRoles(user.roles, roleLimit, holdsAdminRole(app, user.roles)), roleLimit };
}

export interface LoadedSession {
  session: RunSession;
  otherReady: boolean;
  run: RunRow;
}

/**
 * What a worker's batch read once for all its jobs (job.processor.ts): the runs, locked; their
 * live jobs, listed after the locks; and the people read so far (runs of one person share a read).
 */
export interface BatchReads {
  runs: ReadonlyMap<string, RunRow>;
  jobs: ReadonlyArray<Pick<JobRow, 'id' | 'run_id' | 'token' | 'status'>>;
  users: Map<string, Promise<EngineUser | null>>;
}

function findUserIn(trx: Knex, env: SessionEnv, id: string, batch: BatchReads | undefined): Promise<EngineUser | null> {
  if (!batch) return env.ports.people.findUser(trx, id);
  const known = batch.users.get(id);
  if (known) return known;
  const read = env.ports.people.findUser(trx, id);
  batch.users.set(id, read);
  return read;
}

export async function loadSession(trx: Knex, job: JobRow, env: SessionEnv, definitions: DefinitionCache, batch?: BatchReads): Promise<LoadedSession | null> {
  const run = batch ? batch.runs.get(job.run_id) : await lockRun(trx, job.run_id);
  if (!run || !isLive(run.status)) return null;
  const { app, process } = await definitions.process(trx, run.definition_version, run.process);
  const others = batch ? batch.jobs.filter((other) => other.run_id === run.id && Number(other.id) !== Number(job.id)) : await otherJobsOf(trx, run.id, job.id);
  const user = withRoleLimit(app, run.actor_id ? await findUserIn(trx, env, run.actor_id, batch) : null, run.actor_role_limit);
  const mode: RunMode = 'after-save';
  const subject = run.entity ? { entity: run.entity, id: run.record_id } : null;
  const session = new RunSession(
    trx,
    {
      id: run.id,
      process: run.process,
      version: run.definition_version,
      mode,
      status: run.status,
      trigger: isJsonObject(run.trigger) ? run.trigger : {},
      subject,
      user,
      depth: run.depth,
      parent: run.parent_run_id && run.parent_job_token ? { runId: run.parent_run_id, token: run.parent_job_token } : null,
      context: decodeRunContext(run.context),
      error: isJsonObject(run.error) ? run.error : null,
    },
    app,
    process,
    env,
    databaseStepStore,
    new Set(others.map((o) => o.token)),
    await subjectRecord(trx, env, app, run, user),
  );
  return { session, otherReady: others.some((o) => o.status === 'ready'), run };
}

/** The run's record as it is now; a deleted record as the trigger last saw it. */
async function subjectRecord(
  trx: Knex,
  env: SessionEnv,
  app: App,
  run: RunRow,
  user: EngineUser | null,
): Promise<Record<string, unknown> | null> {
  if (!run.entity || !run.record_id) return null;
  const actor: ProcessActor = { db: trx, app, process: run.process, runId: run.id, depth: run.depth, user, actAs: 'system' };
  const current: EngineRecord | null = await env.ports.records.get(actor, run.entity, run.record_id);
  if (current) return current;
  const trigger = isJsonObject(run.trigger) ? run.trigger : {};
  const snapshot = trigger['after'] ?? trigger['before'];
  return isJsonObject(snapshot) ? snapshot : null;
}

import type { Knex } from 'knex';
import { isJsonObject } from '../json.types.js';
import type { RunMode } from '../nodes/node-type.js';
import { holdsAdminRole, limitRoles, type App } from '@crm/schemas';
import type { EngineRecord, EngineUser, ProcessActor } from '../ports/engine.ports.js';
import { decodeRunContext } from '../store/run-context.codec.js';
import type { JobRow, RunRow } from '../store/run-rows.types.js';
import { isStepFailure } from '../run/step-failure.js';
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
  /** The batch runs again with savepoints if a writing step fails: its steps run without them. */
  stepsGuardedByRetry: boolean;
  /**
   * The runs' records, read for the whole batch in one query per entity (readBatchSubjects; key
   * `entity:id`, null for one that get would not answer). A record a step of the batch updates is
   * dropped here (batchEnv), so a later run about it reads it afresh.
   */
  subjects: Map<string, EngineRecord | null>;
  /** The env the batch's sessions share (see batchEnv). */
  env?: SessionEnv;
}

const subjectKey = (entity: string, id: string): string => `${entity}:${id}`;

/**
 * The batch's runs' records, one query per entity, read as the system (as each run's own read
 * does: a process reads with its own rights). A read that fails leaves its records to each run's
 * own read.
 */
export async function readBatchSubjects(trx: Knex, env: SessionEnv, definitions: DefinitionCache, runs: ReadonlyMap<string, RunRow>): Promise<Map<string, EngineRecord | null>> {
  const byEntity = new Map<string, RunRow[]>();
  for (const run of runs.values()) {
    if (!run.entity || !run.record_id || !isLive(run.status)) continue;
    byEntity.set(run.entity, [...(byEntity.get(run.entity) ?? []), run]);
  }
  const subjects = new Map<string, EngineRecord | null>();
  for (const [entity, about] of byEntity) {
    const [first] = about;
    if (!first || about.length < 2) continue;
    try {
      const { app } = await definitions.process(trx, first.definition_version, first.process);
      const actor: ProcessActor = { db: trx, app, process: first.process, runId: first.id, depth: first.depth, user: null, actAs: 'system' };
      const ids = [...new Set(about.map((run) => run.record_id ?? ''))];
      const found = await env.ports.records.getMany(actor, entity, ids);
      for (const id of ids) subjects.set(subjectKey(entity, id), found.get(id) ?? null);
    } catch (error) {
      if (!isStepFailure(error)) throw error;
    }
  }
  return subjects;
}

function findUserIn(trx: Knex, env: SessionEnv, ref: string, batch: BatchReads | undefined): Promise<EngineUser | null> {
  if (!batch) return env.ports.people.findUser(trx, ref);
  const known = batch.users.get(ref);
  if (known) return known;
  const read = env.ports.people.findUser(trx, ref);
  batch.users.set(ref, read);
  return read;
}

/**
 * The worker's env for a batch's sessions: a person their steps look up inside the batch's
 * transaction (a task's assignee, a notification's recipient) is read once for the whole batch,
 * like the runs' own people. The batch's transaction is short; a step made after its commit (an
 * external call) reads afresh.
 */
function batchEnv(env: SessionEnv, batch: BatchReads): SessionEnv {
  const people = env.ports.people;
  const records = env.ports.records;
  batch.env ??= {
    ...env,
    ports: {
      ...env.ports,
      people: { ...people, findUser: (db, ref) => (db.isTransaction ? findUserIn(db, env, ref, batch) : people.findUser(db, ref)) },
      records: {
        ...records,
        update: (actor, entity, id, values, readCopy) => {
          batch.subjects.delete(subjectKey(entity, id));
          return records.update(actor, entity, id, values, readCopy);
        },
      },
    },
  };
  return batch.env;
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
    batch ? batchEnv(env, batch) : env,
    databaseStepStore,
    new Set(others.map((o) => o.token)),
    await subjectRecord(trx, env, app, run, user, batch),
  );
  if (batch?.stepsGuardedByRetry) session.guardStepsByBatchRetry();
  return { session, otherReady: others.some((o) => o.status === 'ready'), run };
}

/** The run's record as it is now; a deleted record as the trigger last saw it. */
async function subjectRecord(
  trx: Knex,
  env: SessionEnv,
  app: App,
  run: RunRow,
  user: EngineUser | null,
  batch: BatchReads | undefined,
): Promise<Record<string, unknown> | null> {
  if (!run.entity || !run.record_id) return null;
  const actor: ProcessActor = { db: trx, app, process: run.process, runId: run.id, depth: run.depth, user, actAs: 'system' };
  const key = subjectKey(run.entity, run.record_id);
  const current: EngineRecord | null = batch?.subjects.has(key) ? (batch.subjects.get(key) ?? null) : await env.ports.records.get(actor, run.entity, run.record_id);
  if (current) return current;
  const trigger = isJsonObject(run.trigger) ? run.trigger : {};
  const snapshot = trigger['after'] ?? trigger['before'];
  return isJsonObject(snapshot) ? snapshot : null;
}

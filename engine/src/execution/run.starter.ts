import crypto from 'node:crypto';
import type { App, Process } from '@crm/schemas';
import type { Knex } from 'knex';
import type { JsonObject } from '../json.types.js';
import { graphOf } from '../graph/process-graph.js';
import type { EngineUser } from '../ports/engine.ports.js';
import { forkToken, ROOT_TOKEN } from '../run/run-tokens.js';
import { emptyRunContext, encodeRunContext } from '../store/run-context.codec.js';
import { ENGINE_CHANNEL } from '../store/session.flusher.js';

/*
 * Creating a run is one INSERT of the run and one of its first jobs, in the caller's transaction
 * (a record write, a webhook, a schedule tick), so the run exists exactly when its cause
 * committed. A dedupe key makes the same cause delivered twice start one run. Past the depth limit
 * (a process whose writes trigger itself), the run is stored as failed with the reason, not run.
 */

export interface StartRunSpec {
  app: App;
  version: number;
  process: Process;
  /** What started the run: {type, ...} (record: action, entity, recordId, before, after, changes; webhook: body; ...). */
  trigger: JsonObject;
  subject: { entity: string; id: string | null } | null;
  user: EngineUser | null;
  depth: number;
  dedupeKey: string | null;
  mode: string;
  parent?: { runId: string; token: string } | null;
}

export interface StartedRun {
  runId: string;
  created: boolean;
  status: string;
}

export async function startRun(db: Knex, spec: StartRunSpec, maxDepth: number): Promise<StartedRun> {
  const id = crypto.randomUUID();
  const tooDeep = spec.depth > maxDepth;
  const row = {
    id,
    process: spec.process.name,
    definition_version: spec.version,
    mode: spec.mode,
    status: tooDeep ? 'failed' : 'running',
    trigger: JSON.stringify(spec.trigger),
    entity: spec.subject?.entity ?? null,
    record_id: spec.subject?.id ?? null,
    context: JSON.stringify(encodeRunContext(emptyRunContext())),
    actor_id: spec.user?.id ?? null,
    actor_role_limit: spec.user?.roleLimit ? JSON.stringify(spec.user.roleLimit) : null,
    depth: spec.depth,
    dedupe_key: spec.dedupeKey,
    parent_run_id: spec.parent?.runId ?? null,
    parent_job_token: spec.parent?.token ?? null,
    error: tooDeep
      ? JSON.stringify({
          code: 'PROCESS_LOOP',
          message: `Not started: ${spec.depth} processes in a row were triggered by each other's changes (the limit is ${maxDepth}). A process probably triggers itself; add a condition to its trigger (for example "changed").`,
        })
      : null,
    finished_at: tooDeep ? db.fn.now() : null,
  };
  const inserted: Array<{ id: string }> =
    spec.dedupeKey === null
      ? await db('process_runs').insert(row).returning('id')
      : await db('process_runs').insert(row).onConflict('dedupe_key').ignore().returning('id');
  if (inserted.length === 0) {
    const existing: { id: string; status: string } | undefined = await db('process_runs').where({ dedupe_key: spec.dedupeKey }).first('id', 'status');
    return { runId: existing?.id ?? '', created: false, status: existing?.status ?? 'unknown' };
  }
  if (tooDeep) return { runId: id, created: true, status: 'failed' };

  const targets = graphOf(spec.process).next('trigger', 'out');
  if (targets.length === 0) {
    await db('process_runs').where({ id }).update({ status: 'completed', finished_at: db.fn.now() });
    return { runId: id, created: true, status: 'completed' };
  }
  await db('run_jobs').insert(
    targets.map((nodeId, i) => ({
      run_id: id,
      node_id: nodeId,
      token: targets.length === 1 ? ROOT_TOKEN : forkToken(ROOT_TOKEN, 'trigger', i),
      status: 'ready',
      due_at: db.fn.now(),
    })),
  );
  await db.raw('SELECT pg_notify(?, ?)', [ENGINE_CHANNEL, 'jobs']);
  return { runId: id, created: true, status: 'running' };
}

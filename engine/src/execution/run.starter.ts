import crypto from 'node:crypto';
import type { App, Process } from '@crm/schemas';
import type { Knex } from 'knex';
import type { JsonObject } from '../json.types.js';
import { graphOf } from '../graph/process-graph.js';
import type { EngineUser } from '../ports/engine.ports.js';
import { forkToken, ROOT_TOKEN } from '../run/run-tokens.js';
import { emptyRunContext } from '../store/run-context.codec.js';
import { completeRun, insertFirstJobs, insertRun } from '../store/run-create.store.js';

/*
 * Creating a run is one INSERT of the run and one of its first jobs (store/run-create.store.ts),
 * in the caller's transaction (a record write, a webhook, a schedule tick), so the run exists
 * exactly when its cause committed. A dedupe key makes the same cause delivered twice start one run. Past the depth limit
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
  const inserted = await insertRun(db, {
    id,
    process: spec.process.name,
    version: spec.version,
    mode: spec.mode,
    status: tooDeep ? 'failed' : 'running',
    trigger: spec.trigger,
    subject: spec.subject,
    context: emptyRunContext(),
    user: spec.user,
    depth: spec.depth,
    dedupeKey: spec.dedupeKey,
    parent: spec.parent ?? null,
    error: tooDeep
      ? {
          code: 'PROCESS_LOOP',
          message: `Not started: ${spec.depth} processes in a row were triggered by each other's changes (the limit is ${maxDepth}). A process probably triggers itself; add a condition to its trigger (for example "changed").`,
        }
      : null,
    finished: tooDeep,
  });
  if (!inserted.created) return { runId: inserted.runId, created: false, status: inserted.status };
  if (tooDeep) return { runId: id, created: true, status: 'failed' };

  const targets = graphOf(spec.process).next('trigger', 'out');
  if (targets.length === 0) {
    await completeRun(db, id);
    return { runId: id, created: true, status: 'completed' };
  }
  await insertFirstJobs(
    db,
    id,
    targets.map((nodeId, i) => ({ nodeId, token: targets.length === 1 ? ROOT_TOKEN : forkToken(ROOT_TOKEN, 'trigger', i) })),
  );
  return { runId: id, created: true, status: 'running' };
}

import type { Knex } from 'knex';
import { graphOf } from '../graph/process-graph.js';
import { nodeTypeOf } from '../nodes/node.registry.js';
import type { DefinitionCache } from '../execution/definition.cache.js';
import type { PrecomputedStep } from '../execution/run-session.js';
import type { SessionEnv } from '../execution/run-session.types.js';
import { loadSession, sessionJobOf } from '../execution/session.loader.js';
import { retryDelayMs } from '../run/retry-delay.js';
import { asStepFailure } from '../run/step-failure.js';
import type { JobRow } from '../store/run-rows.types.js';
import { flushSession } from '../store/session.flusher.js';

/*
 * One unit of a worker's work: claim a due job with FOR UPDATE SKIP LOCKED and advance its run.
 *
 *   transactional node:  [claim -> lock run -> steps (chained) -> flush] one transaction; a crash
 *                        anywhere rolls all of it back and the job is claimable again
 *   external node (HTTP): [claim -> step row "running" + lease] commit -> call, outside any
 *                        transaction, with the idempotency key -> [job still ours? -> apply ->
 *                        chain -> flush] commit. A worker that dies mid-call loses its lease; the
 *                        next one marks the old attempt interrupted and calls again with the same key.
 */

export interface JobProcessorDeps {
  knex: Knex;
  env: SessionEnv;
  definitions: DefinitionCache;
  workerId: string;
}

export type ProcessOutcome = 'idle' | 'worked';

const CLAIM_SQL = `
  SELECT j.* FROM run_jobs j
  WHERE j.status IN ('ready', 'waiting') AND j.due_at <= now()
    AND (j.locked_until IS NULL OR j.locked_until < now())
    AND EXISTS (SELECT 1 FROM process_runs r WHERE r.id = j.run_id AND r.status IN ('running', 'waiting'))
  ORDER BY j.due_at, j.id
  LIMIT 1
  FOR UPDATE OF j SKIP LOCKED`;

async function claim(trx: Knex): Promise<JobRow | undefined> {
  const result: { rows: JobRow[] } = await trx.raw(CLAIM_SQL);
  return result.rows[0];
}

interface ExternalClaim {
  job: JobRow;
  stepId: number;
  attempt: number;
}

export function createJobProcessor(deps: JobProcessorDeps) {
  const { knex, env, definitions, workerId } = deps;

  /** Marks the job as ours for the external call and records the attempt as running. */
  async function prepareExternal(trx: Knex, job: JobRow, nodeType: string, timeoutMs: number): Promise<ExternalClaim> {
    if (job.step_id !== null) {
      await trx('run_steps').where({ id: job.step_id, status: 'running' }).update({ status: 'interrupted', finished_at: trx.fn.now() });
    }
    const [step]: Array<{ id: number }> = await trx('run_steps')
      .insert({ run_id: job.run_id, node_id: job.node_id, node_type: nodeType, token: job.token, attempt: job.attempt, status: 'running', started_at: new Date(env.clock().getTime()).toISOString() })
      .returning('id');
    const stepId = Number(step?.id);
    const leaseMs = timeoutMs + env.options.externalLeaseMs;
    await trx('run_jobs')
      .where({ id: job.id })
      .update({ locked_by: workerId, locked_until: trx.raw(`now() + (? || ' milliseconds')::interval`, [String(leaseMs)]), step_id: stepId });
    return { job: { ...job, step_id: stepId, locked_by: workerId }, stepId, attempt: job.attempt };
  }

  async function runExternal(claimed: ExternalClaim): Promise<void> {
    // The call itself, outside any transaction: a session over the plain handle only builds the node's context.
    const loaded = await loadSession(knex, claimed.job, env, definitions);
    if (!loaded) return;
    const detail = { runId: claimed.job.run_id, nodeId: claimed.job.node_id, process: loaded.session.process.name };
    env.probe?.('external-started', detail);
    const precomputed: PrecomputedStep = await loaded.session.precompute(sessionJobOf(claimed.job));
    env.probe?.('external-returned', detail);
    await knex.transaction(async (trx) => {
      const mine: JobRow | undefined = await trx('run_jobs').where({ id: claimed.job.id, locked_by: workerId }).forUpdate().first();
      if (!mine) return; // Our lease ran out and another worker took the job over.
      const again = await loadSession(trx, mine, env, definitions);
      if (!again) return;
      again.session.enqueue(sessionJobOf(mine));
      await again.session.drain(precomputed);
      await flushSession(trx, again.session, again.otherReady);
    });
    env.probe?.('run-committed', detail);
  }

  /** A failure outside any step (the database went away mid-transaction): retry the job later. */
  async function recordCrash(jobId: number, attempt: number, error: unknown): Promise<void> {
    const failure = asStepFailure(error);
    await knex.transaction(async (trx) => {
      const result: { rows: JobRow[] } = await trx.raw('SELECT * FROM run_jobs WHERE id = ? AND attempt = ? FOR UPDATE SKIP LOCKED', [jobId, attempt]);
      const job = result.rows[0];
      if (!job) return;
      if (attempt >= env.options.maxAttempts) {
        await trx('run_jobs').where({ id: jobId }).update({ status: 'parked', last_error: JSON.stringify(failure.toJSON()), locked_by: null, locked_until: null });
        await trx('process_runs')
          .where({ id: job.run_id })
          .update({ status: 'failed', error: JSON.stringify({ code: failure.code, nodeId: job.node_id, message: failure.message, attempts: attempt }), updated_at: trx.fn.now() });
        return;
      }
      const delay = retryDelayMs(attempt, env.options.retryBaseMs, env.options.retryMaxMs);
      await trx('run_jobs')
        .where({ id: jobId })
        .update({
          attempt: attempt + 1,
          due_at: trx.raw(`now() + (? || ' milliseconds')::interval`, [String(delay)]),
          last_error: JSON.stringify(failure.toJSON()),
          locked_by: null,
          locked_until: null,
        });
    });
  }

  return {
    /** Claims and advances one due job; 'idle' when there was none. */
    async processNext(): Promise<ProcessOutcome> {
      const claimed: { id: number; attempt: number } = { id: 0, attempt: 0 };
      let committed: { runId: string; nodeId: string; process: string } | null = null;
      try {
        const external = await knex.transaction(async (trx): Promise<ExternalClaim | 'idle' | 'done'> => {
          const job = await claim(trx);
          if (!job) return 'idle';
          claimed.id = Number(job.id);
          claimed.attempt = job.attempt;
          const loaded = await loadSession(trx, job, env, definitions);
          if (!loaded) return 'done';
          committed = { runId: job.run_id, nodeId: job.node_id, process: loaded.session.process.name };
          env.probe?.('job-claimed', committed);
          const node = graphOf(loaded.session.process).node(job.node_id);
          if (node && job.status === 'ready' && nodeTypeOf(node).work === 'external') {
            const timeoutMs = node.type === 'http' ? (node.config.timeoutMs ?? 10000) : 10000;
            return prepareExternal(trx, job, node.type, timeoutMs);
          }
          loaded.session.enqueue(sessionJobOf(job));
          await loaded.session.drain();
          await flushSession(trx, loaded.session, loaded.otherReady);
          return 'done';
        });
        if (external === 'idle') return 'idle';
        if (external === 'done' && committed) env.probe?.('run-committed', committed);
        if (external !== 'done') await runExternal(external);
        return 'worked';
      } catch (error) {
        if (claimed.id === 0) throw error;
        await recordCrash(claimed.id, claimed.attempt, error);
        return 'worked';
      }
    },
  };
}

export type JobProcessor = ReturnType<typeof createJobProcessor>;

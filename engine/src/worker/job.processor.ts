import type { Node } from '@crm/schemas';
import type { Knex } from 'knex';
import { graphOf } from '../graph/process-graph.js';
import type { DefinitionCache } from '../execution/definition.cache.js';
import type { PrecomputedStep, RunSession } from '../execution/run-session.js';
import type { SessionEnv } from '../execution/run-session.types.js';
import { loadSession, sessionJobOf } from '../execution/session.loader.js';
import { retryPlanOf } from '../run/node-limits.policy.js';
import { retryOrPark } from '../run/retry-decision.js';
import { failedRunError } from '../run/run-failure.js';
import { asStepFailure, isStepFailure } from '../run/step-failure.js';
import { externalTimeoutMs, runsApart } from '../run/step-nature.js';
import { isTransientInfrastructureError } from '../run/transient-error.js';
import type { JobRow } from '../store/run-rows.types.js';
import { leaseExternalAttempt, lockJobHeldBy } from '../store/job-lease.store.js';
import { claimDueJobs, isLive, lockJobAttempt, parkJobAndFailRun, rescheduleJob, runPinOf, runStatusOf } from '../store/run-state.store.js';
import { flushSession } from '../store/session.flusher.js';
import { createExternalLeaseKeeper, type HeldLease } from './external-lease.keeper.js';

/*
 * One unit of a worker's work: claim a due job with FOR UPDATE SKIP LOCKED and advance its run.
 *
 *   transactional node:  [claim -> lock run -> steps (chained) -> flush] one transaction; a crash
 *                        anywhere rolls all of it back and the job is claimable again
 *   external node (HTTP, script): [claim -> step row "running" + lease] commit -> call or script,
 *                        outside any transaction (a script's API calls take a connection each,
 *                        for that call only), with the idempotency key -> [job still ours? -> apply ->
 *                        chain -> flush] commit. A worker that dies mid-call loses its lease; the
 *                        next one marks the old attempt interrupted and calls again with the same key.
 *                        A live worker keeps its lease from the start of the call to the apply
 *                        (external-lease.keeper.ts), and does not call a job whose lease ran out
 *                        while it waited its turn in the batch.
 */

export interface JobProcessorDeps {
  knex: Knex;
  env: SessionEnv;
  definitions: DefinitionCache;
  workerId: string;
  /**
   * The most jobs claimed and advanced in one transaction (one commit for all of them), each in a
   * savepoint of its own. More is faster on PostgreSQL; on PGlite (one connection) 1 keeps requests
   * moving. Workers ask for fewer while the queue is short (see engine.worker.ts).
   */
  batchSize?: number;
}

interface ExternalClaim {
  job: JobRow;
  /** The session the claim loaded: the call builds its node's context from it (no second load). */
  session: RunSession;
  stepId: number;
  attempt: number;
  lease: HeldLease;
}

export function createJobProcessor(deps: JobProcessorDeps) {
  const { knex, env, definitions, workerId } = deps;
  const leases = createExternalLeaseKeeper({ knex, workerId, externalLeaseMs: env.options.externalLeaseMs });

  /** Marks the job as ours for the external call and records the attempt as running. */
  async function prepareExternal(trx: Knex, job: JobRow, session: RunSession, nodeType: string, timeoutMs: number, claimStartedAt: number): Promise<ExternalClaim> {
    const leaseMs = timeoutMs + env.options.externalLeaseMs;
    const stepId = await leaseExternalAttempt(trx, job, { nodeType, workerId, leaseMs, startedAt: env.clock() });
    const lease: HeldLease = { jobId: Number(job.id), stepId, leaseMs, leasedAt: claimStartedAt };
    return { job: { ...job, step_id: stepId, locked_by: workerId }, session, stepId, attempt: job.attempt, lease };
  }

  async function runExternal(claimed: ExternalClaim): Promise<void> {
    // Not run when the job is no longer ours: its lease ran out while it waited and another worker took it.
    await leases.keep(claimed.lease, () => callAndApply(claimed));
  }

  async function callAndApply(claimed: ExternalClaim): Promise<void> {
    // The run may have ended since the claim (cancelled, or failed on another branch): no call then.
    if (!isLive(await runStatusOf(knex, claimed.job.run_id))) return;
    const detail = { runId: claimed.job.run_id, nodeId: claimed.job.node_id, process: claimed.session.process.name };
    env.probe?.('external-started', detail);
    // The call itself, outside any transaction: the claim's session only builds the node's context, over the plain handle.
    const precomputed: PrecomputedStep = await claimed.session.precompute(sessionJobOf(claimed.job), knex);
    env.probe?.('external-returned', detail);
    await knex.transaction(async (trx) => {
      const mine = await lockJobHeldBy(trx, Number(claimed.job.id), workerId);
      if (!mine) return; // Our lease ran out and another worker took the job over.
      const again = await loadSession(trx, mine, env, definitions);
      if (!again) return;
      again.session.enqueue(sessionJobOf(mine));
      await again.session.drain(precomputed);
      await flushSession(trx, again.session, again.otherReady);
    });
    env.probe?.('run-committed', detail);
  }

  /**
   * A failure outside any step (the database went away mid-transaction, a bug): retry the job later.
   * An infrastructure failure does not count as an attempt of the step: a database restart must not
   * park runs as failed.
   */
  async function recordCrash(jobId: number, attempt: number, error: unknown): Promise<void> {
    const failure = asStepFailure(error);
    await knex.transaction(async (trx) => {
      const job = await lockJobAttempt(trx, jobId, attempt);
      if (!job) return;
      const plan = retryPlanOf(await nodeOf(trx, job), env.options);
      // Outside any step, so always worth another try within the budget (retryable).
      const decision = retryOrPark(plan, { attempt, attemptBase: job.attempt_base, retryable: true, counts: !isTransientInfrastructureError(error) });
      if (decision.kind === 'park') {
        await parkJobAndFailRun(trx, job, failure.toJSON(), failedRunError(failure, job.node_id, attempt));
        return;
      }
      await rescheduleJob(trx, jobId, { attempt: decision.attempt, delayMs: decision.delayMs, lastError: failure.toJSON() });
    });
  }

  /** The job's node in its run's pinned definition, for its retry policy; none when that cannot be read now. */
  async function nodeOf(trx: Knex, job: JobRow): Promise<Node | undefined> {
    const run = await runPinOf(trx, job.run_id);
    if (!run) return undefined;
    try {
      const { process } = await definitions.process(trx, run.definition_version, run.process);
      return graphOf(process).node(job.node_id);
    } catch (error) {
      // The version or the process is gone: the engine's default policy applies.
      if (isStepFailure(error)) return undefined;
      throw error;
    }
  }

  interface Claimed {
    job: JobRow;
    detail: { runId: string; nodeId: string; process: string } | null;
    external: ExternalClaim | null;
    error: unknown;
  }

  async function advanceIn(trx: Knex, job: JobRow, claimed: Claimed, claimStartedAt: number): Promise<void> {
    const loaded = await loadSession(trx, job, env, definitions);
    if (!loaded) return;
    claimed.detail = { runId: job.run_id, nodeId: job.node_id, process: loaded.session.process.name };
    env.probe?.('job-claimed', claimed.detail);
    const node = graphOf(loaded.session.process).node(job.node_id);
    if (node && runsApart(node, 'after-save', job.status)) {
      const timeoutMs = externalTimeoutMs(node, env.options.ceilings);
      claimed.external = await prepareExternal(trx, job, loaded.session, node.type, timeoutMs, claimStartedAt);
      return;
    }
    loaded.session.enqueue(sessionJobOf(job));
    await loaded.session.drain();
    await flushSession(trx, loaded.session, loaded.otherReady);
  }

  /**
   * Advances one claimed job inside the batch's transaction, in a savepoint of its own when the
   * batch has others (a lone job's failure rolls back the whole transaction, which is the same
   * and saves the SAVEPOINT and RELEASE round trips).
   */
  async function advance(trx: Knex, job: JobRow, claimed: Claimed, alone: boolean, claimStartedAt: number): Promise<void> {
    if (alone) {
      await advanceIn(trx, job, claimed, claimStartedAt);
      return;
    }
    try {
      await trx.transaction((sp) => advanceIn(sp, job, claimed, claimStartedAt));
    } catch (error) {
      // This job's work is rolled back to its savepoint; the batch's other jobs still commit.
      claimed.error = error;
      claimed.detail = null;
    }
  }

  const batchSize = Math.max(1, deps.batchSize ?? 1);

  return {
    /** The most jobs processNext claims at once. */
    batchSize,
    /**
     * Claims due jobs (up to `limit`, at most the batch size) and advances their runs; answers how
     * many it claimed (0: none was due).
     */
    async processNext(limit: number = batchSize): Promise<number> {
      let claimedJobs: Claimed[] = [];
      // Before the statement that sets the leases: a lease is never taken for younger than it is.
      const claimStartedAt = performance.now();
      try {
        await knex.transaction(async (trx) => {
          const jobs = await claimDueJobs(trx, Math.max(1, Math.min(limit, batchSize)));
          claimedJobs = jobs.map((job) => ({ job, detail: null, external: null, error: undefined }));
          for (const claimed of claimedJobs) await advance(trx, claimed.job, claimed, claimedJobs.length === 1, claimStartedAt);
        });
        if (claimedJobs.length === 0) return 0;
      } catch (error) {
        // The whole transaction failed (the connection died, or a lone job failed): every job in it is retried.
        if (claimedJobs.length === 0) throw error;
        for (const { job } of claimedJobs) await recordCrash(Number(job.id), job.attempt, error);
        return claimedJobs.length;
      }
      for (const claimed of claimedJobs) {
        if (claimed.error !== undefined) {
          await recordCrash(Number(claimed.job.id), claimed.job.attempt, claimed.error);
          continue;
        }
        if (claimed.external) continue;
        if (claimed.detail) env.probe?.('run-committed', claimed.detail);
      }
      const externals = claimedJobs.flatMap((claimed) => (claimed.external ? [claimed.external] : []));
      for (const external of externals) leases.hold(external.lease);
      try {
        for (const external of externals) await runExternal(external);
      } finally {
        // After a failure the calls not made are left to their leases, as a crash would leave them.
        for (const external of externals) leases.forget(external.lease);
      }
      return claimedJobs.length;
    },
    /**
     * Hands back the leases of the external jobs this processor still holds (a call in flight, or
     * claimed and not begun), so another worker takes them over now: a stop that outlived its
     * grace period. A call still in flight here applies nothing when it returns (the job is not ours).
     */
    releaseLeases(): Promise<number> {
      return leases.release();
    },
  };
}

export type JobProcessor = ReturnType<typeof createJobProcessor>;

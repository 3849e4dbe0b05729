import type { Node } from '@crm/schemas';
import type { Knex } from 'knex';
import { graphOf } from '../graph/process-graph.js';
import type { DefinitionCache } from '../execution/definition.cache.js';
import type { PrecomputedStep, RunSession } from '../execution/run-session.js';
import type { SessionEnv } from '../execution/run-session.types.js';
import { loadSession, readBatchSubjects, sessionJobOf, type BatchReads, type LoadedSession } from '../execution/session.loader.js';
import { retryPlanOf } from '../run/node-limits.policy.js';
import { retryOrPark } from '../run/retry-decision.js';
import { failedRunError } from '../run/run-failure.js';
import { asStepFailure, isStepFailure } from '../run/step-failure.js';
import { externalTimeoutMs, runsApart } from '../run/step-nature.js';
import { isTransientInfrastructureError } from '../run/transient-error.js';
import { isUnguardedStepFailure } from '../run/unguarded-step.failure.js';
import type { JobRow } from '../store/run-rows.types.js';
import { leaseExternalAttempt, lockJobHeldBy } from '../store/job-lease.store.js';
import { claimDueJob, claimDueJobs, claimDueJobsById, isLive, jobsOfRuns, lockJobAttempt, lockRuns, parkJobAndFailRun, rescheduleJob, runPinOf, runStatusOf } from '../store/run-state.store.js';
import { flushSession, flushSessions, type SessionToFlush } from '../store/session.flusher.js';
import { createExternalLeaseKeeper, type HeldLease } from './external-lease.keeper.js';

/*
 * One unit of a worker's work: claim due jobs with FOR UPDATE SKIP LOCKED and advance their runs.
 *
 *   transactional node:  [claim N -> lock their runs, list their jobs (one statement each) ->
 *                        each run's steps in memory, without savepoints ->
 *                        every run's steps, moves and state in ONE statement] one transaction for
 *                        the batch; a crash anywhere rolls all of it back and the jobs are
 *                        claimable again. A writing step that fails rolls the batch back and it
 *                        runs again with a savepoint per writing step, where that step is decided
 *                        alone. A job that fails outside its steps rolls the batch back and each
 *                        job is tried again alone, so only that one is retried or parked.
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
   * The most jobs claimed and advanced in one transaction (one commit and one flush statement for
   * all of them). More is faster on PostgreSQL; on PGlite (one connection) 1 keeps requests
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
  }

  const claimOf = (job: JobRow): Claimed => ({ job, detail: null, external: null });

  /**
   * Loads the job's run and advances it in memory (its steps' own effects are written as they
   * run); answers the session for the caller to flush, or none when there is nothing to flush (the
   * run ended meanwhile, or the job is external work, leased here and called after the commit).
   */
  async function advanceUnflushed(trx: Knex, claimed: Claimed, claimStartedAt: number, reads?: BatchReads): Promise<LoadedSession | null> {
    const { job } = claimed;
    const loaded = await loadSession(trx, job, env, definitions, reads);
    if (!loaded) return null;
    claimed.detail = { runId: job.run_id, nodeId: job.node_id, process: loaded.session.process.name };
    env.probe?.('job-claimed', claimed.detail);
    const node = graphOf(loaded.session.process).node(job.node_id);
    if (node && runsApart(node, 'after-save', job.status)) {
      const timeoutMs = externalTimeoutMs(node, env.options.ceilings);
      claimed.external = await prepareExternal(trx, job, loaded.session, node.type, timeoutMs, claimStartedAt);
      return null;
    }
    loaded.session.enqueue(sessionJobOf(job));
    await loaded.session.drain();
    return loaded;
  }

  /** Advances one job and writes its run's changes. */
  async function advanceOne(trx: Knex, claimed: Claimed, claimStartedAt: number): Promise<void> {
    const loaded = await advanceUnflushed(trx, claimed, claimStartedAt);
    if (loaded) await flushSession(trx, loaded.session, loaded.otherReady);
  }

  /**
   * Advances a batch in the claim's transaction: the runs are locked and their jobs listed in two
   * statements for all of them, each job's run is advanced in memory, and every run's steps, moves
   * and state are written in one statement (session.flusher.ts). A second job of a run already
   * advanced here (parallel branches due together) is loaded after that write, so it sees the
   * first one's changes.
   *
   * `guarded`: each writing step runs in a savepoint of its own, so a failing one is rolled back
   * alone and retried or parked by its decision, as for a lone job. Unguarded (the first try of a
   * batch), steps run without savepoints, and a failing writing step throws UnguardedStepFailure
   * out of the batch: the transaction rolls back and the batch runs again guarded (processNext).
   */
  async function advanceBatch(trx: Knex, batch: Claimed[], claimStartedAt: number, guarded: boolean): Promise<void> {
    const runIds = [...new Set(batch.map((claimed) => claimed.job.run_id))].sort();
    const runs = await lockRuns(trx, runIds);
    const jobs = await jobsOfRuns(trx, runIds);
    const reads: BatchReads = { runs, jobs, users: new Map(), subjects: await readBatchSubjects(trx, env, definitions, runs), stepsGuardedByRetry: !guarded };
    const advanced = new Set<string>();
    const later: Claimed[] = [];
    const toFlush: SessionToFlush[] = [];
    for (const claimed of batch) {
      if (advanced.has(claimed.job.run_id)) {
        later.push(claimed);
        continue;
      }
      advanced.add(claimed.job.run_id);
      const loaded = await advanceUnflushed(trx, claimed, claimStartedAt, reads);
      if (loaded) toFlush.push({ session: loaded.session, otherReady: loaded.otherReady });
    }
    await flushSessions(trx, toFlush);
    for (const claimed of later) await advanceOne(trx, claimed, claimStartedAt);
  }

  /**
   * A writing step failed in the unguarded batch, which rolled back: the same jobs are claimed again
   * (those still due and free) and advanced together with a savepoint per writing step, so the
   * failing step is decided alone and the others commit in one transaction as before.
   */
  async function retryGuarded(batch: Claimed[]): Promise<Claimed[]> {
    let claimed: Claimed[] = [];
    const startedAt = performance.now();
    await knex.transaction(async (trx) => {
      claimed = (await claimDueJobsById(trx, batch.map((c) => Number(c.job.id)))).map(claimOf);
      if (claimed.length > 0) await advanceBatch(trx, claimed, startedAt, true);
    });
    return claimed;
  }

  /**
   * The batch's transaction failed (a job failed outside its steps, the flush was refused, the
   * connection died): each job is tried again in a transaction of its own, so the others commit
   * and only the failing one is retried later or parked (recordCrash). A job another worker took
   * in between is left to it.
   */
  async function retryEachAlone(batch: Claimed[]): Promise<Claimed[]> {
    const done: Claimed[] = [];
    for (const { job } of batch) {
      const claimed = claimOf(job);
      const startedAt = performance.now();
      try {
        await knex.transaction(async (trx) => {
          const fresh = await claimDueJob(trx, Number(job.id));
          if (!fresh) return;
          claimed.job = fresh;
          await advanceOne(trx, claimed, startedAt);
        });
        done.push(claimed);
      } catch (error) {
        await recordCrash(Number(job.id), claimed.job.attempt, error);
      }
    }
    return done;
  }

  /** After the commit: the runs advanced are announced, and the external calls claimed are made, in turn. */
  async function afterCommit(claimedJobs: readonly Claimed[]): Promise<void> {
    for (const claimed of claimedJobs) {
      if (!claimed.external && claimed.detail) env.probe?.('run-committed', claimed.detail);
    }
    const externals = claimedJobs.flatMap((claimed) => (claimed.external ? [claimed.external] : []));
    for (const external of externals) leases.hold(external.lease);
    try {
      for (const external of externals) await runExternal(external);
    } finally {
      // After a failure the calls not made are left to their leases, as a crash would leave them.
      for (const external of externals) leases.forget(external.lease);
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
          claimedJobs = jobs.map(claimOf);
          const [lone] = claimedJobs;
          if (claimedJobs.length > 1) await advanceBatch(trx, claimedJobs, claimStartedAt, false);
          else if (lone) await advanceOne(trx, lone, claimStartedAt);
        });
        if (claimedJobs.length === 0) return 0;
      } catch (error) {
        if (claimedJobs.length === 0) throw error;
        const [lone] = claimedJobs;
        if (claimedJobs.length === 1 && lone) {
          // A lone job's failure outside its steps: retried later, or parked past its budget.
          await recordCrash(Number(lone.job.id), lone.job.attempt, error);
          return 1;
        }
        const count = claimedJobs.length;
        let done: Claimed[] | null = null;
        if (isUnguardedStepFailure(error)) {
          // Any failure of the guarded run falls through to trying each job alone.
          done = await retryGuarded(claimedJobs).catch(() => null);
        }
        await afterCommit(done ?? (await retryEachAlone(claimedJobs)));
        return count;
      }
      await afterCommit(claimedJobs);
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

import type { App, Node, Process } from '@crm/schemas';
import type { Knex } from 'knex';
import { toJson } from '../json.types.js';
import { graphOf, type ProcessGraph } from '../graph/process-graph.js';
import { nodeTypeOf } from '../nodes/node.registry.js';
import type { NodeContext, NodeResult } from '../nodes/node-type.js';
import type { ProcessActor } from '../ports/engine.ports.js';
import { retryPlanOf } from '../run/node-limits.policy.js';
import { failedStepOutcome } from '../run/retry-decision.js';
import { endedFailedRunError, failedRunError } from '../run/run-failure.js';
import { asStepFailure, stepError, StepFailure } from '../run/step-failure.js';
import { loopKey } from '../run/run-tokens.js';
import { runsApart, stepWritesNothing } from '../run/step-nature.js';
import { isUnguardedStepFailure, UnguardedStepFailure } from '../run/unguarded-step.failure.js';
import { appTimeZone } from '../values/iso-duration.js';
import { resolveValue } from '../values/value.resolver.js';
import type { ValueScope } from '../values/value-scope.js';
import type { SessionJob, SessionRun, SessionStore, StepRecord } from '../run/run-state.types.js';
import type { SessionEnv } from './run-session.types.js';
import { consumeJob, holdWaitingJob, parkJob, retryJobLater } from './session-jobs.apply.js';
import { restoreSnapshot, takeSnapshot } from './session-snapshot.factory.js';
import { resumeSignalOf, trimmedInput } from './session-values.mapping.js';
import { createStepContext, type StepOutputs } from './step-context.factory.js';
import { failedStepRecord, finishedStepRecord, handleOf, type StepWork } from './step-record.mapping.js';
import { TokenFlow } from './token-flow.js';

/*
 * A session advances one run inside one transaction: it executes a job's node (or resumes a waiting
 * one), records the step, moves the token along the edges, and goes on with the jobs that became
 * ready, up to a chain limit. Joins, loops, run completion and failure are handled here, once, for
 * every node type: token movement in token-flow.ts, what a step does to the jobs in
 * session-jobs.apply.ts, its history row in step-record.mapping.ts, and the decisions (external or
 * not, retry or park, the run's error) in run/. Each writing step runs in a savepoint: a failing step
 * is rolled back alone (session-snapshot.factory.ts undoes its in-memory part) and the steps before
 * it keep their effects and their history. In a worker's batch the steps first run without
 * savepoints, and the batch runs again with them when a writing step fails.
 *
 * The session is the same for the three modes; only the store differs (run_jobs and run_steps for
 * after-save, the save's own transaction for before-save, a report for a simulation).
 */

export interface SessionOutcome {
  /** Jobs that are ready to run and were not run here (external work, or past the chain limit). */
  readyLeft: number;
  steps: StepRecord[];
}

export type PrecomputedStep = ({ result: NodeResult } & StepOutputs) | { error: unknown };

export class RunSession {
  readonly jobs = new Map<string, SessionJob>();
  readonly consumed: number[] = [];
  readonly dirty = new Set<string>();
  readonly steps: StepRecord[] = [];
  readonly queue: SessionJob[] = [];
  private readonly graph: ProcessGraph;
  private readonly flow: TokenFlow;
  private readonly timeZone: string;
  private chainSteps = 0;
  /** Writing steps run without a savepoint; a failing one fails the batch (see unguarded-step.failure.ts). */
  private stepsGuardedByBatch = false;

  constructor(
    readonly db: Knex,
    readonly run: SessionRun,
    readonly app: App,
    readonly process: Process,
    private readonly env: SessionEnv,
    private readonly store: SessionStore,
    /** Tokens of the run's other stored jobs (not loaded into this session). */
    private readonly otherTokens: Set<string>,
    /** The record the run is about; in before-save, the very object about to be saved. */
    private record: Record<string, unknown> | null,
    /** before-save: applies field values to the record about to be saved. */
    private readonly applyToSavedRecord: ((values: Record<string, unknown>) => void) | null = null,
  ) {
    this.graph = graphOf(process);
    this.timeZone = appTimeZone(app.settings);
    this.flow = new TokenFlow(
      {
        run,
        enqueue: (job) => this.enqueue(job),
        liveTokens: () => this.liveTokens(),
        now: () => this.now(),
        loopItem: async (db, entity, id) => toJson(await this.env.ports.records.get({ ...this.actor(), db }, entity, id)),
      },
      this.graph,
    );
  }

  /**
   * The session is one of a worker's batch that is run again, with savepoints, if any writing step
   * fails: its writing steps need no savepoint of their own (two round trips each).
   */
  guardStepsByBatchRetry(): void {
    this.stepsGuardedByBatch = true;
  }

  /** Adds a stored job (or one made by the caller) to the session, queued to run now. */
  enqueue(job: SessionJob): void {
    this.jobs.set(job.token, job);
    this.queue.push(job);
  }

  /** Starts the run at the trigger: a job for each node the trigger leads to. */
  start(): void {
    this.flow.follow('trigger', 'out', 'r');
    if (this.graph.next('trigger', 'out').length === 0) this.run.status = 'completed';
  }

  /** Runs queued jobs until none is left or the chain limit is reached. `precomputed` is the result of the first job's external work. */
  async drain(precomputed?: PrecomputedStep): Promise<SessionOutcome> {
    let first = precomputed;
    while (this.queue.length > 0 && this.isActive()) {
      const job = this.queue.shift();
      if (!job || this.jobs.get(job.token) !== job) continue;
      if (first === undefined) {
        if (this.run.mode === 'after-save' && this.chainSteps >= this.env.options.maxChainSteps) {
          this.persistLater(job);
          continue;
        }
        if (runsApart(this.graph.node(job.nodeId), this.run.mode, job.status)) {
          this.persistLater(job);
          continue;
        }
      }
      await this.step(job, first);
      first = undefined;
    }
    for (const job of this.queue) if (this.jobs.get(job.token) === job) this.persistLater(job);
    this.queue.length = 0;
    const readyLeft = [...this.jobs.values()].filter((j) => j.status === 'ready').length;
    return { readyLeft, steps: this.steps };
  }

  /**
   * Executes an external node's work outside any transaction (the HTTP call must not hold the
   * database), capturing its result or its error for drain() to apply in the next transaction.
   * `db` is the plain handle: the session may have been loaded in a transaction that has committed.
   */
  async precompute(job: SessionJob, db: Knex): Promise<PrecomputedStep> {
    const node = this.graph.node(job.nodeId);
    if (!node) return { error: stepError('UNKNOWN_NODE', `The process has no node ${job.nodeId}.`) };
    const outputs: StepOutputs = { effects: [], logs: [], writes: [] };
    try {
      const result = await nodeTypeOf(node).execute(this.contextFor(db, job, node, outputs));
      return { result, ...outputs };
    } catch (error) {
      return { error };
    }
  }

  /** Live tokens of the run, this session's and the stored others'. */
  liveTokens(): string[] {
    return [...this.otherTokens, ...this.jobs.keys()];
  }

  private isActive(): boolean {
    return this.run.status === 'running' || this.run.status === 'waiting';
  }

  private persistLater(job: SessionJob): void {
    if (job.dbId === null || this.dirty.has(job.token)) this.dirty.add(job.token);
  }

  private now(): Date {
    return this.env.clock();
  }

  private scope(token = 'r'): ValueScope {
    return {
      record: this.record,
      trigger: this.run.trigger,
      steps: this.run.context.steps,
      user: this.run.user,
      now: this.now(),
      run: { id: this.run.id, process: this.run.process, token },
    };
  }

  private actor(actAs: 'system' | 'user' = 'system'): ProcessActor {
    return { db: this.db, app: this.app, process: this.run.process, runId: this.run.id, depth: this.run.depth, user: this.run.user, actAs };
  }

  private async setRecordFields(db: Knex, values: Record<string, unknown>): Promise<void> {
    if (this.applyToSavedRecord) {
      this.applyToSavedRecord(values);
      this.record = { ...this.record, ...values };
      return;
    }
    const subject = this.run.subject;
    if (!subject?.id) throw stepError('NO_RECORD', 'This run has no record to update.');
    // Its callers (update_record, assign) fail their step whenever this write fails.
    const actor = { ...this.actor(), db, undoneWithStep: true };
    // The record as this run read it: the host may write on it without reading it again.
    const updated = await this.env.ports.records.update(actor, subject.entity, subject.id, values, this.record ?? undefined);
    this.record = updated;
  }

  private visitKey(job: SessionJob): string {
    return `${job.token}|${job.nodeId}`;
  }

  private contextFor(db: Knex, job: SessionJob, node: Node, outputs: StepOutputs): NodeContext {
    const source = {
      run: this.run,
      app: this.app,
      timeZone: this.timeZone,
      env: this.env,
      visit: this.run.context.visits[this.visitKey(job)] ?? 0,
      scope: this.scope(job.token),
      record: () => this.record,
      setRecordFields: (handle: Knex, values: Record<string, unknown>) => this.setRecordFields(handle, values),
      actor: (actAs?: 'system' | 'user') => this.actor(actAs),
    };
    return createStepContext(source, db, job, node, outputs);
  }

  /** Executes (or resumes) one job's node in a savepoint and applies the result. */
  private async step(job: SessionJob, precomputed: PrecomputedStep | undefined): Promise<void> {
    const node = this.graph.node(job.nodeId);
    if (!node) {
      parkJob(this, job, stepError('UNKNOWN_NODE', `The process has no node ${job.nodeId} (the run is pinned to version ${this.run.version}).`));
      return;
    }
    if (this.run.context.stepCount >= this.env.options.maxStepsPerRun) {
      parkJob(this, job, stepError('STEP_LIMIT', `The run took ${this.run.context.stepCount} steps, the most one run may take; its graph loops without end.`));
      return;
    }
    this.chainSteps += 1;
    const snapshot = takeSnapshot(this, this.record);
    const work: StepWork = { startedAt: this.now(), input: trimmedInput(toJson(resolveValue(node.config ?? {}, this.scope(job.token)))), effects: [], logs: [], writes: [] };
    try {
      await this.inSavepoint(node, async (db) => {
        let result: NodeResult;
        if (precomputed !== undefined) {
          if ('error' in precomputed) throw precomputed.error;
          result = precomputed.result;
          work.effects.push(...precomputed.effects);
          work.logs.push(...precomputed.logs);
          work.writes.push(...precomputed.writes);
        } else {
          result = await this.runNode(this.contextFor(db, job, node, work), job);
        }
        await this.apply(db, job, node, result, work);
        this.env.probe?.('step-applied', { runId: this.run.id, nodeId: node.id, process: this.run.process });
      });
    } catch (error) {
      if (isUnguardedStepFailure(error)) throw error;
      this.record = restoreSnapshot(this, snapshot);
      await this.failed(job, node, work, asStepFailure(error), precomputed !== undefined);
    }
  }

  /** The node's work: resumed when the job waited; a simulation reports instead of acting. */
  private runNode(ctx: NodeContext, job: SessionJob): Promise<NodeResult> {
    const type = nodeTypeOf(ctx.node);
    if (job.status === 'waiting') return type.resume(ctx, job.state ?? {}, resumeSignalOf(job.signal, this.run.mode, this.env.simulatedOutcomes?.[job.nodeId]));
    return this.run.mode === 'simulate' ? type.simulate(ctx) : type.execute(ctx);
  }

  /** A step failed (its savepoint rolled back): what that does to the save, the run or the job, as run/ decides. */
  private async failed(job: SessionJob, node: Node, work: StepWork, failure: StepFailure, precomputed: boolean): Promise<void> {
    const current = this.jobs.get(job.token) ?? job;
    // The node's own retry policy (within the ceilings); the budget counts from the last admin retry.
    const plan = retryPlanOf(node, this.env.options);
    const outcome = failedStepOutcome(this.run.mode, plan, { attempt: current.attempt, attemptBase: current.attemptBase ?? 0, retryable: failure.retryable, counts: true });
    // Inside a save, a failing step fails the save: the caller learns which process and node.
    if (outcome.kind === 'refuse-save') throw new StepFailure(failure.code, failure.message, false, { ...failure.details, nodeId: node.id, process: this.run.process });
    const record = failedStepRecord(node, job, work, failure.toJSON(), this.now());
    this.steps.push(record);
    await this.store.recordStep(this.db, this.run, record, current.status === 'waiting' || precomputed ? current.stepId : null);
    switch (outcome.kind) {
      case 'end-run':
        this.run.status = 'failed';
        this.run.error = failedRunError(failure, job.nodeId);
        return;
      case 'retry':
        retryJobLater(this, current, { attempt: outcome.attempt, dueAt: new Date(this.now().getTime() + outcome.delayMs) }, failure);
        return;
      case 'park':
        parkJob(this, current, failure);
        return;
    }
  }

  private async inSavepoint(node: Node, work: (db: Knex) => Promise<void>): Promise<void> {
    // Only after-save runs outlive a failing step (it retries while the steps before it stay done).
    // A failing step of a before-save run fails the save, and of a simulation ends it: no savepoint.
    // A step that writes nothing has nothing to roll back (its in-memory part is restored by step()).
    if (!this.db.isTransaction || this.run.mode !== 'after-save' || stepWritesNothing(node)) {
      await work(this.db);
      return;
    }
    if (this.stepsGuardedByBatch) {
      try {
        await work(this.db);
      } catch (error) {
        throw new UnguardedStepFailure(this.run.id, node.id, error);
      }
      return;
    }
    await this.db.transaction(async (savepoint) => work(savepoint));
  }

  /** Records the step and moves the token on. */
  private async apply(db: Knex, job: SessionJob, node: Node, result: NodeResult, work: StepWork): Promise<void> {
    const record = finishedStepRecord(node, job, result, work, this.now());
    this.steps.push(record);
    const resumed = job.status === 'waiting' || job.stepId !== null;
    const stepId = await this.store.recordStep(db, this.run, record, resumed ? job.stepId : null);
    this.run.context.stepCount += 1;
    if (result.kind !== 'wait') this.run.context.visits[this.visitKey(job)] = (this.run.context.visits[this.visitKey(job)] ?? 0) + 1;
    if (result.kind === 'loop' || result.output !== undefined) this.run.context.steps[node.id] = record.output;

    switch (result.kind) {
      case 'continue': {
        consumeJob(this, job);
        this.flow.follow(node.id, handleOf(result) ?? 'out', job.token);
        break;
      }
      case 'wait': {
        if (this.run.mode === 'simulate') {
          // A simulation does not wait: it takes the outcome given for the node (or the usual one) at once.
          job.status = 'waiting';
          job.state = result.state;
          job.stepId = stepId;
          job.signal = null;
          this.queue.unshift(job);
          break;
        }
        if (this.run.mode === 'before-save') throw stepError('CANNOT_WAIT', `Node ${node.id} waits, and a before-save process cannot wait.`);
        holdWaitingJob(this, job, { state: result.state, dueAt: result.dueAt ?? null, waitOn: result.waitOn ?? null, stepId });
        break;
      }
      case 'loop': {
        consumeJob(this, job);
        const key = loopKey(job.token, node.id);
        this.run.context.loops[key] = { entity: result.entity, items: result.items, index: 0, parent: job.token };
        await this.flow.startIteration(db, key, node.id);
        break;
      }
      case 'end': {
        consumeJob(this, job);
        if (result.status === 'failed') {
          this.run.status = 'failed';
          this.run.error = endedFailedRunError(node.id, result.message, result.messageRu);
          return;
        }
        this.run.context.result = record.output;
        break;
      }
    }
    await this.flow.settle(db);
  }
}

import type { App, Node, Process } from '@crm/schemas';
import type { Knex } from 'knex';
import { isJsonObject, toJson, type JsonObject, type JsonValue } from '../json.types.js';
import { graphOf, type ProcessGraph } from '../graph/process-graph.js';
import { nodeTypeOf } from '../nodes/node.registry.js';
import type { NodeContext, NodeResult, ResumeSignal, StepEffect } from '../nodes/node-type.js';
import type { ProcessActor } from '../ports/engine.ports.js';
import { retryDelayMs } from '../run/retry-delay.js';
import { asStepFailure, stepError, StepFailure } from '../run/step-failure.js';
import { commonAncestor, forkToken, isWithin, iterationScope, iterationToken, loopKey } from '../run/run-tokens.js';
import { appTimeZone } from '../values/iso-duration.js';
import { resolveValue } from '../values/value.resolver.js';
import type { ValueScope } from '../values/value-scope.js';
import type { SessionEnv, SessionJob, SessionRun, SessionStore, StepRecord } from './run-session.types.js';

/*
 * A session advances one run inside one transaction: it executes a job's node (or resumes a waiting
 * one), records the step, moves the token along the edges, and goes on with the jobs that became
 * ready, up to a chain limit. Joins, loops, run completion and failure are decided here, once, for
 * every node type. Each step runs in a savepoint: a failing step is rolled back alone and the
 * steps before it keep their effects and their history.
 *
 * The session is the same for the three modes; only the store differs (run_jobs and run_steps for
 * after-save, the save's own transaction for before-save, a report for a simulation).
 */

export interface SessionOutcome {
  /** Jobs that are ready to run and were not run here (external work, or past the chain limit). */
  readyLeft: number;
  steps: StepRecord[];
}

export type PrecomputedStep = { result: NodeResult; effects: StepEffect[]; logs: StepRecord['logs'] } | { error: unknown };

const INPUT_TEXT_LIMIT = 2000;

/** Whether an iteration scope (`.../<loop>#<n>`) is an iteration of the loop node `loopId`. */
function isIterationOf(scope: string, loopId: string): boolean {
  const last = scope.slice(scope.lastIndexOf('/') + 1);
  return last.startsWith(`${loopId}#`) && /^\d+$/.test(last.slice(loopId.length + 1));
}

function trimmed(value: JsonValue): JsonValue {
  if (typeof value === 'string') return value.length > INPUT_TEXT_LIMIT ? `${value.slice(0, INPUT_TEXT_LIMIT)}…` : value;
  if (Array.isArray(value)) return value.map(trimmed);
  if (isJsonObject(value)) {
    const out: JsonObject = {};
    for (const [key, member] of Object.entries(value)) out[key] = trimmed(toJson(member));
    return out;
  }
  return value;
}

export class RunSession {
  readonly jobs = new Map<string, SessionJob>();
  readonly consumed: number[] = [];
  readonly dirty = new Set<string>();
  readonly steps: StepRecord[] = [];
  private readonly queue: SessionJob[] = [];
  private readonly graph: ProcessGraph;
  private readonly timeZone: string;
  private chainSteps = 0;

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
  }

  /** Adds a stored job (or one made by the caller) to the session, queued to run now. */
  enqueue(job: SessionJob): void {
    this.jobs.set(job.token, job);
    this.queue.push(job);
  }

  /** Starts the run at the trigger: a job for each node the trigger leads to. */
  start(): void {
    const targets = this.graph.next('trigger', 'out');
    targets.forEach((target, i) => this.arrive(target, targets.length === 1 ? 'r' : forkToken('r', 'trigger', i)));
    if (targets.length === 0) this.run.status = 'completed';
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
        const node = this.graph.node(job.nodeId);
        if (node && nodeTypeOf(node).work === 'external' && this.run.mode === 'after-save') {
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
   */
  async precompute(job: SessionJob): Promise<PrecomputedStep> {
    const node = this.graph.node(job.nodeId);
    if (!node) return { error: stepError('UNKNOWN_NODE', `The process has no node ${job.nodeId}.`) };
    const effects: StepEffect[] = [];
    const logs: StepRecord['logs'] = [];
    try {
      const result = await nodeTypeOf(node).execute(this.contextFor(this.db, job, node, effects, logs));
      return { result, effects, logs };
    } catch (error) {
      return { error };
    }
  }

  /** Writes the steps the store left for the end (one statement), in the session's transaction. */
  async flushSteps(db: Knex): Promise<void> {
    await this.store.flushSteps?.(db, this.run, this.steps);
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
    const actor = { ...this.actor(), db };
    const updated = await this.env.ports.records.update(actor, subject.entity, subject.id, values);
    this.record = updated;
  }

  private visitKey(job: SessionJob): string {
    return `${job.token}|${job.nodeId}`;
  }

  private contextFor(db: Knex, job: SessionJob, node: Node, effects: StepEffect[], logs: StepRecord['logs']): NodeContext {
    const visit = this.run.context.visits[this.visitKey(job)] ?? 0;
    const scope = this.scope(job.token);
    return {
      node,
      run: {
        id: this.run.id,
        process: this.run.process,
        version: this.run.version,
        depth: this.run.depth,
        mode: this.run.mode,
        token: job.token,
        user: this.run.user,
        subject: this.run.subject,
      },
      app: this.app,
      timeZone: this.timeZone,
      db,
      ports: this.env.ports,
      now: scope.now,
      scope,
      idempotencyKey: `${this.run.id}:${job.nodeId}:${job.token}:${visit}`,
      resolve: (value) => resolveValue(value, scope),
      record: () => this.record,
      setRecordFields: (values) => this.setRecordFields(db, values),
      actor: (actAs) => ({ ...this.actor(actAs), db }),
      effect: (effect) => effects.push(effect),
      log: (level, message) => logs.push({ level, message }),
      startChildRun: (process, input, wait) => {
        const target = this.app.processes?.find((p) => p.name === process);
        if (!target) throw stepError('UNKNOWN_PROCESS', `There is no process ${process} to call.`);
        return this.env.startChildRun(db, this.run, {
          app: this.app,
          version: this.run.version,
          process: target,
          input,
          wait,
          token: job.token,
          nodeId: job.nodeId,
          key: `${this.run.id}:${job.nodeId}:${job.token}:${visit}`,
        });
      },
    };
  }

  private signalOf(job: SessionJob): ResumeSignal {
    const signal = job.signal;
    if (this.run.mode === 'simulate') {
      const handle = this.env.simulatedOutcomes?.[job.nodeId];
      return handle === undefined ? { type: 'simulated' } : { type: 'simulated', handle };
    }
    if (!signal) return { type: 'timer' };
    switch (signal['type']) {
      case 'task':
        return { type: 'task', taskId: typeof signal['taskId'] === 'string' ? signal['taskId'] : '' };
      case 'condition':
        return { type: 'condition' };
      case 'child':
        return {
          type: 'child',
          runId: typeof signal['runId'] === 'string' ? signal['runId'] : '',
          status: signal['status'] === 'failed' ? 'failed' : 'completed',
          output: toJson(signal['output']),
        };
      default:
        return { type: 'timer' };
    }
  }

  /** Executes (or resumes) one job's node in a savepoint and applies the result. */
  private async step(job: SessionJob, precomputed: PrecomputedStep | undefined): Promise<void> {
    const node = this.graph.node(job.nodeId);
    if (!node) {
      this.park(job, stepError('UNKNOWN_NODE', `The process has no node ${job.nodeId} (the run is pinned to version ${this.run.version}).`));
      return;
    }
    if (this.run.context.stepCount >= this.env.options.maxStepsPerRun) {
      this.park(job, stepError('STEP_LIMIT', `The run took ${this.run.context.stepCount} steps, the most one run may take; its graph loops without end.`));
      return;
    }
    this.chainSteps += 1;
    const startedAt = this.now();
    const snapshot = this.snapshot();
    const effects: StepEffect[] = [];
    const logs: StepRecord['logs'] = [];
    const input = trimmed(toJson(resolveValue(node.config ?? {}, this.scope(job.token))));
    try {
      await this.inSavepoint(async (db) => {
        let result: NodeResult;
        if (precomputed !== undefined) {
          if ('error' in precomputed) throw precomputed.error;
          result = precomputed.result;
          effects.push(...precomputed.effects);
          logs.push(...precomputed.logs);
        } else {
          const ctx = this.contextFor(db, job, node, effects, logs);
          const type = nodeTypeOf(node);
          if (this.run.mode === 'simulate') result = job.status === 'waiting' ? await type.resume(ctx, job.state ?? {}, this.signalOf(job)) : await type.simulate(ctx);
          else result = job.status === 'waiting' ? await type.resume(ctx, job.state ?? {}, this.signalOf(job)) : await type.execute(ctx);
        }
        await this.apply(db, job, node, result, { startedAt, input, effects, logs });
        this.env.probe?.('step-applied', { runId: this.run.id, nodeId: node.id, process: this.run.process });
      });
    } catch (error) {
      this.restore(snapshot);
      const failure = asStepFailure(error);
      // Inside a save, a failing step fails the save: the caller learns which process and node.
      if (this.run.mode === 'before-save') throw new StepFailure(failure.code, failure.message, false, { ...failure.details, nodeId: node.id, process: this.run.process });
      const current = this.jobs.get(job.token) ?? job;
      const failed: StepRecord = {
        nodeId: node.id,
        nodeType: node.type,
        token: job.token,
        attempt: job.attempt,
        status: 'failed',
        input,
        output: null,
        handle: null,
        effects: [],
        logs,
        error: failure.toJSON(),
        startedAt,
        finishedAt: this.now(),
      };
      this.steps.push(failed);
      await this.store.recordStep(this.db, this.run, failed, current.status === 'waiting' || precomputed !== undefined ? current.stepId : null);
      this.fail(current, failure);
    }
  }

  private async inSavepoint(work: (db: Knex) => Promise<void>): Promise<void> {
    // Only after-save runs outlive a failing step (it retries while the steps before it stay done).
    // A failing step of a before-save run fails the save, and of a simulation ends it: no savepoint.
    if (!this.db.isTransaction || this.run.mode !== 'after-save') {
      await work(this.db);
      return;
    }
    await this.db.transaction(async (savepoint) => work(savepoint));
  }

  private snapshot(): { context: string; jobs: Array<[string, SessionJob]>; consumed: number; dirty: string[]; queue: SessionJob[]; record: Record<string, unknown> | null; status: SessionRun['status']; error: JsonObject | null; steps: number } {
    return {
      context: JSON.stringify(this.run.context),
      jobs: [...this.jobs.entries()].map(([k, v]) => [k, { ...v }]),
      consumed: this.consumed.length,
      dirty: [...this.dirty],
      queue: [...this.queue],
      record: this.record === null ? null : { ...this.record },
      status: this.run.status,
      error: this.run.error,
      steps: this.steps.length,
    };
  }

  private restore(snapshot: ReturnType<RunSession['snapshot']>): void {
    this.run.context = JSON.parse(snapshot.context);
    this.jobs.clear();
    for (const [token, job] of snapshot.jobs) this.jobs.set(token, job);
    this.consumed.length = snapshot.consumed;
    this.dirty.clear();
    for (const token of snapshot.dirty) this.dirty.add(token);
    this.queue.length = 0;
    // The queued jobs must be the restored objects, or the loop in drain() would skip them.
    for (const job of snapshot.queue) {
      const restored = this.jobs.get(job.token);
      if (restored) this.queue.push(restored);
    }
    this.record = snapshot.record;
    this.run.status = snapshot.status;
    this.run.error = snapshot.error;
    this.steps.length = snapshot.steps;
  }

  /** Records the step and moves the token on. */
  private async apply(
    db: Knex,
    job: SessionJob,
    node: Node,
    result: NodeResult,
    info: { startedAt: Date; input: JsonValue; effects: StepEffect[]; logs: StepRecord['logs'] },
  ): Promise<void> {
    const finishedAt = this.now();
    const waiting = result.kind === 'wait';
    const handle = result.kind === 'continue' ? (result.handle ?? 'out') : result.kind === 'loop' ? 'each' : null;
    const output: JsonValue = result.kind === 'loop' ? { count: result.items.length, entity: result.entity } : toJson(result.output ?? null);
    const record: StepRecord = {
      nodeId: node.id,
      nodeType: node.type,
      token: job.token,
      attempt: job.attempt,
      status: waiting ? 'waiting' : 'completed',
      input: info.input,
      output,
      handle,
      effects: info.effects,
      logs: info.logs,
      error: null,
      startedAt: info.startedAt,
      finishedAt: waiting ? null : finishedAt,
    };
    this.steps.push(record);
    const resumed = job.status === 'waiting' || job.stepId !== null;
    const stepId = await this.store.recordStep(db, this.run, record, resumed ? job.stepId : null);
    this.run.context.stepCount += 1;
    if (!waiting) this.run.context.visits[this.visitKey(job)] = (this.run.context.visits[this.visitKey(job)] ?? 0) + 1;
    if (result.kind === 'loop' || result.output !== undefined) this.run.context.steps[node.id] = output;

    switch (result.kind) {
      case 'continue': {
        this.consume(job);
        const targets = this.graph.next(node.id, handle ?? 'out');
        targets.forEach((target, i) => this.arrive(target, targets.length === 1 ? job.token : forkToken(job.token, node.id, i)));
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
        job.status = 'waiting';
        job.state = result.state;
        job.dueAt = result.dueAt ?? null;
        job.waitOn = result.waitOn ?? null;
        job.signal = null;
        job.stepId = stepId;
        job.lastError = null;
        this.dirty.add(job.token);
        break;
      }
      case 'loop': {
        this.consume(job);
        const key = loopKey(job.token, node.id);
        this.run.context.loops[key] = { entity: result.entity, items: result.items, index: 0, parent: job.token };
        await this.startIteration(db, key, node.id);
        break;
      }
      case 'end': {
        this.consume(job);
        if (result.status === 'failed') {
          this.run.status = 'failed';
          this.run.error = { code: 'ENDED_FAILED', nodeId: node.id, message: result.message ?? `The run ended at ${node.id} as failed.` };
          return;
        }
        this.run.context.result = output;
        break;
      }
    }
    await this.settle(db);
  }

  private consume(job: SessionJob): void {
    this.jobs.delete(job.token);
    this.dirty.delete(job.token);
    if (job.dbId !== null) this.consumed.push(job.dbId);
  }

  /** A token reaches a node: a join counts it, anything else gets a job. */
  private arrive(nodeId: string, token: string): void {
    const node = this.graph.node(nodeId);
    if (node?.type === 'join') {
      this.joinArrival(node.id, node.config?.wait ?? 'all', token);
      return;
    }
    if (node?.type === 'loop' && isIterationOf(iterationScope(token), nodeId)) {
      // An edge from the loop's body back to the loop: this branch of the iteration is done.
      return;
    }
    const job: SessionJob = {
      dbId: null,
      nodeId,
      token,
      status: 'ready',
      dueAt: this.now(),
      attempt: 1,
      stepId: null,
      state: null,
      signal: null,
      waitOn: null,
      lastError: null,
    };
    this.enqueue(job);
  }

  private joinArrival(joinId: string, wait: 'all' | 'first', token: string): void {
    const key = `${joinId}|${iterationScope(token)}`;
    const state = this.run.context.joins[key] ?? { arrived: [], fired: false };
    this.run.context.joins[key] = state;
    if (state.fired) return; // wait "first": later arrivals end here.
    state.arrived.push(token);
    if (wait === 'first' || state.arrived.length >= this.graph.incoming(joinId)) this.fireJoin(key, joinId, wait);
  }

  private fireJoin(key: string, joinId: string, wait: 'all' | 'first'): void {
    const state = this.run.context.joins[key];
    if (!state) return;
    const token = commonAncestor(state.arrived);
    if (wait === 'first') state.fired = true;
    else delete this.run.context.joins[key];
    this.scheduleJoin(joinId, token);
  }

  /** Schedules the join node itself (arrive() would count it as another arrival). */
  private scheduleJoin(joinId: string, token: string): void {
    this.enqueue({ dbId: null, nodeId: joinId, token, status: 'ready', dueAt: this.now(), attempt: 1, stepId: null, state: null, signal: null, waitOn: null, lastError: null });
  }

  private async startIteration(db: Knex, key: string, loopId: string): Promise<void> {
    const loop = this.run.context.loops[key];
    if (!loop) return;
    if (loop.index >= loop.items.length) {
      delete this.run.context.loops[key];
      this.run.context.steps[loopId] = { count: loop.items.length, done: true };
      const targets = this.graph.next(loopId, 'done');
      targets.forEach((target, i) => this.arrive(target, targets.length === 1 ? loop.parent : forkToken(loop.parent, loopId, i)));
      return;
    }
    const id = loop.items[loop.index] ?? '';
    const item = await this.env.ports.records.get({ ...this.actor(), db }, loop.entity, id);
    this.run.context.steps[loopId] = { index: loop.index, count: loop.items.length, id, item: toJson(item) };
    const token = iterationToken(key, loop.index);
    const targets = this.graph.next(loopId, 'each');
    targets.forEach((target, i) => this.arrive(target, targets.length === 1 ? token : forkToken(token, loopId, i)));
  }

  /**
   * After every step: joins that can no longer receive anything fire, loop iterations whose
   * branches all ended advance, and a run with no live token left is complete.
   */
  private async settle(db: Knex): Promise<void> {
    let changed = true;
    while (changed && this.isActive()) {
      changed = false;
      for (const [key, state] of Object.entries(this.run.context.joins)) {
        if (state.fired || state.arrived.length === 0) continue;
        const scope = key.slice(key.indexOf('|') + 1);
        if (this.liveTokens().some((t) => scope === '' || isWithin(t, scope))) continue;
        this.fireJoin(key, key.slice(0, key.indexOf('|')), 'all');
        changed = true;
      }
      for (const [key, loop] of Object.entries(this.run.context.loops)) {
        const iteration = iterationToken(key, loop.index);
        if (this.liveTokens().some((t) => isWithin(t, iteration))) continue;
        const joinPending = Object.entries(this.run.context.joins).some(([k, j]) => !j.fired && j.arrived.length > 0 && isWithin(k.slice(k.indexOf('|') + 1), iteration));
        if (joinPending) continue;
        loop.index += 1;
        await this.startIteration(db, key, key.slice(key.lastIndexOf('/') + 1));
        changed = true;
      }
    }
    if (this.isActive() && this.liveTokens().length === 0 && Object.keys(this.run.context.loops).length === 0) this.run.status = 'completed';
  }

  private fail(job: SessionJob, failure: StepFailure): void {
    if (this.run.mode === 'simulate') {
      this.run.status = 'failed';
      this.run.error = { code: failure.code, nodeId: job.nodeId, message: failure.message };
      return;
    }
    if (failure.retryable && job.attempt < this.env.options.maxAttempts) {
      const delay = retryDelayMs(job.attempt, this.env.options.retryBaseMs, this.env.options.retryMaxMs);
      job.status = job.status === 'waiting' ? 'waiting' : 'ready';
      job.attempt += 1;
      job.dueAt = new Date(this.now().getTime() + delay);
      job.lastError = failure.toJSON();
      this.jobs.set(job.token, job);
      this.dirty.add(job.token);
      return;
    }
    this.park(job, failure);
  }

  /** The step failed for good: the run parks as failed, visible, until an admin retries it. */
  private park(job: SessionJob, failure: StepFailure): void {
    job.status = 'parked';
    job.lastError = failure.toJSON();
    this.jobs.set(job.token, job);
    this.dirty.add(job.token);
    this.run.status = 'failed';
    this.run.error = { code: failure.code, nodeId: job.nodeId, message: failure.message, attempts: job.attempt };
  }
}

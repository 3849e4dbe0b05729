import type { Knex } from 'knex';
import { toJson, type JsonValue } from '../json.types.js';
import type { ProcessGraph } from '../graph/process-graph.js';
import { commonAncestor, forkToken, isWithin, iterationScope, iterationToken } from '../run/run-tokens.js';
import type { SessionJob, SessionRun } from '../run/run-state.types.js';

/*
 * How tokens move through a run's graph, decided once for every node type: a token arriving at a
 * node makes a job (or is counted by a join), joins fire when every incoming edge arrived or
 * nothing else can arrive, loops start their next iteration when no token of the current one is
 * left, and a run with no live token left is complete. The session (run-session.ts) calls it
 * after each step; all state is in the run's context, so it survives between workers.
 */

/** What the flow needs of its session. */
export interface TokenFlowHost {
  readonly run: SessionRun;
  enqueue(job: SessionJob): void;
  /** Live tokens of the run, the session's and the stored others'. */
  liveTokens(): string[];
  now(): Date;
  /** A loop's item as the run's actor reads it, in the step's transaction. */
  loopItem(db: Knex, entity: string, id: string): Promise<JsonValue>;
}

/** Whether an iteration scope (`.../<loop>#<n>`) is an iteration of the loop node `loopId`. */
function isIterationOf(scope: string, loopId: string): boolean {
  const last = scope.slice(scope.lastIndexOf('/') + 1);
  return last.startsWith(`${loopId}#`) && /^\d+$/.test(last.slice(loopId.length + 1));
}

export class TokenFlow {
  constructor(
    private readonly host: TokenFlowHost,
    private readonly graph: ProcessGraph,
  ) {}

  private get run(): SessionRun {
    return this.host.run;
  }

  private isActive(): boolean {
    return this.run.status === 'running' || this.run.status === 'waiting';
  }

  private readyJob(nodeId: string, token: string): SessionJob {
    return { dbId: null, nodeId, token, status: 'ready', dueAt: this.host.now(), attempt: 1, stepId: null, state: null, signal: null, waitOn: null, lastError: null };
  }

  /** A token reaches a node: a join counts it, anything else gets a job. */
  arrive(nodeId: string, token: string): void {
    const node = this.graph.node(nodeId);
    if (node?.type === 'join') {
      this.joinArrival(node.id, node.config?.wait ?? 'all', token);
      return;
    }
    if (node?.type === 'loop' && isIterationOf(iterationScope(token), nodeId)) {
      // An edge from the loop's body back to the loop: this branch of the iteration is done.
      return;
    }
    this.host.enqueue(this.readyJob(nodeId, token));
  }

  /** Sends `token` along every edge of `handle` from `nodeId`: more than one edge forks it. */
  follow(nodeId: string, handle: string, token: string): void {
    const targets = this.graph.next(nodeId, handle);
    targets.forEach((target, i) => this.arrive(target, targets.length === 1 ? token : forkToken(token, nodeId, i)));
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
    // The join node itself is scheduled (arrive() would count it as another arrival).
    this.host.enqueue(this.readyJob(joinId, token));
  }

  async startIteration(db: Knex, key: string, loopId: string): Promise<void> {
    const loop = this.run.context.loops[key];
    if (!loop) return;
    if (loop.index >= loop.items.length) {
      delete this.run.context.loops[key];
      this.run.context.steps[loopId] = { count: loop.items.length, done: true };
      this.follow(loopId, 'done', loop.parent);
      return;
    }
    const id = loop.items[loop.index] ?? '';
    const item = await this.host.loopItem(db, loop.entity, id);
    this.run.context.steps[loopId] = { index: loop.index, count: loop.items.length, id, item: toJson(item) };
    this.follow(loopId, 'each', iterationToken(key, loop.index));
  }

  /**
   * After every step: joins that can no longer receive anything fire, loop iterations whose
   * branches all ended advance, and a run with no live token left is complete.
   */
  async settle(db: Knex): Promise<void> {
    let changed = true;
    while (changed && this.isActive()) {
      changed = false;
      for (const [key, state] of Object.entries(this.run.context.joins)) {
        if (state.fired || state.arrived.length === 0) continue;
        const scope = key.slice(key.indexOf('|') + 1);
        if (this.host.liveTokens().some((t) => scope === '' || isWithin(t, scope))) continue;
        this.fireJoin(key, key.slice(0, key.indexOf('|')), 'all');
        changed = true;
      }
      for (const [key, loop] of Object.entries(this.run.context.loops)) {
        const iteration = iterationToken(key, loop.index);
        if (this.host.liveTokens().some((t) => isWithin(t, iteration))) continue;
        const joinPending = Object.entries(this.run.context.joins).some(([k, j]) => !j.fired && j.arrived.length > 0 && isWithin(k.slice(k.indexOf('|') + 1), iteration));
        if (joinPending) continue;
        loop.index += 1;
        await this.startIteration(db, key, key.slice(key.lastIndexOf('/') + 1));
        changed = true;
      }
    }
    if (this.isActive() && this.host.liveTokens().length === 0 && Object.keys(this.run.context.loops).length === 0) this.run.status = 'completed';
  }
}

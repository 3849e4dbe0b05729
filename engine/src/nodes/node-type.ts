import { NODE_TYPES, type App, type Node, type NodeLimitCeilings } from '@crm/schemas';
import type { Knex } from 'knex';
import type { JsonObject, JsonValue } from '../json.types.js';
import type { EnginePorts, EngineUser, ProcessActor } from '../ports/engine.ports.js';
import type { ValueScope } from '../values/value-scope.js';

/*
 * A node type is declared once: its type id (the same id the builder's node component uses), the
 * JSON Schema of its config (from process.schema.json, which the builder's property panel reads),
 * what kind of work it does, and what it does. Lifecycle (persisting steps, retries, tokens, joins,
 * loops) lives in the executor; a node only says what it does (STYLE: bpmn-elements).
 */

export type RunMode = 'after-save' | 'before-save' | 'simulate';

export interface RunInfo {
  id: string;
  process: string;
  version: number;
  depth: number;
  mode: RunMode;
  token: string;
  /** The person who caused the run. */
  user: EngineUser | null;
  /** The record the run is about, when it has one. */
  subject: { entity: string; id: string | null } | null;
}

/** A description of an effect a step had (or, in a simulation, would have). */
export interface StepEffect {
  kind: string;
  [detail: string]: JsonValue;
}

/**
 * A row a step adds that stands or falls with the step's own row in run history: it is sent with
 * that row (in the batch's flush, or with a before-save run's record), never in a round trip of its
 * own. A row nothing reads back in the same transaction (a task, a notification). Rows of one table
 * go in as one multi-row INSERT; a conflict on `ignoreConflictOn` (the step's idempotency key)
 * leaves the stored row as it is.
 */
export interface StepWrite {
  table: string;
  row: Record<string, string | number | boolean | null>;
  ignoreConflictOn: string;
}

export interface NodeContext<TNode extends Node = Node> {
  node: TNode;
  run: RunInfo;
  app: App;
  timeZone: string;
  /** The step's transaction: every write a node makes goes through it. */
  db: Knex;
  ports: EnginePorts;
  now: Date;
  scope: ValueScope;
  /** A key that is the same on every attempt of this step: side effects carry it. */
  idempotencyKey: string;
  resolve(value: unknown): unknown;
  /** The record the run is about as it is now, or null. */
  record(): Record<string, unknown> | null;
  /** Sets fields of the run's record: in before-save, on the record about to be saved; otherwise a write through the records port. */
  setRecordFields(values: Record<string, unknown>): Promise<void>;
  /** The identity record writes are made with. */
  actor(actAs?: 'system' | 'user'): ProcessActor;
  effect(effect: StepEffect): void;
  /**
   * Adds a row that is written with this step's row in run history, in the same statement (the
   * batch's flush), not now: a round trip saved per step. Only for rows no step reads back in the
   * same transaction; a row something must see at once is written through `db`.
   */
  writeWithStep(write: StepWrite): void;
  /** Starts another process as a child of this run (call_process); with `wait`, it signals this step when it ends. */
  startChildRun(process: string, input: JsonValue, wait: boolean): Promise<{ runId: string; status: string }>;
  log(level: 'info' | 'warn' | 'error', message: string): void;
}

/** Signals that resume a waiting node. */
export type ResumeSignal =
  | { type: 'timer' }
  | { type: 'task'; taskId: string }
  | { type: 'condition' }
  | { type: 'child'; runId: string; status: 'completed' | 'failed'; output: JsonValue }
  | { type: 'simulated'; handle?: string };

export type NodeResult =
  /** Go on through the edges of `handle` (default "out"); every edge becomes a branch. */
  | { kind: 'continue'; handle?: string; output?: JsonValue }
  /** Wait: until `dueAt` (then resume with a timer signal), and/or until a signal arrives. */
  | { kind: 'wait'; output?: JsonValue; state: JsonObject; dueAt?: Date | null; waitOn?: { entity: string; recordId: string } }
  /** Iterate: run the `each` branch once per item, then go on through `done`. */
  | { kind: 'loop'; entity: string; items: string[] }
  /** End the run (completed: this branch ends; failed: the whole run fails). */
  | { kind: 'end'; status: 'completed' | 'failed'; message?: string; /** The message's Russian text, when the node wrote one. */ messageRu?: string; output?: JsonValue };

/**
 * `transactional`: all effects are database writes in the step's transaction (so the step is
 * exactly-once by construction and may run chained with the next step in one transaction).
 * `external`: reaches outside the database (HTTP): the step is committed as running first, the
 * call carries the idempotency key, and the result is committed after.
 */
export type NodeWork = 'transactional' | 'external';

/** A node type with its node narrowed away: what the executor calls. */
export interface NodeType {
  type: Node['type'];
  work: NodeWork;
  /** How long an external node's work may take (its lease is this plus a margin); 10 s unless the type says. */
  callTimeoutMs(node: Node, ceilings: NodeLimitCeilings): number;
  /** The JSON Schema of `config` (a $ref into process.schema.json), shared with the builder. */
  configSchemaRef: string;
  execute(ctx: NodeContext): Promise<NodeResult>;
  resume(ctx: NodeContext, state: JsonObject, signal: ResumeSignal): Promise<NodeResult>;
  /** In a simulation: what to report instead of doing the work (external effects are never made). */
  simulate(ctx: NodeContext): Promise<NodeResult>;
}

type NodeOfType<T extends Node['type']> = Extract<Node, { type: T }>;

export interface NodeTypeSpec<T extends Node['type']> {
  type: T;
  work?: NodeWork;
  callTimeoutMs?(node: NodeOfType<T>, ceilings: NodeLimitCeilings): number;
  execute(ctx: NodeContext<NodeOfType<T>>): Promise<NodeResult> | NodeResult;
  resume?(ctx: NodeContext<NodeOfType<T>>, state: JsonObject, signal: ResumeSignal): Promise<NodeResult> | NodeResult;
  simulate?(ctx: NodeContext<NodeOfType<T>>): Promise<NodeResult> | NodeResult;
}


/** An external node's time limit when its type does not give one. */
const DEFAULT_CALL_TIMEOUT_MS = 10_000;

function isNodeOfType<T extends Node['type']>(node: Node, type: T): node is NodeOfType<T> {
  return node.type === type;
}

/** Declares a node type (STYLE: one declaration per type, like Directus's defineOperationApi). */
export function defineNodeType<T extends Node['type']>(spec: NodeTypeSpec<T>): NodeType {
  function narrow(ctx: NodeContext): NodeContext<NodeOfType<T>> {
    const node = ctx.node;
    if (!isNodeOfType(node, spec.type)) throw new Error(`node ${node.id} is a ${node.type}, not a ${spec.type}`);
    return { ...ctx, node };
  }
  return {
    type: spec.type,
    work: spec.work ?? 'transactional',
    callTimeoutMs: (node, ceilings) => (spec.callTimeoutMs && isNodeOfType(node, spec.type) ? spec.callTimeoutMs(node, ceilings) : DEFAULT_CALL_TIMEOUT_MS),
    configSchemaRef: `process.schema.json#/$defs/${NODE_TYPES[spec.type].configTitle}/properties/config`,
    execute: async (ctx) => spec.execute(narrow(ctx)),
    resume: async (ctx, state, signal) => {
      if (!spec.resume) throw new Error(`${spec.type} nodes do not wait, so they cannot be resumed`);
      return spec.resume(narrow(ctx), state, signal);
    },
    simulate: async (ctx) => (spec.simulate ? spec.simulate(narrow(ctx)) : spec.execute(narrow(ctx))),
  };
}

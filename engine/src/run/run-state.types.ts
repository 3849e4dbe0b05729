import type { Knex } from 'knex';
import type { JsonObject, JsonValue } from '../json.types.js';
import type { RunMode, StepEffect, StepWrite } from '../nodes/node-type.js';
import type { EngineUser } from '../ports/engine.ports.js';
import type { RunStatus } from '../store/run-rows.types.js';

/*
 * A run's state as the session holds it in memory and the store writes it: its live tokens (jobs),
 * what it keeps between steps, and its steps. Shared by the executor (execution/) and the store
 * (store/), which therefore never import each other's modules for their types.
 */

/** One live token in a session: a job row, or a job made in this session and not yet stored. */
export interface SessionJob {
  dbId: number | null;
  nodeId: string;
  token: string;
  status: 'ready' | 'waiting' | 'parked';
  dueAt: Date | null;
  /** The attempt number, counting on across an admin retry (run history shows it). */
  attempt: number;
  /** Attempts made before the current retry budget began (an admin retry starts a new one); 0 when absent. */
  attemptBase?: number;
  stepId: number | null;
  state: JsonObject | null;
  signal: JsonObject | null;
  waitOn: { entity: string; recordId: string } | null;
  lastError: JsonValue | null;
}

export interface LoopState {
  entity: string;
  items: string[];
  index: number;
  parent: string;
}

export interface JoinState {
  arrived: string[];
  fired: boolean;
}

/** What a run keeps between steps (process_runs.context). */
export interface RunContextState {
  steps: Record<string, JsonValue>;
  joins: Record<string, JoinState>;
  loops: Record<string, LoopState>;
  /** Completed visits per token and node: part of the idempotency key, so a node visited again in a cycle acts again. */
  visits: Record<string, number>;
  stepCount: number;
  result: JsonValue;
}

/** The run a session advances. */
export interface SessionRun {
  id: string;
  process: string;
  version: number;
  mode: RunMode;
  status: RunStatus;
  trigger: JsonObject;
  subject: { entity: string; id: string | null } | null;
  user: EngineUser | null;
  depth: number;
  parent: { runId: string; token: string } | null;
  context: RunContextState;
  error: JsonObject | null;
}

/** A step as the session records it (run_steps, or the simulation's report). */
export interface StepRecord {
  nodeId: string;
  nodeType: string;
  token: string;
  attempt: number;
  status: 'completed' | 'failed' | 'waiting' | 'running';
  input: JsonValue;
  output: JsonValue;
  handle: string | null;
  effects: StepEffect[];
  logs: Array<{ level: string; message: string }>;
  error: JsonValue;
  startedAt: Date;
  finishedAt: Date | null;
  /** Written to the store already (false: it goes in with the session's other new steps at flush). */
  stored?: boolean;
  /** Rows the step adds, written with the step's row (see StepWrite). */
  writes?: StepWrite[];
}

/** Where a session's steps and state go: the database (after-save), the save's run row (before-save), or a report (simulation). */
export interface SessionStore {
  /**
   * Records a step; returns its id when it has one (a waiting step gets one now, and is updated
   * when it resumes). A store may leave finished new steps (`stored` false) for the session's
   * flush (store/session.flusher.ts), which writes them in one statement with its other changes.
   */
  recordStep(db: Knex, run: SessionRun, step: StepRecord, existingStepId: number | null): Promise<number | null>;
}

/** What a session changed, as the store writes it at the end of its transaction (session.flusher.ts). */
export interface SessionChanges {
  readonly run: SessionRun;
  /** The session's live jobs by token. */
  readonly jobs: ReadonlyMap<string, SessionJob>;
  /** Tokens whose job is new or changed. */
  readonly dirty: ReadonlySet<string>;
  /** Stored jobs the session finished (deleted). */
  readonly consumed: readonly number[];
  /** The steps the session took; those its step store left for the end have `stored` false. */
  readonly steps: readonly StepRecord[];
}

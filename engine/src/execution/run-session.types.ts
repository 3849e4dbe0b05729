import type { App, NodeLimitCeilings, Process } from '@crm/schemas';
import type { Knex } from 'knex';
import type { JsonObject, JsonValue } from '../json.types.js';
import type { RunMode, ResumeSignal, StepEffect } from '../nodes/node-type.js';
import type { EnginePorts, EngineUser } from '../ports/engine.ports.js';
import type { RunStatus } from '../store/run-rows.types.js';

/**
 * Points in a job's life, for fault injection: `job-claimed` (a job is claimed, its transaction
 * open), `step-applied` (a step's effects are written, not yet committed), `run-committed` (the
 * transaction advancing a run committed), `external-started` (an HTTP step is recorded running and
 * committed, the call not made), `external-returned` (the call answered, the result not yet stored).
 */
export type EngineProbePoint = 'job-claimed' | 'step-applied' | 'run-committed' | 'external-started' | 'external-returned';
export type EngineProbe = (point: EngineProbePoint, detail: { runId: string; nodeId: string; process: string }) => void;

/** Limits and timings of the engine; every one has a default (DEFAULT_ENGINE_OPTIONS, from node-limits.catalog.ts). */
export interface EngineOptions {
  /** Attempts of a failing step before the run parks as failed, for a node whose `retry` does not say. */
  maxAttempts: number;
  /** The wait before the first retry, for a node whose `retry.firstDelay` does not say. */
  retryBaseMs: number;
  /** The longest wait between attempts, for a node whose `retry.maxDelay` does not say. */
  retryMaxMs: number;
  /** The administrator's ceilings on a node's own limits (checked at publish, and applied to every run). */
  ceilings: NodeLimitCeilings;
  /** Steps a worker runs in one transaction before it commits and lets the rest wait for a worker. */
  maxChainSteps: number;
  /** Steps one run may take in all; a run that passes it has a cycle that never ends. */
  maxStepsPerRun: number;
  /** Runs started by runs started by ...: deeper than this, a process triggering itself is stopped. */
  maxDepth: number;
  /** How long a worker holds an external step (HTTP) before another may take it over, beyond the step's own timeout. */
  externalLeaseMs: number;
}

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
}

/** Where a session's steps and state go: the database (after-save), the save's run row (before-save), or a report (simulation). */
export interface SessionStore {
  /**
   * Records a step; returns its id when it has one (a waiting step gets one now, and is updated
   * when it resumes). A store may leave finished new steps for `flushSteps`, to write them in one
   * statement with the session's other changes.
   */
  recordStep(db: Knex, run: SessionRun, step: StepRecord, existingStepId: number | null): Promise<number | null>;
  /** Writes the steps recordStep left (those without `stored`), in the session's transaction. */
  flushSteps?(db: Knex, run: SessionRun, steps: readonly StepRecord[]): Promise<void>;
}

export interface SessionEnv {
  ports: EnginePorts;
  options: EngineOptions;
  clock: () => Date;
  /** Starts a run of another process as a child (call_process). */
  startChildRun(
    db: Knex,
    parent: SessionRun,
    spec: { app: App; version: number; process: Process; input: JsonValue; wait: boolean; token: string; nodeId: string; key: string },
  ): Promise<{ runId: string; status: string }>;
  /** Called at fixed points of a job's life; crash tests kill the process there (see EngineProbe). */
  probe?: EngineProbe;
  /** Simulation only: the outcome to take at each waiting node (node id -> handle). */
  simulatedOutcomes?: Record<string, string>;
}

export type { ResumeSignal };

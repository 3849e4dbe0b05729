import type { App, NodeLimitCeilings, Process } from '@crm/schemas';
import type { Knex } from 'knex';
import type { JsonValue } from '../json.types.js';
import type { ResumeSignal } from '../nodes/node-type.js';
import type { EnginePorts } from '../ports/engine.ports.js';
import type { SessionRun } from '../run/run-state.types.js';

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

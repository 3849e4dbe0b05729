import type { JsonObject, JsonValue } from '../json.types.js';

/** process_runs as the engine reads it. */
export interface RunRow {
  id: string;
  process: string;
  definition_version: number;
  mode: string;
  status: RunStatus;
  trigger: JsonObject;
  entity: string | null;
  record_id: string | null;
  context: JsonObject;
  actor_id: string | null;
  /** The API token's roles when the run was started through one (null: a session or the system). */
  actor_role_limit: string[] | null;
  depth: number;
  dedupe_key: string | null;
  parent_run_id: string | null;
  parent_job_token: string | null;
  error: JsonObject | null;
  created_at: string;
  updated_at: string;
  finished_at: string | null;
}

export type RunStatus = 'running' | 'waiting' | 'completed' | 'failed' | 'cancelled';

/** run_jobs: one live token of a run. */
export interface JobRow {
  id: number;
  run_id: string;
  node_id: string;
  token: string;
  status: JobStatus;
  due_at: string | null;
  attempt: number;
  /** Attempts made before the current retry budget (an admin retry starts a new budget; migration 0110). */
  attempt_base: number;
  step_id: number | null;
  state: JsonObject | null;
  signal: JsonObject | null;
  wait_entity: string | null;
  wait_record_id: string | null;
  locked_by: string | null;
  locked_until: string | null;
  last_error: JsonValue | null;
}

export type JobStatus = 'ready' | 'waiting' | 'parked';

export type StepStatus = 'running' | 'completed' | 'failed' | 'waiting' | 'interrupted' | 'cancelled';

/** run_steps: one attempt of one step. */
export interface StepRow {
  id: number;
  run_id: string;
  node_id: string;
  node_type: string;
  token: string;
  attempt: number;
  status: StepStatus;
  input: JsonValue | null;
  output: JsonValue | null;
  handle: string | null;
  effects: JsonValue | null;
  logs: JsonValue | null;
  error: JsonValue | null;
  started_at: string;
  finished_at: string | null;
  duration_ms: number | null;
  /** Each time a step that waited ran, in order (run-steps.store.ts); null for a step that ran once. */
  phases: JsonValue | null;
}

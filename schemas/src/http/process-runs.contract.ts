import type { StartInput } from '../../generated/definition.types.js';

/*
 * GET /api/processes/:name/runs (runtime/src/processes/processes.routes.ts): the runs of a process
 * the caller may see, newest first (engine/src/store/run-history.reader.ts). The parts a client may
 * rely on; a run's error is redacted for viewers who may not see the whole run.
 */

export interface RunSummary {
  id: string;
  process: string;
  status: string;
  entity: string | null;
  recordId: string | null;
  createdAt: string;
  finishedAt: string | null;
  /** Who started a manual run, by name (a record's timeline says who ran the process on it). */
  startedBy?: { id: string; name: string };
  /** A manual run's start-form answers (runtime/src/processes/run-answers.reader.ts); none when it asked nothing or was left blank. */
  answers?: RunAnswer[];
  /** What a waiting run waits for: each undecided approver, or a Wait step's timer. */
  waitingOn?: RunWaitSummary[];
}

/** One thing a waiting run waits for, as a record's timeline says it. */
export type RunWaitSummary = { kind: 'approval'; who: { id: string; name: string } | null; dueAt: string | null } | { kind: 'timer'; until: string };

/** One answer of a manual run's start form, as a record's timeline shows it. */
export interface RunAnswer {
  /** The question as the live definition asks it: its words, its type, its choices. */
  question: StartInput;
  /** The answer as the run got it (an id for a person or a record). */
  value: unknown;
  /** The person's name or the record's title an id answer stands for, when known. */
  title?: string;
}

export interface RunSummaryPage {
  data: RunSummary[];
  /** Send as `cursor` for the next (older) page; null on the last one. */
  nextCursor: string | null;
}

/** Why a run failed, as the engine records it (`process_runs.error`). */
export interface RunFailure {
  code?: string;
  message?: string;
  /** The same in Russian, when the failure carried it (a refusal, a records error, an end node's ru text). */
  message_ru?: string;
  /** The node whose step failed. */
  nodeId?: string;
}

/**
 * GET /api/runs (admins): the runs of every process, newest first, filtered by status and process;
 * each with its error, which admins always see whole.
 */
export interface AdminRunSummary extends RunSummary {
  version: number;
  mode: string;
  error: RunFailure | null;
}

export interface AdminRunPage {
  data: AdminRunSummary[];
  nextCursor: string | null;
}

/** GET /api/runs/:id: the parts of a run's steps and open jobs a client may rely on. */
export interface RunDetailBody extends AdminRunSummary {
  steps: Array<{ id: number; nodeId: string; nodeType: string; status: string; attempt: number; error: RunFailure | null; startedAt: string; finishedAt: string | null; durationMs: number | null }>;
  waiting: Array<{ nodeId: string; status: string; dueAt: string | null; attempt: number }>;
}

/** POST /api/processes/:name/start: a manual process on one record, on the records a filter selects, or on none. */
export interface ManualStartRequest {
  recordId?: string;
  /** A condition over the trigger entity's records the caller may read (the first 1,000 of them). */
  filter?: unknown;
  /** With or without `filter`: the list's search text, as GET /api/records/:entity?q= reads it. */
  q?: string;
  /** The answers to the start form (trigger.inputs) by question name, checked like record fields; without a form, the run's `input` as sent. */
  input?: unknown;
}

/** The runs queued (202): workers advance them; each is read at GET /api/runs/:runId. */
export interface ManualStartResponse {
  data: Array<{ runId: string; created: boolean; status: string }>;
  count: number;
  /** More records matched the filter than one start takes (1,000): only the first ones got a run. */
  truncated: boolean;
}

/** POST /api/runs/retry (admins): retry the failed runs of one process, or of all. */
export interface BulkRetryRequest {
  /** Only this process's runs; absent: every process's. */
  process?: string;
}

/** What a bulk retry did: the runs it reopened (oldest first), those it could not, and whether more wait. */
export interface BulkRetryResult {
  retried: string[];
  refused: Array<{ id: string; code: string; message: string; message_ru: string }>;
  /** More failed runs than one request retries (BULK_RETRY_LIMIT) were waiting: send it again. */
  more: boolean;
}

/** How many failed runs one POST /api/runs/retry reopens at most. */
export const BULK_RETRY_LIMIT = 500;

/** The job due longest (RunQueue.oldestDue). */
export interface OldestDueJob {
  runId: string;
  process: string;
  nodeId: string;
  dueAt: string;
  /** The database clock's now minus dueAt. */
  lateMs: number;
  attempt: number;
  /** The last error of an earlier attempt (a retry waiting its turn), or null. */
  lastError: unknown;
}

/**
 * The job queue every process shares (engine/src/store/queue-health.reader.ts), as GET
 * /api/runs/queue answers it with the answering process's workers beside it.
 */
export interface QueueHealth {
  /** The database clock when this was read. */
  at: string;
  /** Claimable now. */
  due: number;
  /** Ready or waiting jobs held by a lease: external calls in flight. */
  leased: number;
  /** Due later: timers, retries with their backoff. */
  later: number;
  /** Waiting for a signal with no due time: approvals, record waits, signals. */
  onSignal: number;
  /** Failed after their retries, waiting for an admin's retry. */
  parked: number;
  oldestDue: OldestDueJob | null;
}

/** What one worker loop is doing (engine/src/worker/engine.worker.ts, WorkerLoopHealth). */
export interface WorkerLoopState {
  state: 'claiming' | 'sleeping' | 'stopped';
  since: string;
  claimed: number;
  lastClaimedAt: string | null;
  failures: number;
  lastFailure: { at: string; message: string } | null;
}

export interface RunQueue extends QueueHealth {
  process: { pid: number; workers: Array<{ running: boolean; loops: WorkerLoopState[] }> };
}

/** POST /api/processes/:name/runs/progress: how the runs of a bulk start are going. */
export interface RunProgressRequest {
  /** The runIds a start answered with (at most MAX_PROGRESS_RUNS; one start queues at most 1,000). */
  runIds: string[];
}

export const MAX_PROGRESS_RUNS = 1000;
/** How many failed runs a progress answer names. */
export const PROGRESS_FAILED_SHOWN = 20;

export interface RunProgress {
  /** Of the runs asked about that the caller may see, how many are in each status. */
  counts: { running: number; waiting: number; completed: number; failed: number; cancelled: number };
  /** The failed ones (the first PROGRESS_FAILED_SHOWN, newest first), with the record each was on. */
  failed: Array<{ runId: string; recordId: string | null }>;
}

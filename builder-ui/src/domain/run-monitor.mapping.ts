import type { AdminRunSummary, BulkRetryResult, RunFailure, RunQueue, UiLocale } from '@crm/schemas';

/*
 * What the builder's Runs section says about the job queue and each run: how the queue is doing
 * (idle, working, falling behind, stalled), how late its oldest due job is in the largest whole unit,
 * a run's failure in one line, and which of the admin's levers a run offers.
 */

/** A due job this late means the workers are behind; this late, that they have stopped taking work. */
export const BEHIND_AFTER_MS = 5_000;
export const STALLED_AFTER_MS = 60_000;

export type QueueVerdict = 'idle' | 'working' | 'behind' | 'stalled';

export function queueVerdict(queue: Pick<RunQueue, 'due' | 'oldestDue'>): QueueVerdict {
  const late = queue.oldestDue?.lateMs ?? null;
  if (queue.due === 0 || late === null) return 'idle';
  if (late >= STALLED_AFTER_MS) return 'stalled';
  if (late >= BEHIND_AFTER_MS) return 'behind';
  return 'working';
}

export type LatenessUnit = 'seconds' | 'minutes' | 'hours' | 'days';

/** A lateness as a count of its largest whole unit: 59,999 ms is 59 seconds, 90 minutes is 1 hour. */
export function lateness(ms: number): { n: number; unit: LatenessUnit } {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds < 60) return { n: seconds, unit: 'seconds' };
  if (seconds < 3600) return { n: Math.floor(seconds / 60), unit: 'minutes' };
  if (seconds < 86_400) return { n: Math.floor(seconds / 3600), unit: 'hours' };
  return { n: Math.floor(seconds / 86_400), unit: 'days' };
}

/** Worker loops by state, over every worker of the answering process. */
export function loopCounts(queue: Pick<RunQueue, 'process'>): { claiming: number; sleeping: number; stopped: number; failures: number; lastFailure: string | null } {
  const loops = queue.process.workers.flatMap((worker) => worker.loops);
  const latest = loops
    .map((loop) => loop.lastFailure)
    .filter((failure): failure is { at: string; message: string } => failure !== null)
    .sort((a, b) => b.at.localeCompare(a.at))[0];
  return {
    claiming: loops.filter((loop) => loop.state === 'claiming').length,
    sleeping: loops.filter((loop) => loop.state === 'sleeping').length,
    stopped: loops.filter((loop) => loop.state === 'stopped').length,
    failures: loops.reduce((sum, loop) => sum + loop.failures, 0),
    lastFailure: latest?.message ?? null,
  };
}

function isFailure(value: unknown): value is RunFailure {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The failure codes the Runs section names in words of its own (runs.failure.<code> in both
 * languages), for a failure that carries no text in the admin's language: an HTTP receiver's answer,
 * a script's error, a person the step could not find.
 */
export const NAMED_FAILURES = [
  'HTTP_SERVER_ERROR',
  'HTTP_CLIENT_ERROR',
  'HTTP_TIMEOUT',
  'HTTP_NETWORK',
  'HTTP_DNS_FAILED',
  'HTTP_BLOCKED_ADDRESS',
  'HTTP_BAD_URL',
  'HTTP_SCHEME_NOT_ALLOWED',
  'HTTP_RESPONSE_TOO_LARGE',
  'HTTP_TOO_MANY_REDIRECTS',
  'HTTP_BAD_REQUEST',
  'SCRIPT_SCRIPT_ERROR',
  'SCRIPT_COMPILE_ERROR',
  'SCRIPT_TIMEOUT',
  'SCRIPT_WALL_TIMEOUT',
  'SCRIPT_MEMORY_LIMIT',
  'SCRIPT_MEMORY_CAP_EXCEEDED',
  'SCRIPT_OUTPUT_TOO_LARGE',
  'SCRIPT_OUTPUT_NOT_JSON',
  'SCRIPT_OUTPUT_INVALID',
  'SCRIPT_API_ERROR',
  'SCRIPT_SANDBOX_ERROR',
  'LOCK_TIMEOUT',
  'NO_RECORD',
  'RECORD_NOT_FOUND',
  'NO_ASSIGNEE',
  'NO_APPROVER',
  'NO_RECIPIENT',
  'STEP_LIMIT',
  'PROCESS_LOOP',
  'CHILD_FAILED',
  'STEP_ERROR',
] as const;

const NAMED = new Set<string>(NAMED_FAILURES);

function text(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

/**
 * A run's or step's failure in one line, in the admin's language where the failure carried it (the
 * engine keeps the Russian text of a refusal, a records error or an end node's message). Otherwise
 * the text as the engine wrote it (English), with `kind` set when the code is one the Runs section
 * names in its own words (NAMED_FAILURES), so a Russian reader knows what went wrong before the
 * English detail; a code alone when there is no text.
 */
export function failureLine(error: unknown, locale: UiLocale): { kind: string | null; text: string } | null {
  if (!isFailure(error)) return null;
  const code = text(error.code);
  const own = locale === 'ru' ? text(error.message_ru) : text(error.message);
  if (own) return { kind: null, text: own };
  const english = text(error.message);
  const kind = code && NAMED.has(code) ? code : null;
  if (english) return { kind, text: english };
  return code ? { kind, text: kind ? '' : code } : null;
}

/** failureLine as the Runs section prints it: the kind in the admin's words (runs.failure.<code>), then the text. */
export function failureMessage(error: unknown, locale: UiLocale, t: (key: string) => string): string | null {
  const line = failureLine(error, locale);
  if (!line) return null;
  if (!line.kind) return line.text;
  const kind = t(`runs.failure.${line.kind}`);
  return line.text ? `${kind}: ${line.text}` : kind;
}

/** The node a run failed at, when the engine recorded it. */
export function failedNode(error: unknown): string | null {
  return isFailure(error) && typeof error.nodeId === 'string' ? error.nodeId : null;
}

export type RunLever = 'retry' | 'cancel';

/**
 * An admin retries a failed run and cancels one still running or waiting; a finished one offers
 * nothing, nor does a run the process itself ended as failed at an end step (nothing to retry).
 */
export function runLevers(run: Pick<AdminRunSummary, 'status' | 'error'>): RunLever[] {
  if (run.status === 'failed') return isFailure(run.error) && run.error.code === 'ENDED_FAILED' ? [] : ['retry'];
  if (run.status === 'running' || run.status === 'waiting') return ['cancel'];
  return [];
}

/** Replaces a run in the list with what retry or cancel answered, keeping its place. */
export function applyRunChange(runs: readonly AdminRunSummary[], changed: Pick<AdminRunSummary, 'id' | 'status' | 'error' | 'finishedAt'>): AdminRunSummary[] {
  return runs.map((run) => (run.id === changed.id ? { ...run, status: changed.status, error: changed.error, finishedAt: changed.finishedAt } : run));
}

/** What a bulk retry did, for the line under the list: counts, and each refusal in the admin's language. */
export function bulkRetrySummary(result: BulkRetryResult, locale: UiLocale): { retried: number; refused: Array<{ id: string; text: string }>; more: boolean } {
  return {
    retried: result.retried.length,
    refused: result.refused.map((r) => ({ id: r.id, text: (locale === 'ru' ? text(r.message_ru) : null) ?? r.message })),
    more: result.more,
  };
}

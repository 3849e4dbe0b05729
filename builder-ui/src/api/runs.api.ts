import type { AdminRunPage, BulkRetryResult, RunDetailBody, RunQueue } from '@crm/schemas';
import { apiRequest } from './http.client.js';

/*
 * /api/runs for the builder's Runs section (admins): the job queue with the answering process's
 * workers, the runs of every process by status and process, one run's steps, and the admin's retry
 * (of one run, or of every failed one) and cancel. The shapes are @crm/schemas' process-runs contract.
 */

export type { AdminRunSummary, BulkRetryResult, RunDetailBody, RunFailure, RunQueue } from '@crm/schemas';

export function fetchRunQueue(): Promise<RunQueue> {
  return apiRequest<RunQueue>('GET', '/api/runs/queue');
}

export interface RunListQuery {
  /** A run status, or null for all of them. */
  status: string | null;
  process: string | null;
  cursor: string | null;
  limit: number;
}

export function listAllRuns(query: RunListQuery): Promise<AdminRunPage> {
  const params = new URLSearchParams({ limit: String(query.limit) });
  if (query.status) params.set('status', query.status);
  if (query.process) params.set('process', query.process);
  if (query.cursor) params.set('cursor', query.cursor);
  return apiRequest<AdminRunPage>('GET', `/api/runs?${params.toString()}`);
}

export function fetchRunDetail(id: string): Promise<RunDetailBody> {
  return apiRequest<RunDetailBody>('GET', `/api/runs/${encodeURIComponent(id)}`);
}

export function retryRun(id: string): Promise<RunDetailBody> {
  return apiRequest<RunDetailBody>('POST', `/api/runs/${encodeURIComponent(id)}/retry`);
}

export function cancelRun(id: string): Promise<RunDetailBody> {
  return apiRequest<RunDetailBody>('POST', `/api/runs/${encodeURIComponent(id)}/cancel`);
}

/** Retries every failed run with a failed step, of one process or (null) of all. */
export function retryFailedRuns(process: string | null): Promise<BulkRetryResult> {
  return apiRequest<BulkRetryResult>('POST', '/api/runs/retry', process ? { process } : {});
}

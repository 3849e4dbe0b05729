import type { ManualStartRequest, ManualStartResponse, RunProgress, SimulateRequest, SimulateResponse } from '@crm/schemas';
import { apiRequest } from './http.client.js';

/*
 * /api/processes: the designer's test run (simulate runs the LIVE version of the process and
 * writes nothing: schemas/src/http/process-simulate.contract.ts), and a manual process started by
 * hand on a record, whose runs are queued for the workers (202), and how a bulk start's runs are
 * going.
 */

export function simulateProcess(name: string, request: SimulateRequest): Promise<SimulateResponse> {
  return apiRequest<SimulateResponse>('POST', `/api/processes/${encodeURIComponent(name)}/simulate`, request);
}

export function startProcess(name: string, request: ManualStartRequest): Promise<ManualStartResponse> {
  return apiRequest<ManualStartResponse>('POST', `/api/processes/${encodeURIComponent(name)}/start`, request);
}

/** How the runs a start answered with are going: counts by status, the first failed ones (the caller's visible runs only). */
export function fetchRunProgress(name: string, runIds: readonly string[]): Promise<RunProgress> {
  return apiRequest<RunProgress>('POST', `/api/processes/${encodeURIComponent(name)}/runs/progress`, { runIds });
}

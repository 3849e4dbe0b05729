import type { ManualStartRequest, ManualStartResponse, SimulateRequest, SimulateResponse } from '@crm/schemas';
import { apiRequest } from './http.client.js';

/*
 * /api/processes: the designer's test run (simulate runs the LIVE version of the process and
 * writes nothing: schemas/src/http/process-simulate.contract.ts), and a manual process started by
 * hand on a record, whose runs are queued for the workers (202).
 */

export function simulateProcess(name: string, request: SimulateRequest): Promise<SimulateResponse> {
  return apiRequest<SimulateResponse>('POST', `/api/processes/${encodeURIComponent(name)}/simulate`, request);
}

export function startProcess(name: string, request: ManualStartRequest): Promise<ManualStartResponse> {
  return apiRequest<ManualStartResponse>('POST', `/api/processes/${encodeURIComponent(name)}/start`, request);
}

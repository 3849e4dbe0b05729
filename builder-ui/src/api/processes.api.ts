import type { SimulateRequest, SimulateResponse } from '@crm/schemas';
import { apiRequest } from './http.client.js';

/*
 * /api/processes: the designer's test run. Simulate runs the LIVE version of the process and
 * writes nothing (schemas/src/http/process-simulate.contract.ts).
 */

export function simulateProcess(name: string, request: SimulateRequest): Promise<SimulateResponse> {
  return apiRequest<SimulateResponse>('POST', `/api/processes/${encodeURIComponent(name)}/simulate`, request);
}

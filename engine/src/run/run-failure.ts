import type { JsonObject } from '../json.types.js';
import type { StepFailure } from './step-failure.js';

/*
 * The error a failed run shows (process_runs.error), decided once for a step that parks inside its
 * session and for a job parked after its transaction failed: which node, why, after how many
 * attempts. A simulation does not retry, so it has no attempt count.
 */

export function failedRunError(failure: Pick<StepFailure, 'code' | 'message'>, nodeId: string, attempts?: number): JsonObject {
  return { code: failure.code, nodeId, message: failure.message, ...(attempts === undefined ? {} : { attempts }) };
}

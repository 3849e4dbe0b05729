import type { JsonObject } from '../json.types.js';
import type { StepFailure } from './step-failure.js';

/*
 * The error a failed run shows (process_runs.error), decided once for a step that parks inside its
 * session and for a job parked after its transaction failed: which node, why, after how many
 * attempts. A simulation does not retry, so it has no attempt count. A run that reached an end node
 * with status failed says so in the end node's words.
 */

export function failedRunError(failure: Pick<StepFailure, 'code' | 'message'>, nodeId: string, attempts?: number): JsonObject {
  return { code: failure.code, nodeId, message: failure.message, ...(attempts === undefined ? {} : { attempts }) };
}

/** The run reached an end node whose status is failed: the node's message, or one naming the node. */
export function endedFailedRunError(nodeId: string, message: string | undefined): JsonObject {
  return { code: 'ENDED_FAILED', nodeId, message: message ?? `The run ended at ${nodeId} as failed.` };
}

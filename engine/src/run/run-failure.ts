import type { JsonObject } from '../json.types.js';
import { russianTextOf, type StepFailure } from './step-failure.js';

/*
 * The error a failed run shows (process_runs.error), decided once for a step that parks inside its
 * session and for a job parked after its transaction failed: which node, why, after how many
 * attempts. A simulation does not retry, so it has no attempt count. A run that reached an end node
 * with status failed says so in the end node's words.
 */

export function failedRunError(failure: Pick<StepFailure, 'code' | 'message'> & { details?: JsonObject }, nodeId: string, attempts?: number): JsonObject {
  const messageRu = russianTextOf(failure.details ?? {});
  return { code: failure.code, nodeId, message: failure.message, ...(messageRu === null ? {} : { message_ru: messageRu }), ...(attempts === undefined ? {} : { attempts }) };
}

/** The run reached an end node whose status is failed: the node's message (ru beside it when written), or one naming the node. */
export function endedFailedRunError(nodeId: string, message: string | undefined, messageRu?: string): JsonObject {
  if (message === undefined) return { code: 'ENDED_FAILED', nodeId, message: `The run ended at ${nodeId} as failed.`, message_ru: `Запуск завершён с ошибкой на шаге ${nodeId}.` };
  return { code: 'ENDED_FAILED', nodeId, message, ...(messageRu === undefined ? {} : { message_ru: messageRu }) };
}

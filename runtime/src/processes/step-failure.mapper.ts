import { isEngineRequestError, isStepFailure, StepFailure, type EngineRequestError } from '@crm/engine';
import { BadRequestError, ConflictError, ForbiddenError, isAppError, NotFoundError, ProcessFailedError, type AppError } from '../errors/index.js';

/*
 * Errors crossing the engine boundary, both ways. A records-service error inside a step becomes a
 * StepFailure: the caller's kind of error (4xx) would fail the same way again, so it is permanent,
 * except a version conflict (someone saved meanwhile), which a retry resolves. A StepFailure out of
 * a before-save process becomes a 422 naming the node; an engine request error its HTTP kind.
 */

const RETRYABLE_CODES = new Set(['VERSION_CONFLICT', 'PRECONDITION_FAILED']);

export function toStepFailure(error: unknown): unknown {
  if (!isAppError(error) || error.status >= 500) return error;
  const retryable = RETRYABLE_CODES.has(error.code);
  const details = error.details.map((d) => ({ ...d }));
  return new StepFailure(error.code, error.message, retryable, { status: error.status, details: JSON.parse(JSON.stringify(details)) });
}

export function processFailure(error: unknown, process: string | undefined): AppError | unknown {
  if (!isStepFailure(error)) return error;
  const nodeId = typeof error.details['nodeId'] === 'string' ? error.details['nodeId'] : undefined;
  return ProcessFailedError.create(`${process ? `The process ${process}` : 'A process'} failed: ${error.message}`, [
    {
      code: error.code,
      ...(nodeId ? { nodeId } : {}),
      ...(process ? { process } : {}),
      message: error.message,
      message_ru: `Процесс не выполнен, запись не сохранена: ${error.message}`,
    },
  ]);
}

export function fromEngineRequestError(error: unknown): unknown {
  if (!isEngineRequestError(error)) return error;
  const request: EngineRequestError = error;
  const details = [{ ...(request.field ? { field: request.field } : {}), code: request.code, message: request.message, message_ru: request.messageRu }];
  switch (request.code) {
    case 'NOT_FOUND':
      return NotFoundError.create(request.message, details);
    case 'FORBIDDEN':
      return ForbiddenError.create(request.message, details);
    case 'CONFLICT':
      return ConflictError.create(request.message, details);
    case 'INVALID':
      return BadRequestError.create(request.message, details);
  }
}

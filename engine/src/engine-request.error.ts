/**
 * A request to the engine (complete a task, retry a run) that cannot be done as asked. The host
 * maps the code to its own error (NOT_FOUND 404, FORBIDDEN 403, CONFLICT 409, INVALID 400).
 */
export type EngineRequestErrorCode = 'NOT_FOUND' | 'FORBIDDEN' | 'CONFLICT' | 'INVALID';

export class EngineRequestError extends Error {
  constructor(
    readonly code: EngineRequestErrorCode,
    message: string,
    readonly messageRu: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'EngineRequestError';
  }
}

export function isEngineRequestError(value: unknown): value is EngineRequestError {
  return value instanceof EngineRequestError;
}

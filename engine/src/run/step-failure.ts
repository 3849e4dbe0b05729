import type { JsonObject } from '../json.types.js';

/**
 * A step that could not do its work. `retryable` failures (a database hiccup, a 503, a timeout) are
 * retried with backoff; the others (a value the record refuses, a missing person, a script error)
 * would fail the same way again, so the run parks at once with the reason visible.
 */
export class StepFailure extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly retryable: boolean,
    readonly details: JsonObject = {},
  ) {
    super(message);
    this.name = 'StepFailure';
  }

  toJSON(): JsonObject {
    return { code: this.code, message: this.message, retryable: this.retryable, ...(Object.keys(this.details).length > 0 ? { details: this.details } : {}) };
  }
}

export function isStepFailure(value: unknown): value is StepFailure {
  return value instanceof StepFailure;
}

/** Any thrown value as a StepFailure; what we do not recognise is retryable (it may be transient). */
export function asStepFailure(error: unknown): StepFailure {
  if (isStepFailure(error)) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new StepFailure('STEP_ERROR', message, true);
}

/** A permanent failure: the configuration or the data makes the step impossible. */
export function stepError(code: string, message: string, details: JsonObject = {}): StepFailure {
  return new StepFailure(code, message, false, details);
}

import { isJsonObject, type JsonObject } from '../json.types.js';

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
    const messageRu = russianTextOf(this.details);
    return { code: this.code, message: this.message, ...(messageRu === null ? {} : { message_ru: messageRu }), retryable: this.retryable, ...(Object.keys(this.details).length > 0 ? { details: this.details } : {}) };
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

/**
 * The Russian text a failure carries, so that an admin working in Russian reads why a run failed in
 * Russian: a refusal's or a lock's own ru/en message, or the details' message_ru of a records
 * error (a value the entity refuses, a field the role may not write). Null when it has none (an HTTP
 * receiver's answer, a script's own error): the UI then names the kind of failure by its code.
 */
export function russianTextOf(details: JsonObject): string | null {
  const message = details['message'];
  if (isJsonObject(message) && typeof message['ru'] === 'string' && message['ru'].trim() !== '') return message['ru'];
  const inner = Array.isArray(details['details']) ? details['details'] : [];
  const texts = inner.flatMap((detail) => (isJsonObject(detail) && typeof detail['message_ru'] === 'string' && detail['message_ru'].trim() !== '' ? [detail['message_ru'].trim()] : []));
  return texts.length > 0 ? texts.join('; ') : null;
}

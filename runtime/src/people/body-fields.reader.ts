import { BadRequestError, ValidationError, type ErrorDetail } from '../errors/index.js';

/*
 * Request bodies of the people and auth endpoints are closed: every key must be one the endpoint
 * takes, so `id`, `password_hash`, `createdAt` or a misspelt key is refused with a 400 naming it
 * instead of being ignored or, worse, written (mass assignment).
 */

export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID_PATTERN.test(value);
}

export function problem(field: string, code: string, message: string, message_ru: string): ErrorDetail {
  return { code, field, message, message_ru };
}

/** The body as a plain object whose keys are all in `allowed`; throws 400 naming each other key. */
export function readClosedBody(body: unknown, allowed: readonly string[]): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw BadRequestError.create('The request body must be a JSON object.', [
      problem('', 'BODY_NOT_OBJECT', 'The request body must be a JSON object.', 'Тело запроса должно быть JSON-объектом.'),
    ]);
  }
  const values = Object.fromEntries(Object.entries(body));
  const unknown = Object.keys(values).filter((key) => !allowed.includes(key));
  if (unknown.length > 0) {
    throw ValidationError.create(
      `Unknown field${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}.`,
      unknown.map((key) =>
        problem(key, 'UNKNOWN_FIELD', `"${key}" is not a field you can send here.`, `Поле «${key}» нельзя передавать в этом запросе.`),
      ),
    );
  }
  return values;
}

/** Collects problems so one answer names every wrong field at once. */
export class FieldProblems {
  readonly list: ErrorDetail[] = [];

  add(field: string, code: string, message: string, message_ru: string): void {
    this.list.push(problem(field, code, message, message_ru));
  }

  throwIfAny(message = 'The data is not valid.'): void {
    if (this.list.length > 0) throw ValidationError.create(message, this.list);
  }
}

import type { ErrorDetail } from '../errors/index.js';
import { InputTooDeepError } from '../errors/input-too-deep.error.js';
import { InvalidCharacterError } from '../errors/invalid-character.error.js';

/*
 * What every piece of request input (JSON body, form body, query string, filter JSON) must satisfy
 * before any code reads it: no NUL character in a string or a key (PostgreSQL text cannot hold one,
 * so it used to end as a 500 after half the work), and no nesting deeper than MAX_JSON_DEPTH
 * (JSON.parse copes with 100,000 levels; the recursive code after it does not). The walk is
 * iterative, so the check itself cannot overflow the stack.
 */

/** Far above any definition (a condition is capped at 32 levels, two JSON levels each) or record. */
export const MAX_JSON_DEPTH = 128;

type PathToken = string | number;

interface Pending {
  value: unknown;
  path: PathToken[];
}

export type InputProblem = { kind: 'nul'; path: PathToken[] } | { kind: 'depth'; path: PathToken[] };

const hasNul = (text: string): boolean => text.includes('\u0000');

/** The first NUL or over-deep place in `value`, depth-first in document order, or undefined. */
export function findInputProblem(value: unknown, prefix: PathToken[] = []): InputProblem | undefined {
  const stack: Pending[] = [{ value, path: prefix }];
  while (stack.length > 0) {
    const { value: current, path } = stack.pop() ?? { value: undefined, path: [] };
    if (typeof current === 'string') {
      if (hasNul(current)) return { kind: 'nul', path };
      continue;
    }
    if (typeof current !== 'object' || current === null) continue;
    if (path.length - prefix.length >= MAX_JSON_DEPTH) return { kind: 'depth', path };
    const entries: Array<[PathToken, unknown]> = Array.isArray(current) ? current.map((item, i) => [i, item]) : Object.entries(current);
    for (let i = entries.length - 1; i >= 0; i -= 1) {
      const [key, item] = entries[i] ?? ['', undefined];
      if (typeof key === 'string' && hasNul(key)) return { kind: 'nul', path: [...path, key] };
      stack.push({ value: item, path: [...path, key] });
    }
  }
  return undefined;
}

/** `filter.and.0.value`: the field names the details of other 400s use, a NUL shown as \u0000. */
export function fieldPath(path: readonly PathToken[]): string {
  return path.map((token) => String(token).replaceAll('\u0000', '\\u0000')).join('.');
}

function pointerOf(path: readonly PathToken[]): string {
  return path.map((token) => `/${String(token).replaceAll('~', '~0').replaceAll('/', '~1').replaceAll('\u0000', '\\u0000')}`).join('');
}

/** The 400 for a problem found in input; `where` says which part of the request (body, query). */
export function inputProblemError(problem: InputProblem, where: string): Error {
  const field = fieldPath(problem.path) || where;
  if (problem.kind === 'nul') {
    const detail: ErrorDetail = {
      field,
      code: 'INVALID_CHARACTER',
      message: `${field} holds a NUL character (\\u0000), which cannot be stored; remove it.`,
      message_ru: `${field} содержит символ NUL (\\u0000), его нельзя сохранить; уберите его.`,
    };
    return InvalidCharacterError.create(detail.message, [detail]);
  }
  const shown = fieldPath(problem.path.slice(0, 8));
  const detail: ErrorDetail = {
    field: problem.path.length > 8 ? `${shown}…` : field,
    pointer: pointerOf(problem.path.slice(0, 2 * MAX_JSON_DEPTH)),
    code: 'INPUT_TOO_DEEP',
    message: `The ${where} is nested more than ${MAX_JSON_DEPTH} levels deep (at ${shown}…).`,
    message_ru: `Вложенность ${where === 'body' ? 'тела запроса' : where} больше ${MAX_JSON_DEPTH} уровней (в ${shown}…).`,
  };
  return InputTooDeepError.create(detail.message, [detail]);
}

/** Throws the 400 for the first problem in `value`, if any. */
export function assertCleanInput(value: unknown, where: string, prefix: PathToken[] = []): void {
  const problem = findInputProblem(value, prefix);
  if (problem) throw inputProblemError(problem, where);
}

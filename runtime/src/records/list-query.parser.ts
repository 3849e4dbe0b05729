import { BadRequestError, type AppError } from '../errors/index.js';
import { assertCleanInput } from '../http/json-input.rules.js';
import { parseSort, type SortKey } from './list-sort.parser.js';

/*
 * The query string of GET /api/records/:entity as plain values. Nothing here knows the entity:
 * field names, the filter's meaning and the cursor's fit are checked when the query is built.
 */

export type DeletedMode = 'exclude' | 'only' | 'include';

export interface ListQuery {
  /** The condition JSON as parsed, not yet checked. */
  filter: unknown;
  sort: SortKey[];
  limit: number;
  cursor: string | null;
  q: string | null;
  expand: string[];
  count: boolean;
  deleted: DeletedMode;
}

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 500;

function bad(field: string, message: string, messageRu: string): AppError {
  return BadRequestError.create(message, [{ field, code: 'INVALID_PARAMETER', message, message_ru: messageRu }]);
}

/** One string parameter; repeated or bracketed parameters are refused rather than half-read. */
export function singleParam(query: Readonly<Record<string, unknown>>, name: string): string | undefined {
  const value = query[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw bad(name, `Give "${name}" once, as a plain value.`, `Параметр «${name}» нужно передать один раз.`);
  return value;
}

function parseFilter(text: string | undefined): unknown {
  if (text === undefined || text.trim() === '') return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw bad('filter', 'filter must be a condition in JSON, e.g. {"field":"amount","op":"gt","value":100000}.', 'filter должен быть условием в JSON.');
  }
  // JSON in the query string escapes a NUL as \u0000, so the app-wide check of the query misses it.
  assertCleanInput(parsed, 'filter', ['filter']);
  return parsed;
}

function parseLimit(text: string | undefined): number {
  if (text === undefined || text.trim() === '') return DEFAULT_LIMIT;
  if (!/^\d+$/.test(text.trim()) || Number(text) < 1) {
    throw bad('limit', `limit must be a whole number from 1 to ${MAX_LIMIT}.`, `limit — целое число от 1 до ${MAX_LIMIT}.`);
  }
  return Math.min(Number(text), MAX_LIMIT);
}

/** `expand=company,contacts,company.owner` as paths of field names. */
export function parseExpand(text: string | undefined): string[] {
  if (text === undefined) return [];
  const paths = text
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '');
  for (const path of paths) {
    if (!/^[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)*$/.test(path)) {
      throw bad('expand', `"${path}" is not a field to expand.`, `«${path}» — не поле для раскрытия.`);
    }
  }
  return [...new Set(paths)];
}

function parseFlag(text: string | undefined): boolean {
  return text === '1' || text === 'true';
}

export function parseDeleted(text: string | undefined): DeletedMode {
  if (text === undefined || text === '' || text === '0' || text === 'false') return 'exclude';
  if (text === 'only') return 'only';
  if (text === '1' || text === 'true' || text === 'include') return 'include';
  throw bad('deleted', 'deleted must be "only", "1" (include deleted) or absent.', 'deleted: «only», «1» или не задан.');
}

export function parseListQuery(query: Readonly<Record<string, unknown>>): ListQuery {
  const q = singleParam(query, 'q')?.trim();
  const cursor = singleParam(query, 'cursor');
  return {
    filter: parseFilter(singleParam(query, 'filter')),
    sort: parseSort(singleParam(query, 'sort')),
    limit: parseLimit(singleParam(query, 'limit')),
    cursor: cursor === undefined || cursor === '' ? null : cursor,
    q: q === undefined || q === '' ? null : q,
    expand: parseExpand(singleParam(query, 'expand')),
    count: parseFlag(singleParam(query, 'count')),
    deleted: parseDeleted(singleParam(query, 'deleted')),
  };
}

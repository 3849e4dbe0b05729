import { BadRequestError, type AppError } from '../errors/index.js';

/*
 * `sort` as "-amount,title" (a leading "-" means descending) or as JSON
 * [{"field":"amount","dir":"desc"}], the shape saved views use.
 */

export type SortDirection = 'asc' | 'desc';

export interface SortKey {
  field: string;
  dir: SortDirection;
}

function badSort(message: string): AppError {
  return BadRequestError.create(message, [{ field: 'sort', code: 'INVALID_SORT', message, message_ru: 'Параметр sort задан неверно.' }]);
}

const FIELD_NAME = /^[a-z_][a-z0-9_]*$/;

function fieldName(value: unknown): string {
  if (typeof value !== 'string' || !FIELD_NAME.test(value)) throw badSort(`"${String(value)}" is not a field name to sort by.`);
  return value;
}

function fromJson(text: string): SortKey[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw badSort('sort is not valid JSON.');
  }
  if (!Array.isArray(parsed)) throw badSort('sort must be a JSON array of {"field", "dir"}.');
  return parsed.map((item: unknown) => {
    if (typeof item !== 'object' || item === null || !('field' in item)) throw badSort('Each sort key needs a "field".');
    const dir: unknown = 'dir' in item ? item.dir : 'asc';
    if (dir !== 'asc' && dir !== 'desc') throw badSort(`Sort direction must be "asc" or "desc" (got ${JSON.stringify(dir)}).`);
    return { field: fieldName(item.field), dir };
  });
}

function fromList(text: string): SortKey[] {
  return text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map((part): SortKey => (part.startsWith('-') ? { field: fieldName(part.slice(1)), dir: 'desc' } : { field: fieldName(part.replace(/^\+/, '')), dir: 'asc' }));
}

/** The sort keys as given (not yet checked against the entity); empty when none. */
export function parseSort(text: string | undefined): SortKey[] {
  if (text === undefined || text.trim() === '') return [];
  const trimmed = text.trim();
  const keys = trimmed.startsWith('[') ? fromJson(trimmed) : fromList(trimmed);
  const seen = new Set<string>();
  for (const key of keys) {
    if (seen.has(key.field)) throw badSort(`"${key.field}" appears twice in sort.`);
    seen.add(key.field);
  }
  return keys;
}

/** The canonical text of a sort, e.g. "-amount,id": what a cursor is tied to. */
export function sortSignature(keys: readonly SortKey[]): string {
  return keys.map((k) => (k.dir === 'desc' ? `-${k.field}` : k.field)).join(',');
}

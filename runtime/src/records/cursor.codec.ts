import { isStorableDate } from '@crm/schemas';
import { InvalidCursorError } from '../errors/invalid-cursor.error.js';
import type { AppError } from '../errors/index.js';

/*
 * A list cursor is opaque to clients: base64url of JSON holding the sort it was made for and the
 * last row's sort-key values (as PostgreSQL prints them, so no precision is lost: timestamps keep
 * their microseconds) followed by its id. Paging continues after that row, so rows inserted
 * meanwhile never shift a page.
 *
 * A cursor comes back from the client, so it may be forged: each value is checked to be what
 * PostgreSQL prints for its column's type before it is cast back in SQL, where a bad one used to
 * end as a 500 (invalid input syntax) instead of a 400.
 */

export interface ListCursor {
  /** The sort the cursor belongs to, e.g. "-amount,id". */
  sort: string;
  /** One value per sort key, the id last; null for SQL NULL. */
  values: Array<string | null>;
}

export function encodeCursor(cursor: ListCursor): string {
  return Buffer.from(JSON.stringify({ s: cursor.sort, v: cursor.values }), 'utf8').toString('base64url');
}

function invalid(reason: string): AppError {
  return InvalidCursorError.create(`The cursor is not valid: ${reason}. Start again from the first page.`, [
    { field: 'cursor', code: 'INVALID_CURSOR', message: `The cursor is not valid: ${reason}.`, message_ru: 'Курсор недействителен; начните с первой страницы.' },
  ]);
}

function isValueList(value: unknown): value is Array<string | null> {
  return Array.isArray(value) && value.every((v) => v === null || typeof v === 'string');
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const INTEGER = /^-?\d{1,18}$/;
const NUMERIC = /^-?\d{1,40}(\.\d{1,40})?$/;
// 2025-01-02 03:04:05.123456+00, +05:30, or a local-mean-time offset such as +02:30:17.
const TIMESTAMP = /^(\d{4}-\d{2}-\d{2}) ([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,6})?[+-]\d{2}(:\d{2}){0,2}$/;
const MAX_TEXT = 10_000;

/** Whether `value` is text PostgreSQL prints for (and reads back as) a column of `sqlType`. */
function fitsType(value: string, sqlType: string): boolean {
  if (sqlType === 'uuid') return UUID.test(value);
  if (sqlType === 'integer' || sqlType === 'bigint') return INTEGER.test(value);
  if (sqlType.startsWith('numeric')) return NUMERIC.test(value);
  if (sqlType === 'boolean') return value === 'true' || value === 'false';
  if (sqlType === 'date') return isStorableDate(value);
  if (sqlType === 'timestamptz') {
    const date = TIMESTAMP.exec(value)?.[1];
    return date !== undefined && isStorableDate(date);
  }
  return value.length <= MAX_TEXT && !value.includes('\u0000');
}

/**
 * The cursor, checked to belong to `expectedSort` and, when the sort keys' SQL types are given, to
 * hold one value of each key's type; 400 INVALID_CURSOR otherwise.
 */
export function decodeCursor(text: string, expectedSort: string, sqlTypes?: readonly string[]): ListCursor {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw invalid('it cannot be read');
  }
  if (typeof parsed !== 'object' || parsed === null || !('s' in parsed) || !('v' in parsed)) throw invalid('it cannot be read');
  const { s, v } = parsed;
  if (typeof s !== 'string' || !isValueList(v)) throw invalid('it cannot be read');
  if (s !== expectedSort) throw invalid('it was made for another sort order');
  if (sqlTypes !== undefined) {
    if (v.length !== sqlTypes.length) throw invalid('it does not fit this sort');
    if (v.some((value, i) => value !== null && !fitsType(value, sqlTypes[i] ?? 'text'))) throw invalid('it holds values this list never issued');
  }
  return { sort: s, values: v };
}

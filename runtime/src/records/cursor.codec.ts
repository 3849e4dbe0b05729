import { BadRequestError, type AppError } from '../errors/index.js';

/*
 * A list cursor is opaque to clients: base64url of JSON holding the sort it was made for and the
 * last row's sort-key values (as PostgreSQL prints them, so no precision is lost: timestamps keep
 * their microseconds) followed by its id. Paging continues after that row, so rows inserted
 * meanwhile never shift a page.
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
  return BadRequestError.create(`The cursor is not valid: ${reason}. Start again from the first page.`, [
    { field: 'cursor', code: 'INVALID_CURSOR', message: `The cursor is not valid: ${reason}.`, message_ru: 'Курсор недействителен; начните с первой страницы.' },
  ]);
}

function isValueList(value: unknown): value is Array<string | null> {
  return Array.isArray(value) && value.every((v) => v === null || typeof v === 'string');
}

/** The cursor, checked to belong to `expectedSort`; 400 when it is malformed or made for another sort. */
export function decodeCursor(text: string, expectedSort: string): ListCursor {
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
  return { sort: s, values: v };
}

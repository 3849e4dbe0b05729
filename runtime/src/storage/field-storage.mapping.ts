import { relationStorage, type Field, type FieldSqlType, type RelationCardinality } from '@crm/schemas';
import { columnTypeFor } from './column-type.mapping.js';
import { recordTable } from './storage.naming.js';

/**
 * Where a field's values live: a column of the entity's table, a link table (many-to-many), or
 * nowhere (one-to-many is the other side of a many-to-one on the target).
 */
export type FieldStorage =
  | { kind: 'column'; sqlType: string; references: string | null }
  | { kind: 'link'; target: string }
  | { kind: 'none' };

export function relationCardinality(field: Field): RelationCardinality | null {
  return field.type === 'relation' ? (field.cardinality ?? 'many-to-one') : null;
}

export function fieldStorage(field: Field): FieldStorage {
  if (field.type === 'relation' && relationStorage(field) === 'link') {
    return { kind: 'link', target: field.target };
  }
  const sqlType = columnTypeFor(field);
  if (sqlType === null) return { kind: 'none' };
  return { kind: 'column', sqlType, references: referencedTable(field) };
}

/** The table a reference column points at: `users` for user fields, `rec_<target>` for many-to-one. */
export function referencedTable(field: Field): string | null {
  if (field.type === 'user') return 'users';
  if (field.type === 'relation' && relationCardinality(field) === 'many-to-one') return recordTable(field.target);
  return null;
}

/**
 * Reference columns always get a btree index: lists filtered by owner-like fields ("my deals") and
 * the one-to-many side of a relation read by them.
 */
export function wantsIndex(field: Field): boolean {
  return field.indexed === true || referencedTable(field) !== null;
}

/** How a field takes part in the generated `_search` column; null when it cannot. */
export type SearchCast = 'text' | 'to-text' | 'lexemes';

/*
 * A generated column may only use immutable expressions, so how a field goes into `_search` follows
 * its column type: text is used as is; numbers, booleans, uuids and jsonb print immutably (::text);
 * multienum values go in as whole lexemes. Dates and timestamps print depending on DateStyle and
 * TimeZone, which PostgreSQL refuses in a generated column. Keyed by the catalog's SQL types, so a
 * new column type must say how it is searched.
 */
const SEARCH_CASTS: Readonly<Record<FieldSqlType, SearchCast | null>> = {
  text: 'text',
  bigint: 'to-text',
  numeric: 'to-text',
  'numeric(18,2)': 'to-text',
  boolean: 'to-text',
  uuid: 'to-text',
  jsonb: 'to-text',
  'text[]': 'lexemes',
  date: null,
  timestamptz: null,
};

export function searchCastFor(field: Field): SearchCast | null {
  const sqlType = columnTypeFor(field);
  return sqlType === null ? null : SEARCH_CASTS[sqlType];
}

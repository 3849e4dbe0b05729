import type { Field } from '@crm/schemas';
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

export function relationCardinality(field: Field): 'many-to-one' | 'one-to-many' | 'many-to-many' | null {
  return field.type === 'relation' ? (field.cardinality ?? 'many-to-one') : null;
}

export function fieldStorage(field: Field): FieldStorage {
  if (field.type === 'relation' && relationCardinality(field) === 'many-to-many') {
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
 * A generated column may only use immutable expressions. Text is used as is; numbers, booleans and
 * uuids print immutably (::text); multienum values go in as whole lexemes. Dates and timestamps
 * print depending on DateStyle and TimeZone, which PostgreSQL refuses in a generated column.
 */
export function searchCastFor(field: Field): SearchCast | null {
  switch (field.type) {
    case 'text':
    case 'longtext':
    case 'email':
    case 'phone':
    case 'url':
    case 'enum':
      return 'text';
    case 'integer':
    case 'number':
    case 'money':
    case 'percent':
    case 'boolean':
    case 'user':
    case 'file':
      return 'to-text';
    case 'multienum':
      return 'lexemes';
    case 'formula':
      return (field.resultType ?? 'number') === 'date' ? null : (field.resultType ?? 'number') === 'text' ? 'text' : 'to-text';
    case 'relation':
      return relationCardinality(field) === 'many-to-one' ? 'to-text' : null;
    case 'date':
    case 'datetime':
      return null;
  }
}

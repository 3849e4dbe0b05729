import type { Knex } from 'knex';
import type { DuplicateKey } from './duplicate-keys.rules.js';

/*
 * Records that share a key value with a record just written: one query, each key field compared
 * by equality on its stored (normalised) value, so an index on the field serves it. The caller's
 * read scope is part of the WHERE clause: a record they may not read is never named, not even as
 * a count. Deleted records and the record itself are left out.
 */

/** How many matches one answer names at most: enough to act on, small enough to show. */
export const MAX_DUPLICATES = 10;

export interface DuplicateMatch {
  id: string;
  /** The record's title (the entity's display field), or null when it has none or it is hidden. */
  display: string | null;
  matchedOn: string[];
}

export interface DuplicateQuery {
  table: string;
  /** The caller's read scope over `table`. */
  readable: { sql: string; bindings: readonly Knex.Value[] };
  keys: readonly DuplicateKey[];
  /** The display field, when the caller may read it. */
  display: string | null;
  /** The record itself. */
  excludeId: string;
}

function displayText(value: unknown): string | null {
  if (value === null || value === undefined || value === '') return null;
  return typeof value === 'object' ? JSON.stringify(value) : String(value as string | number | boolean);
}

export async function findDuplicateRecords(db: Knex, query: DuplicateQuery): Promise<DuplicateMatch[]> {
  if (query.keys.length === 0) return [];
  const fields = [...new Set(query.keys.map((k) => k.field))];
  const columns = ['id', ...new Set([...fields, ...(query.display ? [query.display] : [])])];
  const rows: Array<Record<string, unknown>> = await db(query.table)
    .select(columns)
    .whereNull('deleted_at')
    .whereNot('id', query.excludeId)
    .whereRaw(query.readable.sql, [...query.readable.bindings])
    .where((any) => {
      for (const key of query.keys) any.orWhere(key.field, key.value);
    })
    .orderBy('created_at')
    .orderBy('id')
    .limit(MAX_DUPLICATES);
  return rows.map((row) => ({
    id: String(row['id']),
    display: query.display ? displayText(row[query.display]) : null,
    matchedOn: query.keys.filter((k) => row[k.field] === k.value).map((k) => k.field),
  }));
}

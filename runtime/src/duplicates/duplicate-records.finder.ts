import type { Knex } from 'knex';
import { keyCondition, type DuplicateKey } from './duplicate-keys.rules.js';

/*
 * Records that share a key with a record just written: one query, each key an AND of its fields
 * (stored values compared by equality, text through lower()), the keys joined by OR. E-mail and
 * phone keys and relation parts compare the plain column, which an index on the field serves. The
 * caller's read scope is part of the WHERE clause: a record they may not read is never named, not
 * even as a count. Deleted records and the record itself are left out.
 */

/** How many matches one answer names at most: enough to act on, small enough to show. */
export const MAX_DUPLICATES = 10;

export interface DuplicateMatch {
  id: string;
  /** The record's title (the entity's display field), or null when it has none or it is hidden. */
  display: string | null;
  /** The fields of every key the record matched on. */
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
  const columns = ['id', ...(query.display ? [query.display] : [])];
  // Which keys a row matched is asked of the database too: it compares the stored types (dates,
  // numbers) exactly as the WHERE clause did.
  const conditions = query.keys.map(keyCondition);
  const matched = conditions.map((c, i) => db.raw(`${c.sql} AS ??`, [...c.bindings, `_key_${i}`]));
  const rows: Array<Record<string, unknown>> = await db(query.table)
    .select([...columns, ...matched])
    .whereNull('deleted_at')
    .whereNot('id', query.excludeId)
    .whereRaw(query.readable.sql, [...query.readable.bindings])
    .where((any) => {
      for (const c of conditions) any.orWhereRaw(c.sql, c.bindings);
    })
    .orderBy('created_at')
    .orderBy('id')
    .limit(MAX_DUPLICATES);
  return rows.map((row) => ({
    id: String(row['id']),
    display: query.display ? displayText(row[query.display]) : null,
    matchedOn: [...new Set(query.keys.filter((_, i) => row[`_key_${i}`] === true).flatMap((k) => k.parts.map((p) => p.field)))],
  }));
}

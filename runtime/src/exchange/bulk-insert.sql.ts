import type { Knex } from 'knex';
import { checkedSqlType } from '../storage/entity-table.ddl.js';

/*
 * Many rows in one INSERT with one bound value per COLUMN, not per cell:
 *
 *   INSERT INTO t (a, b) SELECT u.a::uuid, u.b::numeric FROM unnest(?::text[], ?::text[]) AS u(a, b)
 *
 * Each column travels as a text array and is cast to its column's type on the server. Against a
 * VALUES list of rows x columns placeholders this saves most of the work of building, sending and
 * parsing the statement, which is what a bulk import spends its time on.
 */

export interface BulkColumn {
  name: string;
  sqlType: string;
}

/** A PostgreSQL array literal; null elements are NULL, every other element is quoted. */
export function textArrayLiteral(values: ReadonlyArray<string | null>): string {
  return `{${values.map((v) => (v === null ? 'NULL' : `"${v.replace(/[\\"]/g, '\\$&')}"`)).join(',')}}`;
}

/** A value as the text its column's type reads; lists (text[] columns) as array literals. */
function asText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return textArrayLiteral(value.map(asText));
  return JSON.stringify(value);
}

export async function bulkInsert(
  trx: Knex,
  table: string,
  columns: readonly BulkColumn[],
  rows: ReadonlyArray<Readonly<Record<string, unknown>>>,
  returning: readonly string[],
): Promise<Array<Record<string, unknown>>> {
  if (rows.length === 0) return [];
  const aliases = columns.map((_, i) => `c${i}`);
  const select = columns.map((c) => `??::${checkedSqlType(c.sqlType)}`).join(', ');
  const arrays = columns.map(() => '?::text[]').join(', ');
  const back = returning.length > 0 ? ` RETURNING ${returning.map(() => '??').join(', ')}` : '';
  const sql = `INSERT INTO ?? (${columns.map(() => '??').join(', ')}) SELECT ${select} FROM unnest(${arrays}) AS u(${aliases.map(() => '??').join(', ')})${back}`;
  const bindings: Knex.Value[] = [
    table,
    ...columns.map((c) => c.name),
    ...aliases.map((a) => `u.${a}`),
    ...columns.map((c) => textArrayLiteral(rows.map((row) => asText(row[c.name])))),
    ...aliases,
    ...returning,
  ];
  const result: { rows: Array<Record<string, unknown>> } = await trx.raw(sql, bindings);
  return result.rows;
}

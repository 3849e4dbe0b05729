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
 *
 * The arrays are built column by column straight from the rows (or from a column's own `value`
 * reader), one string per column: no per-row object, no per-cell array, and a cell is escaped only
 * when it holds a quote or a backslash (an import of 100,000 rows builds about a million cells).
 */

export interface BulkColumn {
  name: string;
  sqlType: string;
}

const ESCAPED = /[\\"]/g;

function quoted(value: string): string {
  return value.includes('"') || value.includes('\\') ? `"${value.replace(ESCAPED, '\\$&')}"` : `"${value}"`;
}

/** A PostgreSQL array literal; null elements are NULL, every other element is quoted. */
export function textArrayLiteral(values: ReadonlyArray<string | null>): string {
  let out = '{';
  for (let i = 0; i < values.length; i += 1) {
    const value = values[i];
    if (i > 0) out += ',';
    out += value === null || value === undefined ? 'NULL' : quoted(value);
  }
  return `${out}}`;
}

/** A value as the text its column's type reads; lists (text[] columns) as array literals. */
function asText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return textArrayLiteral(value.map(asText));
  return JSON.stringify(value);
}

/** The array literal of one column: `read(row)` for every row, as text. */
export function columnLiteral<Row>(rows: readonly Row[], read: (row: Row) => unknown): string {
  let out = '{';
  for (let i = 0; i < rows.length; i += 1) {
    const text = asText(read(rows[i] as Row));
    if (i > 0) out += ',';
    out += text === null ? 'NULL' : quoted(text);
  }
  return `${out}}`;
}

/** A column whose cells `value` reads from each row (instead of `row[name]`). */
export interface BulkValueColumn<Row> extends BulkColumn {
  value: (row: Row) => unknown;
}

export async function bulkInsert(
  trx: Knex,
  table: string,
  columns: readonly BulkColumn[],
  rows: ReadonlyArray<Readonly<Record<string, unknown>>>,
  returning: readonly string[],
): Promise<Array<Record<string, unknown>>> {
  return bulkInsertFrom(
    trx,
    table,
    columns.map((c) => ({ ...c, value: (row: Readonly<Record<string, unknown>>) => row[c.name] })),
    rows,
    returning,
  );
}

/** bulkInsert with each column's cells read by its `value` from rows of any shape. */
export async function bulkInsertFrom<Row>(
  trx: Knex,
  table: string,
  columns: ReadonlyArray<BulkValueColumn<Row>>,
  rows: readonly Row[],
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
    ...columns.map((c) => columnLiteral(rows, c.value)),
    ...aliases,
    ...returning,
  ];
  const result: { rows: Array<Record<string, unknown>> } = await trx.raw(sql, bindings);
  return result.rows;
}

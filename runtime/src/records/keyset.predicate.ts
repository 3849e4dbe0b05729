import type { Knex } from 'knex';
import { checkedSqlType } from '../storage/entity-table.ddl.js';
import type { SortDirection } from './list-sort.parser.js';

/*
 * Keyset paging over any sort: ORDER BY the keys with the id last, and "after the cursor row" as
 * the lexicographic expansion (k1 after c1) OR (k1 = c1 AND k2 after c2) OR ... . NULLs sort as the
 * largest value (PostgreSQL's default: last ascending, first descending), spelled out in ORDER BY
 * so the predicate and the order always agree. Cursor values arrive as text and are cast back to
 * the column's type, so comparisons are exact.
 */

export interface KeysetColumn {
  /** Qualified column, e.g. rec_deal.amount; bound with ?? so it is always quoted. */
  column: string;
  dir: SortDirection;
  sqlType: string;
  /** The column can never be NULL (id, version, created_at, updated_at): no NULL branch, so an index can range-scan. */
  notNull?: boolean;
}

export interface SqlFragment {
  sql: string;
  bindings: Knex.Value[];
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function listBinding(values: readonly unknown[]): Knex.Value {
  if (values.every((v): v is string => typeof v === 'string')) return [...values];
  if (values.every((v): v is number => typeof v === 'number')) return [...values];
  if (values.every((v): v is boolean => typeof v === 'boolean')) return [...values];
  return values.map((v) => (typeof v === 'string' ? v : JSON.stringify(v)));
}

/** A value from elsewhere (the condition compiler) as a query binding. */
export function asBinding(value: unknown): Knex.Value {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (value instanceof Date) return value;
  if (Array.isArray(value)) return listBinding(value);
  if (isPlainObject(value)) return value;
  return String(value);
}

export function orderBy(columns: readonly KeysetColumn[]): SqlFragment {
  return {
    sql: columns.map((c) => (c.dir === 'asc' ? '?? ASC NULLS LAST' : '?? DESC NULLS FIRST')).join(', '),
    bindings: columns.map((c) => c.column),
  };
}

function equal(column: KeysetColumn, value: string | null): SqlFragment {
  if (value === null) return { sql: '?? IS NULL', bindings: [column.column] };
  return { sql: `?? = CAST(? AS ${checkedSqlType(column.sqlType)})`, bindings: [column.column, value] };
}

/** Rows after `value` in this key alone; null when no row can be (ascending, cursor at NULL). */
function after(column: KeysetColumn, value: string | null): SqlFragment | null {
  const type = checkedSqlType(column.sqlType);
  if (column.dir === 'asc') {
    if (value === null) return null;
    if (column.notNull) return { sql: `?? > CAST(? AS ${type})`, bindings: [column.column, value] };
    return { sql: `(?? > CAST(? AS ${type}) OR ?? IS NULL)`, bindings: [column.column, value, column.column] };
  }
  if (value === null) return { sql: '?? IS NOT NULL', bindings: [column.column] };
  return { sql: `?? < CAST(? AS ${type})`, bindings: [column.column, value] };
}

/** WHERE fragment selecting the rows after the cursor row; `values` has one entry per column. */
export function keysetAfter(columns: readonly KeysetColumn[], values: ReadonlyArray<string | null>): SqlFragment {
  if (values.length !== columns.length) throw new Error('cursor values do not match the sort keys');
  const branches: SqlFragment[] = [];
  columns.forEach((column, index) => {
    const tail = after(column, values[index] ?? null);
    if (!tail) return;
    const prefix = columns.slice(0, index).map((c, j) => equal(c, values[j] ?? null));
    const parts = [...prefix, tail];
    branches.push({ sql: parts.map((p) => p.sql).join(' AND '), bindings: parts.flatMap((p) => p.bindings) });
  });
  if (branches.length === 0) return { sql: 'FALSE', bindings: [] };
  return { sql: `(${branches.map((b) => `(${b.sql})`).join(' OR ')})`, bindings: branches.flatMap((b) => b.bindings) };
}

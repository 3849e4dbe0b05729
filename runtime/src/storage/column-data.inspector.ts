import type { Knex } from 'knex';

/*
 * Read-only questions publishing asks about existing data before it changes a column, so a refusal
 * can name the problem (a duplicated value, a value that is not an option, how many records) instead
 * of surfacing PostgreSQL's error.
 */

export interface ValueSample {
  /** One offending value, as text. */
  example: string;
  /** How many records have an offending value. */
  count: number;
}

function toCount(value: unknown): number {
  return Number(value ?? 0);
}

export async function countRows(trx: Knex.Transaction, table: string): Promise<number> {
  const row: { count?: unknown } | undefined = await trx(table).count({ count: '*' }).first();
  return toCount(row?.count);
}

/** Records not deleted with no value in the column. */
export async function countEmpty(trx: Knex.Transaction, table: string, column: string): Promise<number> {
  const row: { count?: unknown } | undefined = await trx(table).whereNull('deleted_at').whereNull(column).count({ count: '*' }).first();
  return toCount(row?.count);
}

/** A value held by more than one record not deleted, with how many hold it; null when there is none. */
export async function findDuplicate(trx: Knex.Transaction, table: string, column: string): Promise<ValueSample | null> {
  const row: { value?: unknown; count?: unknown } | undefined = await trx(table)
    .select(trx.raw('??::text AS value', [column]))
    .count({ count: '*' })
    .whereNull('deleted_at')
    .whereNotNull(column)
    .groupBy(column)
    .havingRaw('count(*) > 1')
    .orderByRaw('count(*) DESC')
    .first();
  return row ? { example: String(row.value), count: toCount(row.count) } : null;
}

async function sample(query: Knex.QueryBuilder, trx: Knex.Transaction, column: string): Promise<ValueSample | null> {
  const counted: { count?: unknown } | undefined = await query.clone().count({ count: '*' }).first();
  const count = toCount(counted?.count);
  if (count === 0) return null;
  const first: { value: unknown } | undefined = await query.clone().first(trx.raw('??::text AS value', [column]));
  return { example: String(first?.value), count };
}

/** Records (deleted ones too: a type change converts every row) whose value is not one of `allowed`. */
export async function findValueOutside(
  trx: Knex.Transaction,
  table: string,
  column: string,
  allowed: readonly string[],
): Promise<ValueSample | null> {
  const query = trx(table).whereNotNull(column);
  if (allowed.length > 0) query.whereNotIn(column, [...allowed]);
  return sample(query, trx, column);
}

/** Records (deleted ones too) whose value does not match a PostgreSQL regular expression. */
export async function findValueNotMatching(
  trx: Knex.Transaction,
  table: string,
  column: string,
  pattern: string,
): Promise<ValueSample | null> {
  return sample(trx(table).whereNotNull(column).whereRaw('?? !~ ?', [column, pattern]), trx, column);
}

/** Per value, how many records not deleted still hold it (for a single or a multi-valued enum column). */
export async function countValueUse(
  trx: Knex.Transaction,
  table: string,
  column: string,
  values: readonly string[],
  multiple: boolean,
): Promise<Array<{ value: string; count: number }>> {
  if (values.length === 0) return [];
  const rows: Array<{ value: unknown; count: unknown }> = multiple
    ? await trx
        .from(trx(table).whereNull('deleted_at').select(trx.raw('unnest(??) AS value', [column])).as('v'))
        .select('value')
        .count({ count: '*' })
        .whereIn('value', [...values])
        .groupBy('value')
        .orderBy('value')
    : await trx(table)
        .select({ value: column })
        .count({ count: '*' })
        .whereNull('deleted_at')
        .whereIn(column, [...values])
        .groupBy(column)
        .orderBy(column);
  return rows.map((r) => ({ value: String(r.value), count: toCount(r.count) }));
}

import type { Knex } from 'knex';
import { KEY_VALUE_JOIN, keyMatchFields } from '../duplicates/index.js';
import { checkedSqlType } from '../storage/entity-table.ddl.js';
import type { ImportContext, MatchKey, PreparedRow } from './import.types.js';

/*
 * Records already in the database that rows of a batch duplicate: ONE query per batch, every
 * match field compared with `= ANY(<the batch's values>)` (values are in their stored form: phones
 * in E.164 and e-mails in lower case, as validation left them). Only records the caller may read
 * count: a record they cannot see must not change what happens to their row, or an import would
 * tell them it exists. (A unique field still refuses a second record with its value; that refusal
 * is the same one the records API gives.)
 */

/** A PostgreSQL array literal of the values, each quoted, for `= ANY(CAST(? AS type[]))`. */
export function pgArrayLiteral(values: ReadonlyArray<string | number>): string {
  return `{${values.map((v) => `"${String(v).replace(/[\\"]/g, '\\$&')}"`).join(',')}}`;
}

function sqlTypeOf(ctx: ImportContext, field: string): string {
  if (field === 'id') return 'uuid';
  const column = ctx.model.column(field);
  if (!column) throw new Error(`match field ${field} has no column`);
  return checkedSqlType(column.sqlType);
}

/**
 * A configured duplicate key ("company+title") as one text expression, built like the rows' key
 * values (import-row.preparer): text fields lower-cased, the values joined by KEY_VALUE_JOIN. NULL
 * when a field is empty, so such records match nothing.
 */
function configuredKeySql(ctx: ImportContext, name: string): { name: string; expression: string; bindings: string[] } {
  const parts: string[] = [];
  const bindings: string[] = [];
  for (const field of keyMatchFields(name)) {
    parts.push(ctx.model.field(field)?.type === 'text' ? 'lower(CAST(?? AS text))' : 'CAST(?? AS text)');
    bindings.push(field);
  }
  // `||` keeps a NULL part NULL (concat_ws would skip it and match a shorter key).
  return { name, expression: `(${parts.join(` || '${KEY_VALUE_JOIN}' || `)})`, bindings };
}

/** Key text -> ids of the readable, live records holding that value. */
export async function findExistingRecords(db: Knex, ctx: ImportContext, match: readonly string[], rows: readonly PreparedRow[]): Promise<Map<string, string[]>> {
  const found = new Map<string, string[]>();
  const byField = new Map<string, Set<string | number>>();
  for (const row of rows) {
    for (const key of row.keys) {
      const set = byField.get(key.field) ?? new Set();
      set.add(key.value);
      byField.set(key.field, set);
    }
  }
  if (byField.size === 0) return found;
  const fields = match.filter((f) => byField.has(f) && keyMatchFields(f).length === 1);
  const configured = match.filter((f) => byField.has(f) && keyMatchFields(f).length > 1).map((name) => configuredKeySql(ctx, name));
  const readable = ctx.access.recordFilter('read', ctx.model.table);
  const query = db(ctx.model.table)
    .select(['id', ...fields.filter((f) => f !== 'id'), ...configured.map((k, i) => db.raw(`${k.expression} AS ??`, [...k.bindings, `_key_${i}`]))])
    .whereNull('deleted_at')
    .whereRaw(readable.sql, readable.bindings)
    .where((any) => {
      for (const field of fields) any.orWhereRaw(`?? = ANY(CAST(? AS ${sqlTypeOf(ctx, field)}[]))`, [field, pgArrayLiteral([...(byField.get(field) ?? [])])]);
      for (const k of configured) any.orWhereRaw(`${k.expression} = ANY(CAST(? AS text[]))`, [...k.bindings, pgArrayLiteral([...(byField.get(k.name) ?? [])])]);
    });
  const records: Array<Record<string, unknown>> = await query;
  for (const record of records) {
    const id = String(record['id']);
    configured.forEach((k, i) => {
      const value = record[`_key_${i}`];
      if (typeof value !== 'string') return;
      const text = `${k.name}\u0000${value}`;
      found.set(text, [...(found.get(text) ?? []), id]);
    });
    for (const field of fields) {
      const value = record[field];
      if (typeof value !== 'string' && typeof value !== 'number') continue;
      const text = `${field}\u0000${String(value)}`;
      const ids = found.get(text) ?? [];
      ids.push(id);
      found.set(text, ids);
    }
  }
  return found;
}

/** The first key of `keys` that `known` holds. */
export function firstMatchingKey(keys: readonly MatchKey[], known: (text: string) => boolean): MatchKey | undefined {
  return keys.find((k) => known(k.text));
}

import type { Knex } from 'knex';
import { BadRequestError, type AppError } from '../errors/index.js';
import { SEARCH_COLUMN } from '../storage/storage.naming.js';
import { decodeCursor, encodeCursor } from './cursor.codec.js';
import { keysetAfter, orderBy, type KeysetColumn } from './keyset.predicate.js';
import { compileListFilter, type FilterContext } from './list-filter.compiler.js';
import type { DeletedMode, ListQuery } from './list-query.parser.js';
import { sortSignature, type SortKey } from './list-sort.parser.js';
import type { RecordEntityModel } from './record-entity.model.js';
import { recordColumns, toStoredRecord } from './record-row.mapper.js';
import { withLinks } from './record.repository.js';
import type { StoredRecord } from './record.types.js';

/*
 * GET /api/records/:entity as SQL: deleted mode, filter, full-text `q`, then keyset paging over the
 * sort keys with the id as the final tiebreak. One row more than the page is read to know whether
 * another page follows. `count` counts every match, ignoring the cursor.
 */

export interface ListPage {
  data: StoredRecord[];
  nextCursor: string | null;
  total?: number;
}

const SYSTEM_SORT_TYPES: Readonly<Record<string, string>> = {
  id: 'uuid',
  version: 'integer',
  owner: 'uuid',
  created_at: 'timestamptz',
  created_by: 'uuid',
  updated_at: 'timestamptz',
  updated_by: 'uuid',
  deleted_at: 'timestamptz',
};

/** Lists, files and to-many relations have no single value to order by. */
const UNSORTABLE_TYPES = new Set(['jsonb', 'text[]']);

const DEFAULT_SORT: readonly SortKey[] = [{ field: 'created_at', dir: 'desc' }];
const ID_TIEBREAK: SortKey = { field: 'id', dir: 'asc' };

function badSortField(field: string, reason: string): AppError {
  const message = `Cannot sort by "${field}": ${reason}.`;
  return BadRequestError.create(message, [{ field: 'sort', code: 'UNKNOWN_FIELD', sortField: field, message, message_ru: `Нельзя сортировать по «${field}».` }]);
}

function sqlTypeForSort(model: RecordEntityModel, field: string): string {
  const system = SYSTEM_SORT_TYPES[field];
  if (system) return system;
  const column = model.column(field);
  if (!column) {
    throw badSortField(field, model.field(field) ? 'it is not stored in a column of its own' : `${model.name} has no such field`);
  }
  if (UNSORTABLE_TYPES.has(column.sqlType)) throw badSortField(field, 'it holds a list or a file');
  return column.sqlType;
}

/** The sort keys checked against the entity, with the id appended as the tiebreak that makes the order total. */
export function sortColumns(model: RecordEntityModel, keys: readonly SortKey[]): { keys: SortKey[]; columns: KeysetColumn[] } {
  const given = keys.length > 0 ? [...keys] : [...DEFAULT_SORT];
  const complete = given.some((k) => k.field === 'id') ? given : [...given, ID_TIEBREAK];
  return {
    keys: complete,
    columns: complete.map((k) => ({ column: `${model.table}.${k.field}`, dir: k.dir, sqlType: sqlTypeForSort(model, k.field) })),
  };
}

function applyDeleted(query: Knex.QueryBuilder, model: RecordEntityModel, mode: DeletedMode): void {
  if (mode === 'exclude') query.whereNull(`${model.table}.deleted_at`);
  if (mode === 'only') query.whereNotNull(`${model.table}.deleted_at`);
}

function applySearch(query: Knex.QueryBuilder, model: RecordEntityModel, q: string): void {
  if (!model.searchable) {
    const message = `Records of ${model.name} cannot be searched: the entity lists no search fields.`;
    throw BadRequestError.create(message, [{ field: 'q', code: 'NOT_SEARCHABLE', message, message_ru: `По записям «${model.name}» нет полнотекстового поиска.` }]);
  }
  // Both stemmers, as the column is built: "сделки" finds "сделка", "deals" finds "deal".
  query.whereRaw(`?? @@ (websearch_to_tsquery('russian', ?) || websearch_to_tsquery('english', ?))`, [`${model.table}.${SEARCH_COLUMN}`, q, q]);
}

const KEY_ALIAS = '__key_';

export async function listRecords(db: Knex, model: RecordEntityModel, list: ListQuery, ctx: FilterContext): Promise<ListPage> {
  const { keys, columns } = sortColumns(model, list.sort);
  const signature = sortSignature(keys);
  const cursor = list.cursor === null ? null : decodeCursor(list.cursor, signature);
  if (cursor && cursor.values.length !== columns.length) throw BadRequestError.create('The cursor does not fit this sort.');

  const base = db(model.table);
  applyDeleted(base, model, list.deleted);
  const filter = compileListFilter(model, list.filter, ctx);
  if (filter) base.whereRaw(filter.sql, filter.bindings);
  if (list.q !== null) applySearch(base, model, list.q);

  let total: number | undefined;
  if (list.count) {
    const counted: { count?: unknown } | undefined = await base.clone().count({ count: '*' }).first();
    total = Number(counted?.count ?? 0);
  }

  const page = base
    .clone()
    .select(recordColumns(model).map((c) => `${model.table}.${c}`))
    // Key values as PostgreSQL prints them, for the cursor: exact, whatever the column type.
    .select(columns.map((c, i) => db.raw('??::text AS ??', [c.column, `${KEY_ALIAS}${i}`])));
  if (cursor) {
    const after = keysetAfter(columns, cursor.values);
    page.whereRaw(after.sql, after.bindings);
  }
  const order = orderBy(columns);
  const rows: Array<Record<string, unknown>> = await page.orderByRaw(order.sql, order.bindings).limit(list.limit + 1);

  const hasMore = rows.length > list.limit;
  const pageRows = rows.slice(0, list.limit);
  const last = pageRows[pageRows.length - 1];
  const nextCursor =
    hasMore && last
      ? encodeCursor({
          sort: signature,
          values: columns.map((_, i) => {
            const value = last[`${KEY_ALIAS}${i}`];
            return value === null || value === undefined ? null : String(value);
          }),
        })
      : null;
  const data = await withLinks(
    db,
    model,
    pageRows.map((row) => toStoredRecord(model, row)),
  );
  return total === undefined ? { data, nextCursor } : { data, nextCursor, total };
}

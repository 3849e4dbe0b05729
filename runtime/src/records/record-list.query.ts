import type { Knex } from 'knex';
import type { EntityAccess } from '../access/index.js';
import { BadRequestError, type AppError } from '../errors/index.js';
import { fieldStorage, searchCastFor } from '../storage/field-storage.mapping.js';
import { searchExpression, type SearchTerm } from '../storage/search-column.ddl.js';
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
 * GET /api/records/:entity as SQL: read scope, deleted mode, filter, full-text `q`, then keyset
 * paging over the sort keys with the id as the final tiebreak. One row more than the page is read to
 * know whether another page follows. `count` counts every match, ignoring the cursor.
 *
 * Access lives in the query itself: the caller's read scope is part of the WHERE (never a page
 * filtered after reading), a hidden field cannot be sorted on (the same error as a field that does
 * not exist, so cursors only ever carry visible values), and `q` never matches through a hidden
 * search field (the indexed `_search` narrows, then a vector of the visible search fields decides).
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

function sqlTypeForSort(model: RecordEntityModel, field: string, access: EntityAccess): string {
  const system = SYSTEM_SORT_TYPES[field];
  if (system) return system;
  if (!access.isFieldVisible(field)) throw badSortField(field, `${model.name} has no such field`);
  const column = model.column(field);
  if (!column) {
    throw badSortField(field, model.field(field) ? 'it is not stored in a column of its own' : `${model.name} has no such field`);
  }
  if (UNSORTABLE_TYPES.has(column.sqlType)) throw badSortField(field, 'it holds a list or a file');
  return column.sqlType;
}

/** The sort keys checked against the entity, with the id appended as the tiebreak that makes the order total. */
/** System columns the record table declares NOT NULL. */
const NOT_NULL_SYSTEM_COLUMNS: ReadonlySet<string> = new Set(['id', 'version', 'created_at', 'updated_at']);

export function sortColumns(model: RecordEntityModel, keys: readonly SortKey[], access: EntityAccess): { keys: SortKey[]; columns: KeysetColumn[] } {
  const given = keys.length > 0 ? [...keys] : [...DEFAULT_SORT];
  const complete = given.some((k) => k.field === 'id') ? given : [...given, ID_TIEBREAK];
  return {
    keys: complete,
    columns: complete.map((k) => ({ column: `${model.table}.${k.field}`, dir: k.dir, sqlType: sqlTypeForSort(model, k.field, access), notNull: NOT_NULL_SYSTEM_COLUMNS.has(k.field) })),
  };
}

function applyDeleted(query: Knex.QueryBuilder, model: RecordEntityModel, mode: DeletedMode): void {
  if (mode === 'exclude') query.whereNull(`${model.table}.deleted_at`);
  if (mode === 'only') query.whereNotNull(`${model.table}.deleted_at`);
}

/** The search fields as the `_search` column is built from them (definitions/schema.differ.ts). */
function searchTerms(model: RecordEntityModel): Array<SearchTerm & { field: string }> {
  return (model.entity.search ?? []).flatMap((name) => {
    const field = model.field(name);
    if (!field) return [];
    const storage = fieldStorage(field);
    const cast = searchCastFor(field);
    if (storage.kind !== 'column' || cast === null) return [];
    return [{ field: name, column: `${model.table}.${name}`, cast }];
  });
}

function applySearch(query: Knex.QueryBuilder, model: RecordEntityModel, q: string, access: EntityAccess): void {
  if (!model.searchable) {
    const message = `Records of ${model.name} cannot be searched: the entity lists no search fields.`;
    throw BadRequestError.create(message, [{ field: 'q', code: 'NOT_SEARCHABLE', message, message_ru: `По записям «${model.name}» нет полнотекстового поиска.` }]);
  }
  // Both stemmers, as the column is built: "сделки" finds "сделка", "deals" finds "deal".
  const tsquery = `(websearch_to_tsquery('russian', ?) || websearch_to_tsquery('english', ?))`;
  query.whereRaw(`?? @@ ${tsquery}`, [`${model.table}.${SEARCH_COLUMN}`, q, q]);
  const terms = searchTerms(model);
  const visible = terms.filter((t) => access.isFieldVisible(t.field));
  if (visible.length === terms.length) return;
  if (visible.length === 0) {
    query.whereRaw('FALSE');
    return;
  }
  // Some search field is hidden from the caller: the match must come from the visible ones alone.
  const expression = searchExpression(visible);
  query.whereRaw(`(${expression.sql}) @@ ${tsquery}`, [...expression.bindings, q, q]);
}

const KEY_ALIAS = '__key_';

export async function listRecords(db: Knex, model: RecordEntityModel, list: ListQuery, ctx: FilterContext): Promise<ListPage> {
  const access = ctx.policy.entity(model.name);
  const { keys, columns } = sortColumns(model, list.sort, access);
  const signature = sortSignature(keys);
  const cursor = list.cursor === null ? null : decodeCursor(list.cursor, signature, columns.map((c) => c.sqlType));
  if (cursor && cursor.values.length !== columns.length) throw BadRequestError.create('The cursor does not fit this sort.');

  const base = db(model.table);
  const readable = access.recordFilter('read', model.table);
  base.whereRaw(readable.sql, readable.bindings);
  applyDeleted(base, model, list.deleted);
  const filter = compileListFilter(model, list.filter, ctx);
  if (filter) base.whereRaw(filter.sql, filter.bindings);
  if (list.q !== null) applySearch(base, model, list.q, access);

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

import type { Knex } from 'knex';
import type { LinkField, RecordEntityModel } from './record-entity.model.js';
import { recordColumns, toColumnValues, toStoredRecord } from './record-row.mapper.js';
import type { RecordValues, StoredRecord } from './record.types.js';

/*
 * SQL on record tables and link tables. `db` is whatever handle the caller holds: inside a write it
 * is the write's transaction (PGlite has one connection, so a second handle would wait forever).
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids in URLs are checked before they reach SQL, where a malformed uuid is a server error. */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/** A WHERE fragment over the record table (an access policy's record filter). */
export interface RowFilter {
  sql: string;
  bindings: Knex.Value[];
}

export interface FindOptions {
  includeDeleted?: boolean;
  /** Lock the row for the rest of the transaction, so concurrent writers queue behind this one. */
  forUpdate?: boolean;
  /** Only a row this filter selects counts as found (the caller's read scope). */
  filter?: RowFilter;
}

const CHECK_ALIAS = '__check_';

/**
 * The record and, in the same query, whether each of `checks` holds for it (say, "the caller may
 * read it" and "may update it"), so a locked row and the decisions about it can never disagree.
 */
export async function findRecordChecked<K extends string>(
  db: Knex,
  model: RecordEntityModel,
  id: string,
  checks: Readonly<Record<K, RowFilter>>,
  options: FindOptions = {},
): Promise<{ record: StoredRecord; passes: (check: K) => boolean } | null> {
  if (!isUuid(id)) return null;
  const query = db(model.table).select(recordColumns(model)).where('id', id);
  const names = Object.keys(checks).filter((name): name is K => name in checks);
  names.forEach((name, i) => {
    const check = checks[name];
    query.select(db.raw(`COALESCE((${check.sql}), FALSE) AS ??`, [...check.bindings, `${CHECK_ALIAS}${i}`]));
  });
  if (options.filter) query.whereRaw(options.filter.sql, options.filter.bindings);
  if (!options.includeDeleted) query.whereNull('deleted_at');
  if (options.forUpdate) query.forUpdate();
  const row: Record<string, unknown> | undefined = await query.first();
  if (!row) return null;
  const [record] = await withLinks(db, model, [toStoredRecord(model, row)]);
  if (!record) return null;
  const passed = new Set(names.filter((_, i) => row[`${CHECK_ALIAS}${i}`] === true));
  return { record, passes: (check) => passed.has(check) };
}

export async function findRecord(db: Knex, model: RecordEntityModel, id: string, options: FindOptions = {}): Promise<StoredRecord | null> {
  if (!isUuid(id)) return null;
  const query = db(model.table).select(recordColumns(model)).where('id', id);
  if (options.filter) query.whereRaw(options.filter.sql, options.filter.bindings);
  if (!options.includeDeleted) query.whereNull('deleted_at');
  if (options.forUpdate) query.forUpdate();
  const row: Record<string, unknown> | undefined = await query.first();
  if (!row) return null;
  const [record] = await withLinks(db, model, [toStoredRecord(model, row)]);
  return record ?? null;
}

/** Records by id that are not deleted (and that `filter` selects), in no particular order. */
export async function findLiveRecords(db: Knex, model: RecordEntityModel, ids: readonly string[], filter?: RowFilter): Promise<StoredRecord[]> {
  if (ids.length === 0) return [];
  const query = db(model.table).select(recordColumns(model)).whereIn('id', [...ids]).whereNull('deleted_at');
  if (filter) query.whereRaw(filter.sql, filter.bindings);
  const rows: Array<Record<string, unknown>> = await query;
  return withLinks(
    db,
    model,
    rows.map((row) => toStoredRecord(model, row)),
  );
}

/** Records not deleted whose `column` holds one of `values` (the to-many side of a relation), oldest first. */
export async function findLiveRecordsWhereIn(
  db: Knex,
  model: RecordEntityModel,
  column: string,
  values: readonly string[],
  filter?: RowFilter,
): Promise<StoredRecord[]> {
  if (values.length === 0) return [];
  const query = db(model.table).select(recordColumns(model)).whereIn(column, [...values]).whereNull('deleted_at');
  if (filter) query.whereRaw(filter.sql, filter.bindings);
  const rows: Array<Record<string, unknown>> = await query.orderBy([{ column: 'created_at' }, { column: 'id' }]);
  return withLinks(
    db,
    model,
    rows.map((row) => toStoredRecord(model, row)),
  );
}

export interface WriteStamp {
  /** The person recorded in created_by / updated_by; null for system writes. */
  userId: string | null;
}

/** Inserts the record and hands back the stored row (to-many links not yet filled: see withLinks). */
export async function insertRecord(trx: Knex, model: RecordEntityModel, values: RecordValues, stamp: WriteStamp): Promise<StoredRecord> {
  const columns = toColumnValues(model, values, ['owner', ...model.columns.map((c) => c.column)]);
  // RETURNING the stored columns saves reading the row back (the same type parsers apply).
  const [row]: Array<Record<string, unknown>> = await trx(model.table)
    .insert({ ...columns, created_by: stamp.userId, updated_by: stamp.userId })
    .returning(recordColumns(model));
  if (!row) throw new Error(`insert into ${model.table} returned no row`);
  return toStoredRecord(model, row);
}

/**
 * The UPDATE that sets the given columns and bumps the version, but only if the row still has
 * `expectedVersion` (of two writers that read the same version, exactly one matches) and meets
 * every `only` condition (say, "the caller may update it"), returning the stored row; not sent (an
 * update sends it with its history: record-save.statement.ts).
 */
export function updateRowQuery(
  db: Knex,
  model: RecordEntityModel,
  id: string,
  expectedVersion: number,
  columns: Record<string, unknown>,
  stamp: WriteStamp,
  only: readonly RowFilter[] = [],
): Knex.QueryBuilder {
  const query = db(model.table).where({ id, version: expectedVersion });
  for (const filter of only) query.whereRaw(`COALESCE((${filter.sql}), FALSE)`, filter.bindings);
  return query.update({ ...columns, version: db.raw('version + 1'), updated_at: db.fn.now(), updated_by: stamp.userId }).returning(recordColumns(model));
}

/** updateRowQuery sent: the stored row (links not filled), or null when the version did not match. */
async function updateRecordReturning(
  trx: Knex,
  model: RecordEntityModel,
  id: string,
  expectedVersion: number,
  columns: Record<string, unknown>,
  stamp: WriteStamp,
): Promise<StoredRecord | null> {
  const [row]: Array<Record<string, unknown>> = await updateRowQuery(trx, model, id, expectedVersion, columns, stamp);
  return row ? toStoredRecord(model, row) : null;
}

export async function setDeletedVersioned(
  trx: Knex,
  model: RecordEntityModel,
  id: string,
  expectedVersion: number,
  deleted: boolean,
  stamp: WriteStamp,
): Promise<boolean> {
  return (await updateRecordReturning(trx, model, id, expectedVersion, { deleted_at: deleted ? trx.fn.now() : null }, stamp)) !== null;
}

/** Ids linked from each source through a many-to-many field, sorted so equal sets print equal. */
export async function loadLinkIds(db: Knex, link: LinkField, sourceIds: readonly string[]): Promise<Map<string, string[]>> {
  const bySource = new Map<string, string[]>();
  if (sourceIds.length === 0) return bySource;
  const rows: Array<{ source_id: string; target_id: string }> = await db(link.table)
    .select('source_id', 'target_id')
    .whereIn('source_id', [...sourceIds])
    .orderBy(['source_id', 'target_id']);
  for (const row of rows) {
    const list = bySource.get(row.source_id) ?? [];
    list.push(row.target_id);
    bySource.set(row.source_id, list);
  }
  return bySource;
}

/** Records with each many-to-many field filled in as the list of linked ids. */
export async function withLinks(db: Knex, model: RecordEntityModel, records: StoredRecord[]): Promise<StoredRecord[]> {
  const ids = records.map((r) => r.id);
  for (const link of model.links) {
    const linked = await loadLinkIds(db, link, ids);
    for (const record of records) record[link.field.name] = linked.get(record.id) ?? [];
  }
  return records;
}

/** Makes the field link exactly `targetIds` (duplicates ignored). */
export async function replaceLinks(trx: Knex, link: LinkField, sourceId: string, targetIds: readonly string[]): Promise<void> {
  await trx(link.table).where('source_id', sourceId).delete();
  const unique = [...new Set(targetIds)];
  if (unique.length > 0) await trx(link.table).insert(unique.map((targetId) => ({ source_id: sourceId, target_id: targetId })));
}

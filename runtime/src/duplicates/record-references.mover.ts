import type { App } from '@crm/schemas';
import type { Knex } from 'knex';
import { findEntityModel, recordColumns, toStoredRecord, withLinks, writeHistory, type LinkField, type RecordCaller, type RecordEntityModel, type RecordEventSink, type StoredRecord } from '../records/index.js';
import { moveRecordWaits } from '../processes/record-waits.port.js';

/*
 * Moves everything that points at the merged records onto the survivor, inside the merge's
 * transaction:
 *
 *   - many-to-one fields of any entity (deals, tasks, activities of a contact; a contact's own
 *     parent): the referring records get the survivor, a new version, a history entry and the
 *     record event any update fires (the records layer's outbox sink, in this transaction), so
 *     their timelines say what changed, optimistic writers see the change, and webhooks and
 *     processes learn that a deal's contact changed;
 *   - many-to-many link rows, from either side: copied to the survivor unless it already has the
 *     pair, then removed. Another entity's many-to-many field (a deal's participants) changes
 *     value by that, so its records get a version, a history entry and the update event too;
 *   - system rows naming a record by (entity, record_id): record history, process runs, human
 *     tasks, notifications, web-form submissions, documents and whatever a later module adds the
 *     same way (found in the catalog, so a new table is not forgotten), the waits of running
 *     processes (run_jobs.wait_*), and mailing recipients of mailings over the entity.
 *
 * System rows move without record events: they are not record fields. The waits of running
 * processes are the engine's rows: its `moveRecordWaits` re-points them, in this transaction.
 *
 * Not moved: the audit log (a hash chain; it says what happened to which id) and webhook events
 * (snapshots of writes already delivered or being delivered about that record).
 */

const NOT_MOVED: ReadonlySet<string> = new Set(['audit_log', 'webhook_events']);

export interface MovedCounts {
  /** Referring records per "entity.field". */
  references: Record<string, number>;
  /** Link rows per link table. */
  links: Record<string, number>;
  /** Rows per system table. */
  system: Record<string, number>;
}

interface Move {
  app: App;
  entity: string;
  survivor: string;
  merged: readonly string[];
  caller: RecordCaller;
  /** The records layer's event writer: the same outbox rows an update writes. */
  events: RecordEventSink;
}

async function moveReferenceColumns(trx: Knex.Transaction, move: Move, counts: MovedCounts): Promise<void> {
  for (const other of move.app.entities) {
    const model = findEntityModel(move.app, other.name);
    if (!model) continue;
    for (const column of model.columns) {
      const { field } = column;
      if (field.type !== 'relation' || field.target !== move.entity) continue;
      const rows: Array<Record<string, unknown>> = await trx(model.table)
        .select(recordColumns(model))
        .whereIn(column.column, [...move.merged])
        .orderBy('id')
        .forUpdate();
      if (rows.length === 0) continue;
      const befores = await withLinks(trx, model, rows.map((row) => toStoredRecord(model, row)));
      const updated: Array<Record<string, unknown>> = await trx(model.table)
        .whereIn('id', befores.map((b) => b.id))
        .update({ [column.column]: move.survivor, version: trx.raw('version + 1'), updated_at: trx.fn.now(), updated_by: move.caller.user?.id ?? null })
        .returning(recordColumns(model));
      // Only the many-to-one column changed: the links are the ones read before.
      const beforeById = new Map(befores.map((b) => [b.id, b]));
      const afters = updated.map((row) => toStoredRecord(model, row));
      for (const after of afters) for (const link of model.links) after[link.field.name] = beforeById.get(after.id)?.[link.field.name] ?? [];
      await recordRevisions(trx, move, other.name, field.name, befores, afters);
      counts.references[`${other.name}.${field.name}`] = rows.length;
    }
  }
}

/**
 * The update the move made to each referring record, as any update tells it: a history entry
 * naming the field with its old and new value, and the record event (outbox rows for webhooks and
 * processes), in the merge's transaction.
 */
async function recordRevisions(trx: Knex.Transaction, move: Move, entity: string, field: string, befores: readonly StoredRecord[], afters: readonly StoredRecord[]): Promise<void> {
  const afterById = new Map(afters.map((after) => [after.id, after]));
  for (const before of befores) {
    const after = afterById.get(before.id);
    if (!after) continue;
    const changes = [{ field, old: before[field] ?? null, new: after[field] ?? null }];
    await writeHistory(trx, { entity, recordId: before.id, version: after.version, action: 'update', changes, caller: move.caller });
    await move.events.recordWritten(trx, { entity, action: 'update', recordId: before.id, version: after.version, before, after, changes, caller: move.caller });
  }
}

/** Bumps the records' versions as an update does; returns them as stored, with their links. */
async function bumpVersions(trx: Knex.Transaction, move: Move, model: RecordEntityModel, ids: readonly string[]): Promise<StoredRecord[]> {
  const updated: Array<Record<string, unknown>> = await trx(model.table)
    .whereIn('id', [...ids])
    .update({ version: trx.raw('version + 1'), updated_at: trx.fn.now(), updated_by: move.caller.user?.id ?? null })
    .returning(recordColumns(model));
  return withLinks(trx, model, updated.map((row) => toStoredRecord(model, row)));
}

async function moveLinkRows(trx: Knex, table: string, side: 'source_id' | 'target_id', move: Move, counts: MovedCounts): Promise<void> {
  const other = side === 'source_id' ? 'target_id' : 'source_id';
  const moved = await trx(table).whereIn(side, [...move.merged]).count<Array<{ count: string | number }>>({ count: '*' });
  const n = Number(moved[0]?.count ?? 0);
  if (n === 0) return;
  // A pair the survivor already has stays once (the primary key is the pair).
  await trx.raw(`INSERT INTO ?? (??, ??) SELECT DISTINCT CAST(? AS uuid), ?? FROM ?? WHERE ?? = ANY(CAST(? AS uuid[])) ON CONFLICT DO NOTHING`, [
    table,
    side,
    other,
    move.survivor,
    other,
    table,
    side,
    [...move.merged],
  ]);
  await trx(table).whereIn(side, [...move.merged]).delete();
  counts.links[table] = (counts.links[table] ?? 0) + n;
}

/**
 * Another entity's many-to-many field naming merged records (a deal's participants): the records
 * holding it now name the survivor, which changes that field's value, so each gets a version, a
 * history entry and the update event, as a many-to-one reference does.
 */
async function moveLinkTargets(trx: Knex.Transaction, move: Move, holder: { entity: string; model: RecordEntityModel }, link: LinkField, counts: MovedCounts): Promise<void> {
  const rows: Array<{ source_id: string }> = await trx(link.table).distinct('source_id').whereIn('target_id', [...move.merged]);
  if (rows.length === 0) return;
  const ids = rows.map((r) => String(r.source_id));
  const locked: Array<Record<string, unknown>> = await trx(holder.model.table).select(recordColumns(holder.model)).whereIn('id', ids).orderBy('id').forUpdate();
  const befores = await withLinks(trx, holder.model, locked.map((row) => toStoredRecord(holder.model, row)));
  await moveLinkRows(trx, link.table, 'target_id', move, counts);
  const afters = await bumpVersions(trx, move, holder.model, ids);
  await recordRevisions(trx, move, holder.entity, link.field.name, befores, afters);
}

async function moveLinks(trx: Knex.Transaction, move: Move, counts: MovedCounts): Promise<void> {
  for (const other of move.app.entities) {
    const model = findEntityModel(move.app, other.name);
    if (!model) continue;
    for (const link of model.links) {
      // A link of the merged entity to itself changes the merged records and the survivor, which
      // the merge deletes and revises anyway: only its rows move.
      if (link.target === move.entity && other.name !== move.entity) await moveLinkTargets(trx, move, { entity: other.name, model }, link, counts);
      else if (link.target === move.entity) await moveLinkRows(trx, link.table, 'target_id', move, counts);
      if (other.name === move.entity) await moveLinkRows(trx, link.table, 'source_id', move, counts);
    }
  }
}

/** Tables of the current schema with an (entity, record_id) pair of columns. */
async function recordReferenceTables(trx: Knex): Promise<string[]> {
  const rows: Array<{ table_name: string }> = await trx('information_schema.columns')
    .select('table_name')
    .whereRaw('table_schema = current_schema()')
    .whereIn('column_name', ['entity', 'record_id'])
    .groupBy('table_name')
    .havingRaw('count(DISTINCT column_name) = 2')
    .orderBy('table_name');
  return rows.map((r) => r.table_name).filter((t) => !NOT_MOVED.has(t));
}

async function tableExists(trx: Knex, table: string): Promise<boolean> {
  const row: unknown = await trx('information_schema.tables').select('table_name').whereRaw('table_schema = current_schema()').where('table_name', table).first();
  return row !== undefined;
}

async function moveSystemRows(trx: Knex, move: Move, counts: MovedCounts): Promise<void> {
  const count = (table: string, n: number): void => {
    if (n > 0) counts.system[table] = (counts.system[table] ?? 0) + n;
  };
  for (const table of await recordReferenceTables(trx)) {
    count(table, await trx(table).where('entity', move.entity).whereIn('record_id', [...move.merged]).update({ record_id: move.survivor }));
  }
  count('run_jobs', await moveRecordWaits(trx, move.entity, move.merged, move.survivor));
  if ((await tableExists(trx, 'mailing_recipients')) && (await tableExists(trx, 'mailings'))) {
    const moved = await trx('mailing_recipients')
      .whereIn('record_id', [...move.merged])
      .whereIn('mailing_id', trx('mailings').select('id').where('entity', move.entity))
      .update({ record_id: move.survivor });
    count('mailing_recipients', moved);
  }
}

export async function moveReferences(trx: Knex.Transaction, move: Move): Promise<MovedCounts> {
  const counts: MovedCounts = { references: {}, links: {}, system: {} };
  await moveReferenceColumns(trx, move, counts);
  await moveLinks(trx, move, counts);
  await moveSystemRows(trx, move, counts);
  return counts;
}

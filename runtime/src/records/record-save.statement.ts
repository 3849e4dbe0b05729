import type { Knex } from 'knex';
import { historyAfterUpdateQuery, historyInsertQuery, type HistoryEntry } from './record-history.writer.js';
import type { RecordEntityModel } from './record-entity.model.js';
import { recordColumns, toColumnValues, toStoredRecord } from './record-row.mapper.js';
import type { RecordValues, StoredRecord } from './record.types.js';
import { updateRowQuery, type RowFilter, type WriteStamp } from './record.repository.js';

/*
 * A save's writes sent as one statement: data-modifying CTEs (WITH w0 AS (INSERT ...), w1 AS (...)
 * SELECT ...), so the record, its links, its history rows and the rows its before-save runs handed
 * over (runs and steps) cost one round trip and stand or fall together: PostgreSQL runs the whole
 * statement atomically, and foreign keys between its parts (run_steps -> process_runs) are checked
 * at its end. Outside a transaction the statement is the transaction (a create whose hooks and
 * listeners write nothing else: record.service.ts).
 */

function together(db: Knex, statements: ReadonlyArray<Knex.QueryBuilder | Knex.Raw>, result: (query: Knex.QueryBuilder) => Knex.QueryBuilder): Knex.QueryBuilder {
  let query: Knex.QueryBuilder | null = null;
  statements.forEach((statement, i) => {
    query = (query ?? db.queryBuilder()).with(`w${i}`, statement);
  });
  return result(query ?? db.queryBuilder());
}

/** Sends the statements (none returning rows) as one. */
export async function sendTogether(db: Knex, statements: readonly Knex.QueryBuilder[]): Promise<void> {
  const [only] = statements;
  if (statements.length === 0) return;
  if (statements.length === 1 && only) {
    await only;
    return;
  }
  await together(db, statements, (query) => query.select(db.raw('1')));
}

export interface NewRecordWrite {
  model: RecordEntityModel;
  id: string;
  after: RecordValues;
  stamp: WriteStamp;
  /** The history rows of the create, each with version 1. */
  history: readonly HistoryEntry[];
  /** What before-save hooks handed over to be written with the record. */
  deferred: readonly Knex.QueryBuilder[];
}

/**
 * Inserts the record (id minted by the caller) with its many-to-many links, history and deferred
 * rows in one statement; the stored row as RETURNING gave it (links not filled: see withLinks).
 */
export async function insertRecordWithHistory(db: Knex, write: NewRecordWrite): Promise<StoredRecord> {
  const { model, id, after, stamp } = write;
  const columns = toColumnValues(model, after, ['owner', ...model.columns.map((c) => c.column)]);
  const insert = db(model.table)
    .insert({ id, ...columns, created_by: stamp.userId, updated_by: stamp.userId })
    .returning(recordColumns(model));
  const links: Knex.QueryBuilder[] = [];
  for (const link of model.links) {
    const value = after[link.field.name];
    const targets = [...new Set(Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [])];
    if (targets.length > 0) links.push(db(link.table).insert(targets.map((targetId) => ({ source_id: id, target_id: targetId }))));
  }
  const rest = [...links, ...(write.history.length > 0 ? [historyInsertQuery(db, write.history)] : []), ...write.deferred];
  const rows: Array<Record<string, unknown>> = await together(db, [insert, ...rest], (query) => query.select('*').from('w0'));
  const [row] = rows;
  if (!row) throw new Error(`insert into ${model.table} returned no row`);
  return toStoredRecord(model, row);
}

export interface RecordUpdateWrite {
  model: RecordEntityModel;
  id: string;
  /** The version the record was read at: the row is updated only if it still has it. */
  expectedVersion: number;
  columns: Record<string, unknown>;
  stamp: WriteStamp;
  /** The history rows of the update (their version is the one the UPDATE writes). */
  history: readonly HistoryEntry[];
  /** What before-save hooks handed over to be written with the record. */
  deferred: readonly Knex.QueryBuilder[];
  /** A json expression of what the write's listeners lock (RecordEventSink.locksFor), sent along. */
  locks?: Knex.Raw;
  /** Conditions the row must also meet to be updated (the caller's access, on a row not read locked first). */
  only?: readonly RowFilter[];
}

/** The updated row as stored, and the value of the listeners' locks expression. */
export interface RecordUpdated {
  record: StoredRecord;
  locked: unknown;
}

/**
 * Updates the row if it still has the expected version, with its history and deferred rows, in
 * one statement that also takes the listeners' locks; the stored row as RETURNING gave it, or null
 * when the version moved. Then no history is written (it joins the UPDATE's row), and the caller's
 * conflict error undoes the deferred rows with its transaction or savepoint, as it undoes every
 * other part of a failed write. (After the service's locked read the version cannot move, and null
 * is a guard; on a copy read earlier, null says the row moved or is no longer the caller's to
 * update, and the service reads it locked and tries again.)
 */
export async function updateRecordWithHistory(db: Knex, write: RecordUpdateWrite): Promise<RecordUpdated | null> {
  const { model, id, expectedVersion, columns, stamp } = write;
  const update = updateRowQuery(db, model, id, expectedVersion, columns, stamp, write.only);
  const rest = [...(write.history.length > 0 ? [historyAfterUpdateQuery(db, 'w0', write.history)] : []), ...write.deferred];
  const rows: Array<Record<string, unknown>> = await together(db, [update, ...rest], (query) =>
    query.select(['*', ...(write.locks ? [db.raw('? AS "__locked"', [write.locks])] : [])]).from('w0'),
  );
  const [row] = rows;
  if (!row) return null;
  const { __locked: locked, ...stored } = row;
  return { record: toStoredRecord(model, stored), locked };
}

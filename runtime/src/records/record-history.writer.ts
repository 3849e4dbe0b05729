import type { Knex } from 'knex';
import { actorKindOf, type FieldChange, type RecordAction, type RecordCaller } from './record.types.js';

/*
 * The history step: one row per write in record_history, in the write's transaction, with every
 * changed field's old and new value and who made the change (a person, or a process and its run).
 */

export interface HistoryEntry {
  entity: string;
  recordId: string;
  /** The record's version after the write. */
  version: number;
  action: RecordAction;
  changes: readonly FieldChange[];
  caller: RecordCaller;
}

function historyRow(entry: HistoryEntry) {
  return {
    entity: entry.entity,
    record_id: entry.recordId,
    version: entry.version,
    action: entry.action,
    // jsonb as JSON text: the pg driver would send an array as a PostgreSQL array.
    changes: JSON.stringify(entry.changes.map((c) => ({ field: c.field, old: c.old ?? null, new: c.new ?? null }))),
    actor_id: entry.caller.user?.id ?? null,
    actor_kind: actorKindOf(entry.caller),
    process: entry.caller.process?.name ?? null,
    run_id: entry.caller.process?.runId ?? null,
  };
}

export async function writeHistory(trx: Knex, entry: HistoryEntry): Promise<void> {
  await historyInsertQuery(trx, [entry]);
}

/** One multi-row INSERT of the entries, not sent (a save sends it with its record). */
export function historyInsertQuery(db: Knex, entries: readonly HistoryEntry[]): Knex.QueryBuilder {
  return db('record_history').insert(entries.map(historyRow));
}

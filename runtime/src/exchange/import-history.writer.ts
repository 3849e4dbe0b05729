import type { Knex } from 'knex';
import { actorKindOf } from '../records/index.js';
import type { FieldChange, HistoryEntry } from '../records/index.js';
import { bulkInsertFrom, type BulkValueColumn } from './bulk-insert.sql.js';

/*
 * History for a batch of imported records: the rows records/record-history.writer.ts writes one at
 * a time (same columns, same JSON), written with one INSERT per batch (bulk-insert.sql), in the
 * batch's transaction. The cells are read straight from the entries (no row object per entry), and
 * `changes` is written as JSON text directly: the same text JSON.stringify gives for
 * [{field, old, new}], without building those objects first.
 */

/** `[{"field":…,"old":…,"new":…}, …]`, as JSON.stringify(changes.map(({field, old, new}) => …)) writes it. */
export function changesJson(changes: readonly FieldChange[]): string {
  let out = '[';
  for (let i = 0; i < changes.length; i += 1) {
    const change = changes[i];
    if (!change) continue;
    if (i > 0) out += ',';
    out += `{"field":${JSON.stringify(change.field)},"old":${JSON.stringify(change.old ?? null)},"new":${JSON.stringify(change.new ?? null)}}`;
  }
  return `${out}]`;
}

const COLUMNS: ReadonlyArray<BulkValueColumn<HistoryEntry>> = [
  { name: 'entity', sqlType: 'text', value: (e) => e.entity },
  { name: 'record_id', sqlType: 'uuid', value: (e) => e.recordId },
  { name: 'version', sqlType: 'integer', value: (e) => e.version },
  { name: 'action', sqlType: 'text', value: (e) => e.action },
  { name: 'changes', sqlType: 'jsonb', value: (e) => changesJson(e.changes) },
  { name: 'actor_id', sqlType: 'uuid', value: (e) => e.caller.user?.id ?? null },
  { name: 'actor_kind', sqlType: 'text', value: (e) => actorKindOf(e.caller) },
  { name: 'process', sqlType: 'text', value: (e) => e.caller.process?.name ?? null },
  { name: 'run_id', sqlType: 'text', value: (e) => e.caller.process?.runId ?? null },
];

export async function writeHistoryBatch(trx: Knex, entries: readonly HistoryEntry[]): Promise<void> {
  await bulkInsertFrom(trx, 'record_history', COLUMNS, entries, []);
}

import type { Knex } from 'knex';
import { actorKindOf } from '../records/index.js';
import type { HistoryEntry } from '../records/index.js';
import { bulkInsert } from './bulk-insert.sql.js';

/*
 * History for a batch of imported records: the rows records/record-history.writer.ts writes one at
 * a time (same columns, same JSON), written with one INSERT per batch (bulk-insert.sql), in the
 * batch's transaction.
 */

const COLUMNS = [
  { name: 'entity', sqlType: 'text' },
  { name: 'record_id', sqlType: 'uuid' },
  { name: 'version', sqlType: 'integer' },
  { name: 'action', sqlType: 'text' },
  { name: 'changes', sqlType: 'jsonb' },
  { name: 'actor_id', sqlType: 'uuid' },
  { name: 'actor_kind', sqlType: 'text' },
  { name: 'process', sqlType: 'text' },
  { name: 'run_id', sqlType: 'text' },
];

export async function writeHistoryBatch(trx: Knex, entries: readonly HistoryEntry[]): Promise<void> {
  const rows = entries.map((entry) => ({
    entity: entry.entity,
    record_id: entry.recordId,
    version: entry.version,
    action: entry.action,
    changes: JSON.stringify(entry.changes.map((c) => ({ field: c.field, old: c.old ?? null, new: c.new ?? null }))),
    actor_id: entry.caller.user?.id ?? null,
    actor_kind: actorKindOf(entry.caller),
    process: entry.caller.process?.name ?? null,
    run_id: entry.caller.process?.runId ?? null,
  }));
  await bulkInsert(trx, 'record_history', COLUMNS, rows, []);
}

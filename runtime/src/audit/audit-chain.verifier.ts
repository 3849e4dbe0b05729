import type { Knex } from 'knex';
import { hashAuditEntry } from './audit-entry.hasher.js';
import { auditColumns } from './audit-columns.sql.js';
import { rowToRecord, type AuditRow } from './audit-row.mapper.js';
import { AUDIT_GENESIS_HASH } from './audit.migrations.js';

export type AuditVerification =
  | { ok: true; entries: number; head: { id: number; hash: string } }
  | { ok: false; brokenAt: number; reason: string; entries: number };

const BATCH = 500;

/**
 * Walks the whole chain in id order and recomputes every hash: an edited entry fails its own hash,
 * a removed one leaves a gap in the ids and a prev_hash that points nowhere, and a cut tail no
 * longer reaches the head row. Reads one snapshot, so appends made meanwhile do not look like damage.
 */
export async function verifyAuditChain(knex: Knex): Promise<AuditVerification> {
  return knex.transaction(
    async (trx) => {
      const head: { last_id: number | string; last_hash: string } | undefined = await trx('audit_head')
        .where({ id: 1 })
        .first('last_id', 'last_hash');
      if (!head) return { ok: false, brokenAt: 0, reason: 'The head row of the audit log is missing.', entries: 0 };
      const headId = Number(head.last_id);

      let expectedId = 1;
      let after = Number.MIN_SAFE_INTEGER;
      let prevHash = AUDIT_GENESIS_HASH;
      let count = 0;
      for (;;) {
        const rows: AuditRow[] = await trx('audit_log')
          .select(auditColumns(trx))
          .where('id', '>', after)
          .orderBy('id', 'asc')
          .limit(BATCH);
        for (const row of rows) {
          const record = rowToRecord(row);
          if (record.id < expectedId) {
            return { ok: false, brokenAt: record.id, reason: `Entry ${record.id} is out of sequence: it was added outside the log.`, entries: count };
          }
          if (record.id > expectedId) {
            return {
              ok: false,
              brokenAt: expectedId,
              reason: `Entry ${expectedId} is missing: the entry after ${expectedId - 1} is ${record.id}.`,
              entries: count,
            };
          }
          if (record.prevHash !== prevHash) {
            return {
              ok: false,
              brokenAt: record.id,
              reason: `Entry ${record.id} does not link to entry ${record.id - 1}: its prev_hash differs from that entry's hash (an entry was removed, inserted or re-hashed).`,
              entries: count,
            };
          }
          if (hashAuditEntry(record) !== record.hash) {
            return { ok: false, brokenAt: record.id, reason: `Entry ${record.id} was changed: its content does not match its hash.`, entries: count };
          }
          prevHash = record.hash;
          after = record.id;
          expectedId += 1;
          count += 1;
        }
        if (rows.length < BATCH) break;
      }

      const lastId = expectedId - 1;
      if (lastId < headId) {
        return {
          ok: false,
          brokenAt: lastId + 1,
          reason: `The log ends at entry ${lastId} but the head records entry ${headId}: entries were removed from the end.`,
          entries: count,
        };
      }
      if (lastId > headId) {
        return { ok: false, brokenAt: headId + 1, reason: `Entries after ${headId} are not recorded in the head: they were added outside the log.`, entries: count };
      }
      if (prevHash !== head.last_hash) {
        return { ok: false, brokenAt: lastId, reason: `The head records a different hash for entry ${lastId}.`, entries: count };
      }
      return { ok: true, entries: count, head: { id: headId, hash: head.last_hash } };
    },
    { isolationLevel: 'repeatable read' },
  );
}

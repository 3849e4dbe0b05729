import type { Knex } from 'knex';
import { hashAuditEntry, type AuditEntryRecord, type AuditOutcome } from './audit-entry.hasher.js';
import { cleanOptionalText, cleanText, toJsonObject } from './audit-json.sanitiser.js';
import { databaseNowText } from './audit-columns.sql.js';
import { recordToRow } from './audit-row.mapper.js';

export type { AuditOutcome } from './audit-entry.hasher.js';

/** What an area records; everything but `action` is optional. Never put a password or a secret here. */
export interface AuditEntryInput {
  action: string;
  actorId?: string | null;
  actorEmail?: string | null;
  target?: { type: string; id?: string | null; name?: string | null };
  outcome?: AuditOutcome;
  ip?: string | null;
  requestId?: string | null;
  details?: Record<string, unknown>;
}

/** Serialises appends across every runtime process sharing the database (transaction-scoped). */
const AUDIT_LOCK = 'crm.audit_log.append';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface HeadRow {
  last_id: number | string;
  last_hash: string;
}

/**
 * Appends one entry to the hash chain. Appends are serialised by an advisory lock, the new entry
 * takes the head's id + 1 and its hash as prev_hash, and the head moves in the same transaction.
 * Given a transaction, the entry commits or rolls back with it; given the root knex, it commits on
 * its own (which is what a denial must do: the request's own work was rolled back).
 */
export async function appendAuditEntry(db: Knex, entry: AuditEntryInput): Promise<void> {
  await db.transaction(async (trx) => {
    await trx.raw('SELECT pg_advisory_xact_lock(hashtext(?))', [AUDIT_LOCK]);
    const head: HeadRow | undefined = await trx('audit_head').where({ id: 1 }).forUpdate().first('last_id', 'last_hash');
    if (!head) throw new Error('audit_head is missing: the audit log cannot be appended to');
    const record: AuditEntryRecord = {
      id: Number(head.last_id) + 1,
      at: await databaseNowText(trx),
      // actor_id is a uuid column: anything else (a process name) goes to the email/name column.
      actorId: entry.actorId && UUID.test(entry.actorId) ? entry.actorId.toLowerCase() : null,
      actorEmail: cleanOptionalText(entry.actorEmail, 320),
      action: cleanText(entry.action, 100),
      targetType: cleanOptionalText(entry.target?.type, 100),
      targetId: cleanOptionalText(entry.target?.id, 500),
      targetName: cleanOptionalText(entry.target?.name, 500),
      outcome: entry.outcome ?? 'success',
      ip: cleanOptionalText(entry.ip, 100),
      requestId: cleanOptionalText(entry.requestId, 100),
      details: toJsonObject(entry.details ?? {}),
      prevHash: head.last_hash,
    };
    const hash = hashAuditEntry(record);
    await trx('audit_log').insert(recordToRow(record, hash));
    await trx('audit_head').where({ id: 1 }).update({ last_id: record.id, last_hash: hash, updated_at: trx.fn.now() });
  });
}

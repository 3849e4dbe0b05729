import type { Knex } from 'knex';
import { appendAuditEntry, type AuditEntryInput } from './audit.log.js';

/*
 * The one writer of audit entries. The composition root builds it and hands it to routes (RouteDeps)
 * and services; nothing outside audit/ appends to the chain any other way (a lint rule refuses
 * audit.log.js from elsewhere), so what is audited, and how, is decided here.
 */

export interface AuditWriter {
  record(entry: AuditEntryInput): Promise<void>;
}

export interface AuditTrail extends AuditWriter {
  /**
   * Entries that commit or roll back with this transaction (a change and its entry go together).
   * `record` on the trail itself commits on its own: what a denial or a failed attempt needs, since
   * the request's own work was rolled back.
   */
  within(trx: Knex): AuditWriter;
}

export function createAuditTrail(knex: Knex): AuditTrail {
  return {
    record: (entry) => appendAuditEntry(knex, entry),
    within: (trx) => ({ record: (entry) => appendAuditEntry(trx, entry) }),
  };
}

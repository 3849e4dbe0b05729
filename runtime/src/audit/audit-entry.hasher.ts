import crypto from 'node:crypto';
import { canonicalJson, type JsonValue } from './audit-json.sanitiser.js';

export type AuditOutcome = 'success' | 'denied' | 'failure';

/** An entry as stored: every column the hash covers, in the camelCase the API shows. */
export interface AuditEntryRecord {
  id: number;
  at: string;
  actorId: string | null;
  actorEmail: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  targetName: string | null;
  /** An AuditOutcome when written; read back as stored text. */
  outcome: string;
  ip: string | null;
  requestId: string | null;
  /** An object when written; read back as whatever the column holds, so an edit to its shape shows. */
  details: JsonValue;
  prevHash: string;
}

/**
 * sha256 over a canonical serialisation (sorted keys, fixed field set, a format version) of the
 * whole entry including the previous entry's hash, so changing any column of any entry, or
 * removing one, breaks the chain from there on.
 */
export function hashAuditEntry(entry: AuditEntryRecord): string {
  const canonical = canonicalJson({
    v: 1,
    id: entry.id,
    at: entry.at,
    actorId: entry.actorId,
    actorEmail: entry.actorEmail,
    action: entry.action,
    targetType: entry.targetType,
    targetId: entry.targetId,
    targetName: entry.targetName,
    outcome: entry.outcome,
    ip: entry.ip,
    requestId: entry.requestId,
    details: entry.details,
    prevHash: entry.prevHash,
  });
  return crypto.createHash('sha256').update(canonical, 'utf8').digest('hex');
}

import type { AuditEntryRecord } from './audit-entry.hasher.js';
import { storedJsonValue } from './audit-json.sanitiser.js';

/** A row of audit_log as the drivers hand it back (bigint as number, timestamps as ISO strings). */
export interface AuditRow {
  id: number | string;
  at: string;
  actor_id: string | null;
  actor_email: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  target_name: string | null;
  outcome: string;
  ip: string | null;
  request_id: string | null;
  details: unknown;
  prev_hash: string;
  hash: string;
}

/** Taken as stored, never normalised, so that any edit changes what is hashed. */
export function rowToRecord(row: AuditRow): AuditEntryRecord & { hash: string } {
  return {
    id: Number(row.id),
    at: row.at,
    actorId: row.actor_id,
    actorEmail: row.actor_email,
    action: row.action,
    targetType: row.target_type,
    targetId: row.target_id,
    targetName: row.target_name,
    outcome: row.outcome,
    ip: row.ip,
    requestId: row.request_id,
    details: storedJsonValue(row.details),
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

export function recordToRow(record: AuditEntryRecord, hash: string): AuditRow {
  return {
    id: record.id,
    at: record.at,
    actor_id: record.actorId,
    actor_email: record.actorEmail,
    action: record.action,
    target_type: record.targetType,
    target_id: record.targetId,
    target_name: record.targetName,
    outcome: record.outcome,
    ip: record.ip,
    request_id: record.requestId,
    details: JSON.stringify(record.details),
    prev_hash: record.prevHash,
    hash,
  };
}

/** The API's view of an entry. */
export interface AuditEntryView {
  id: number;
  at: string;
  actor: { id: string | null; email: string | null };
  action: string;
  target: { type: string | null; id: string | null; name: string | null };
  outcome: string;
  ip: string | null;
  requestId: string | null;
  details: unknown;
  prevHash: string;
  hash: string;
}

export function rowToView(row: AuditRow): AuditEntryView {
  const record = rowToRecord(row);
  return {
    id: record.id,
    at: record.at,
    actor: { id: record.actorId, email: record.actorEmail },
    action: record.action,
    target: { type: record.targetType, id: record.targetId, name: record.targetName },
    outcome: record.outcome,
    ip: record.ip,
    requestId: record.requestId,
    details: record.details,
    prevHash: record.prevHash,
    hash: record.hash,
  };
}

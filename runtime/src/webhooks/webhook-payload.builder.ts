import { SYSTEM_FIELDS } from '@crm/schemas';
import type { Knex } from 'knex';
import type { AccessPolicy } from '../access/index.js';
import type { FieldChange } from '../records/index.js';
import type { DeliveryError, WebhookEvent, WebhookPayload } from './webhook.types.js';

/*
 * What one delivery carries, decided with the policy of the subscription's owner as it is now:
 *
 *   record outside the owner's read scope ─────────────────────────► not sent (NOT_READABLE)
 *   record ─► redact (fields hidden from the owner removed) ─► the subscription's field list
 *   changes ─► only fields the owner may see (and the listed ones)
 *   an update whose remaining changes are none ─────────────────────► not sent (NO_VISIBLE_CHANGES)
 *
 * A hidden field is left out the same way a field the entity does not have would be, so the body
 * says nothing about it (not even that it changed).
 */

export interface RecordEventSnapshot {
  entity: string;
  action: WebhookEvent;
  recordId: string;
  version: number;
  record: Record<string, unknown>;
  changes: FieldChange[];
  occurredAt: string;
}

export interface PayloadTarget {
  deliveryId: string;
  subscriptionId: string;
  /** The subscription's field list; null for every field. */
  fields: readonly string[] | null;
}

export type PayloadDecision = { send: true; payload: WebhookPayload } | { send: false; reason: DeliveryError };

const SYSTEM: ReadonlySet<string> = new Set(SYSTEM_FIELDS);

export async function buildRecordPayload(target: PayloadTarget, event: RecordEventSnapshot, policy: AccessPolicy, db: Knex): Promise<PayloadDecision> {
  const access = policy.entity(event.entity);
  const readable = access.can('read') && (await access.allows('read', { id: event.recordId, owner: event.record['owner'] ?? null }, db));
  if (!readable) {
    return { send: false, reason: { code: 'NOT_READABLE', message: "The subscription's owner may not read this record, so it was not sent." } };
  }

  const listed = target.fields === null ? null : new Set(target.fields);
  const redacted = access.redact(event.record);
  const record: Record<string, unknown> = {};
  // Definition order (system columns first), not the order the JSON column happened to keep.
  for (const name of access.visibleFields()) {
    if (!(name in redacted)) continue;
    if (listed !== null && !SYSTEM.has(name) && !listed.has(name)) continue;
    record[name] = redacted[name];
  }

  const removal = event.action === 'delete' || event.action === 'restore';
  const changes = event.changes.filter(
    (c) => access.isFieldVisible(c.field) && (listed === null || listed.has(c.field) || (removal && c.field === 'deleted_at')),
  );
  if (event.action === 'update' && changes.length === 0) {
    return { send: false, reason: { code: 'NO_VISIBLE_CHANGES', message: "Nothing the subscription's owner may see (among its fields) changed, so it was not sent." } };
  }

  return {
    send: true,
    payload: {
      id: target.deliveryId,
      event: event.action,
      entity: event.entity,
      subscription: target.subscriptionId,
      recordId: event.recordId,
      version: event.version,
      occurredAt: event.occurredAt,
      record,
      changes,
    },
  };
}

export function buildPingPayload(target: PayloadTarget, entity: string, occurredAt: string): WebhookPayload {
  return { id: target.deliveryId, event: 'ping', entity, subscription: target.subscriptionId, recordId: null, version: null, occurredAt, record: null, changes: [] };
}

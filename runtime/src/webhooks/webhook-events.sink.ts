import crypto from 'node:crypto';
import type { RecordEventSink } from '../records/record-events.outbox.js';

/*
 * The record-write listener (RECORD_SINKS in runtime.factory.ts). Inside the write's transaction,
 * and with nothing but its handle (PGlite has one connection), it finds the active subscriptions to
 * this entity and action and queues one delivery for each, with one snapshot of the event they
 * share. So a write that rolls back queues nothing, and a committed write is never lost.
 *
 * Permissions are NOT applied here: the owner's current roles are read at each delivery attempt,
 * so a role change counts from the next delivery on. Only the subscription's own field list is
 * applied now (an update that touched none of its fields queues nothing), since it cannot change
 * for an event already written.
 */

interface MatchingSubscription {
  id: string;
  fields: string[] | null;
}

export function createWebhookEventSink(): RecordEventSink {
  return {
    async recordWritten(trx, event) {
      const subscriptions: MatchingSubscription[] = await trx('webhook_subscriptions')
        .where({ entity: event.entity, active: true })
        .whereRaw('? = ANY(events)', [event.action])
        .select('id', 'fields');
      const changed = new Set(event.changes.map((c) => c.field));
      const due = subscriptions.filter((s) => event.action !== 'update' || s.fields === null || s.fields.some((f) => changed.has(f)));
      if (due.length === 0) return;

      const eventId = crypto.randomUUID();
      await trx('webhook_events').insert({
        id: eventId,
        entity: event.entity,
        action: event.action,
        record_id: event.recordId,
        version: event.version,
        record: JSON.stringify(event.after),
        changes: JSON.stringify(event.changes),
      });
      await trx('webhook_deliveries').insert(
        due.map((s) => ({ id: crypto.randomUUID(), subscription_id: s.id, event_id: eventId, event: event.action })),
      );
    },
  };
}

import crypto from 'node:crypto';
import type { Knex } from 'knex';
import type { RecordEventSink } from '../records/index.js';

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

interface ActiveSubscription {
  id: string;
  entity: string;
  events: string[];
  fields: string[] | null;
}

/*
 * Every write asks which subscriptions match, and subscriptions rarely change: the active ones are
 * kept in memory for at most a second (this process's own changes drop the copy at once, see
 * forgetActiveSubscriptions), so a write costs no query unless a subscription matches.
 */
const TRUST_MS = 1000;

interface SubscriptionCache {
  active: { rows: ActiveSubscription[]; at: number } | null;
}

/** One cache per sink (per runtime and database); a change in this process drops them all. */
const caches = new Set<SubscriptionCache>();

/** Called when subscriptions change in this process: the next write reads them again. */
export function forgetActiveSubscriptions(): void {
  for (const cache of caches) cache.active = null;
}

async function activeSubscriptions(cache: SubscriptionCache, trx: Knex): Promise<ActiveSubscription[]> {
  if (cache.active && Date.now() - cache.active.at < TRUST_MS) return cache.active.rows;
  const at = Date.now();
  const rows: ActiveSubscription[] = await trx('webhook_subscriptions').where({ active: true }).select('id', 'entity', 'events', 'fields');
  cache.active = { rows, at };
  return rows;
}

export function createWebhookEventSink(): RecordEventSink {
  const cache: SubscriptionCache = { active: null };
  caches.add(cache);
  return {
    async writesFor(db, _app, write) {
      return (await activeSubscriptions(cache, db)).some((s) => s.entity === write.entity && s.events.includes(write.action));
    },
    async recordWritten(trx, event) {
      const subscriptions = (await activeSubscriptions(cache, trx)).filter((s) => s.entity === event.entity && s.events.includes(event.action));
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

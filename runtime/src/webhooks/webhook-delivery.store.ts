import crypto from 'node:crypto';
import type { Knex } from 'knex';
import type { FieldChange } from '../records/index.js';
import type { AttemptOutcome } from './webhook-delivery.sender.js';
import type { RecordEventSnapshot } from './webhook-payload.builder.js';
import { isWebhookEvent, type DeliveryError, type DeliveryStatus, type DeliveryView } from './webhook.types.js';

/*
 * The webhook_deliveries queue. A claim locks due rows with FOR UPDATE SKIP LOCKED (any number of
 * workers, no row sent twice at once), counts the attempt and leases the row for a while: a worker
 * that dies mid-send leaves it to be sent again after the lease, with the same delivery id, which
 * is the receiver's idempotency key. `now` is the database clock unless a test passes its own.
 */

export interface ClaimedDelivery {
  id: string;
  subscriptionId: string;
  event: string;
  /** This attempt's number (1 for the first). */
  attempts: number;
  url: string;
  secret: string;
  ownerId: string;
  /** The API token's roles that narrow the owner's (null: the owner's own). */
  ownerRoleLimit: readonly string[] | null;
  entity: string;
  fields: string[] | null;
  createdAt: string;
  /** The record event; null for a ping. */
  snapshot: RecordEventSnapshot | null;
}

export interface ClaimOptions {
  batch: number;
  leaseMs: number;
  now: Date | null;
}

/** `COALESCE(?, now())`: the injected clock or the database's. */
const BASE_TIME = 'COALESCE(CAST(? AS timestamptz), now())';

interface ClaimRow {
  id: string;
  subscription_id: string;
  event: string;
  attempts: number;
  created_at: string;
  url: string;
  secret: string;
  owner_id: string;
  owner_role_limit: string[] | null;
  entity: string;
  fields: string[] | null;
  e_entity: string | null;
  e_action: string | null;
  e_record_id: string | null;
  e_version: number | null;
  e_record: unknown;
  e_changes: unknown;
  e_occurred_at: string | null;
}

function rowsOf<T>(result: { rows: T[] }): T[] {
  return result.rows;
}

function jsonValue(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

function recordOf(value: unknown): Record<string, unknown> {
  const parsed = jsonValue(value);
  return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? { ...parsed } : {};
}

function changesOf(value: unknown): FieldChange[] {
  const parsed = jsonValue(value);
  if (!Array.isArray(parsed)) return [];
  return parsed.flatMap((c: unknown) =>
    typeof c === 'object' && c !== null && 'field' in c && typeof c.field === 'string'
      ? [{ field: c.field, old: 'old' in c ? c.old : null, new: 'new' in c ? c.new : null }]
      : [],
  );
}

function snapshotOf(row: ClaimRow): RecordEventSnapshot | null {
  if (row.e_entity === null || row.e_record_id === null || row.e_version === null || !isWebhookEvent(row.e_action)) return null;
  return {
    entity: row.e_entity,
    action: row.e_action,
    recordId: row.e_record_id,
    version: row.e_version,
    record: recordOf(row.e_record),
    changes: changesOf(row.e_changes),
    occurredAt: row.e_occurred_at ?? row.created_at,
  };
}

function toClaimed(row: ClaimRow): ClaimedDelivery {
  return {
    id: row.id,
    subscriptionId: row.subscription_id,
    event: row.event,
    attempts: row.attempts,
    url: row.url,
    secret: row.secret,
    ownerId: row.owner_id,
    ownerRoleLimit: row.owner_role_limit,
    entity: row.entity,
    fields: row.fields,
    createdAt: row.created_at,
    snapshot: snapshotOf(row),
  };
}

async function loadClaimed(db: Knex, ids: readonly string[]): Promise<ClaimedDelivery[]> {
  const rows: ClaimRow[] = await db('webhook_deliveries as d')
    .join('webhook_subscriptions as s', 's.id', 'd.subscription_id')
    .leftJoin('webhook_events as e', 'e.id', 'd.event_id')
    .whereIn('d.id', ids)
    .orderBy('d.seq')
    .select(
      'd.id', 'd.subscription_id', 'd.event', 'd.attempts', 'd.created_at',
      's.url', 's.secret', 's.owner_id', 's.owner_role_limit', 's.entity', 's.fields',
      { e_entity: 'e.entity', e_action: 'e.action', e_record_id: 'e.record_id', e_version: 'e.version', e_record: 'e.record', e_changes: 'e.changes', e_occurred_at: 'e.occurred_at' },
    );
  return rows.map(toClaimed);
}

/** Due deliveries of active subscriptions, oldest first; a paused subscription's queue waits. */
export async function claimDueDeliveries(knex: Knex, options: ClaimOptions): Promise<ClaimedDelivery[]> {
  const now = options.now?.toISOString() ?? null;
  return knex.transaction(async (trx) => {
    const due = rowsOf<{ id: string }>(
      await trx.raw(
        `SELECT d.id FROM webhook_deliveries d JOIN webhook_subscriptions s ON s.id = d.subscription_id
         WHERE d.status = 'pending' AND s.active AND d.next_attempt_at <= ${BASE_TIME}
         ORDER BY d.next_attempt_at, d.seq LIMIT ? FOR UPDATE OF d SKIP LOCKED`,
        [now, options.batch],
      ),
    );
    if (due.length === 0) return [];
    const ids = due.map((r) => r.id);
    await trx('webhook_deliveries')
      .whereIn('id', ids)
      .update({
        attempts: trx.raw('attempts + 1'),
        last_attempt_at: trx.raw(BASE_TIME, [now]),
        next_attempt_at: trx.raw(`${BASE_TIME} + CAST(? AS integer) * interval '1 millisecond'`, [now, options.leaseMs]),
      });
    return loadClaimed(trx, ids);
  });
}

/** A ping made by an admin: leased at once (so no worker picks it up), sent by the caller. */
export async function insertPingDelivery(knex: Knex, subscriptionId: string, leaseMs: number): Promise<ClaimedDelivery> {
  const id = crypto.randomUUID();
  await knex('webhook_deliveries').insert({
    id,
    subscription_id: subscriptionId,
    event: 'ping',
    attempts: 1,
    last_attempt_at: knex.fn.now(),
    next_attempt_at: knex.raw(`now() + CAST(? AS integer) * interval '1 millisecond'`, [leaseMs]),
  });
  const [claimed] = await loadClaimed(knex, [id]);
  if (!claimed) throw new Error(`ping delivery ${id} vanished`);
  return claimed;
}

export interface OutcomeOptions {
  maxAttempts: number;
  /** The wait before the next attempt, used when the outcome is a retry with attempts left. */
  retryDelayMs: number;
  now: Date | null;
}

/** Writes what an attempt came to; returns the status the delivery is left in. */
export async function recordOutcome(knex: Knex, delivery: Pick<ClaimedDelivery, 'id' | 'attempts'>, outcome: AttemptOutcome, options: OutcomeOptions): Promise<DeliveryStatus> {
  const now = options.now?.toISOString() ?? null;
  const base = knex.raw(BASE_TIME, [now]);
  const row = knex('webhook_deliveries').where({ id: delivery.id, status: 'pending' });
  if (outcome.kind === 'delivered') {
    await row.update({ status: 'delivered', response_status: outcome.status, response_body: outcome.body, last_error: null, finished_at: base });
    return 'delivered';
  }
  const answer = { response_status: outcome.status, response_body: outcome.body, last_error: JSON.stringify(outcome.error) };
  if (outcome.kind === 'failed' || delivery.attempts >= options.maxAttempts) {
    await row.update({ ...answer, status: 'failed', finished_at: base });
    return 'failed';
  }
  await row.update({
    ...answer,
    next_attempt_at: knex.raw(`${BASE_TIME} + CAST(? AS integer) * interval '1 millisecond'`, [now, Math.round(options.retryDelayMs)]),
  });
  return 'pending';
}

/** Not sent (the owner may not see it): nothing was attempted, so the claim's count is taken back. */
export async function recordSkipped(knex: Knex, delivery: Pick<ClaimedDelivery, 'id' | 'attempts'>, reason: DeliveryError, now: Date | null): Promise<void> {
  await knex('webhook_deliveries')
    .where({ id: delivery.id, status: 'pending' })
    .update({ status: 'skipped', attempts: Math.max(0, delivery.attempts - 1), last_error: JSON.stringify(reason), finished_at: knex.raw(BASE_TIME, [now?.toISOString() ?? null]) });
}

/** A failed delivery queued again from its first attempt, keeping its id. False when it is not failed. */
export async function requeueDelivery(knex: Knex, subscriptionId: string, deliveryId: string): Promise<boolean> {
  const count = await knex('webhook_deliveries')
    .where({ id: deliveryId, subscription_id: subscriptionId, status: 'failed' })
    .whereNotNull('event_id')
    .update({ status: 'pending', attempts: 0, next_attempt_at: knex.fn.now(), finished_at: null });
  return count > 0;
}

interface DeliveryRow {
  id: string;
  event: string;
  status: DeliveryStatus;
  attempts: number;
  next_attempt_at: string;
  last_attempt_at: string | null;
  response_status: number | null;
  last_error: unknown;
  created_at: string;
  finished_at: string | null;
  record_id: string | null;
  version: number | null;
}

function errorOf(value: unknown): DeliveryError | null {
  const parsed = jsonValue(value);
  if (typeof parsed !== 'object' || parsed === null || !('code' in parsed) || typeof parsed.code !== 'string') return null;
  const message = 'message' in parsed && typeof parsed.message === 'string' ? parsed.message : '';
  const url = 'url' in parsed && typeof parsed.url === 'string' ? parsed.url : undefined;
  return { code: parsed.code, message, ...(url === undefined ? {} : { url }) };
}

function toDeliveryView(row: DeliveryRow): DeliveryView {
  return {
    id: row.id,
    event: row.event,
    recordId: row.record_id,
    version: row.version,
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: row.status === 'pending' ? row.next_attempt_at : null,
    lastAttemptAt: row.last_attempt_at,
    responseStatus: row.response_status,
    error: errorOf(row.last_error),
    createdAt: row.created_at,
    finishedAt: row.finished_at,
  };
}

function deliveryQuery(knex: Knex): Knex.QueryBuilder {
  return knex('webhook_deliveries as d')
    .leftJoin('webhook_events as e', 'e.id', 'd.event_id')
    .select('d.id', 'd.event', 'd.status', 'd.attempts', 'd.next_attempt_at', 'd.last_attempt_at', 'd.response_status', 'd.last_error', 'd.created_at', 'd.finished_at', 'e.record_id', 'e.version');
}

/** The newest deliveries of a subscription, newest first. */
export async function recentDeliveries(knex: Knex, subscriptionId: string, limit = 50): Promise<DeliveryView[]> {
  const rows: DeliveryRow[] = await deliveryQuery(knex).where('d.subscription_id', subscriptionId).orderBy('d.seq', 'desc').limit(limit);
  return rows.map(toDeliveryView);
}

export async function findDelivery(knex: Knex, deliveryId: string, subscriptionId?: string): Promise<DeliveryView | undefined> {
  const query = deliveryQuery(knex).where('d.id', deliveryId);
  if (subscriptionId !== undefined) query.where('d.subscription_id', subscriptionId);
  const row: DeliveryRow | undefined = await query.first();
  return row ? toDeliveryView(row) : undefined;
}

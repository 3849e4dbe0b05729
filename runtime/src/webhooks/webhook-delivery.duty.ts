import type { Knex } from 'knex';
import { compiledRolesFor, loadAccessSubject, policyForSubject, type AccessPolicy } from '../access/index.js';
import { createOutboundHttp, type OutboundHttp, type Resolver } from '../outbound/index.js';
import type { LiveDefinition, LiveDefinitionSource } from '../runtime.context.js';
import { readAllowHosts } from '../settings/outbound-allow-list.store.js';
import { sendDelivery, type AttemptOutcome } from './webhook-delivery.sender.js';
import { claimDueDeliveries, insertPingDelivery, recordOutcome, recordSkipped, type ClaimedDelivery } from './webhook-delivery.store.js';
import { buildPingPayload, buildRecordPayload, type PayloadDecision } from './webhook-payload.builder.js';
import { DEFAULT_RETRY, retryDelayMs, type RetrySchedule } from './webhook-retry.schedule.js';
import type { DeliveryStatus } from './webhook.types.js';

/*
 * The worker duty that sends queued deliveries (main.ts runs it beside mail delivery; tests call
 * deliverWebhooks directly):
 *
 *   claim due rows (SKIP LOCKED, leased) ─► per subscription, in queue order:
 *     owner's policy NOW (current roles, narrowed by the token that made it) ─► payload or skip ─► sign ─► POST via the outbound client
 *     ─► delivered | retry at now + backoff with jitter | failed (attempts used up, or refused target)
 *
 * Deliveries of one subscription go out one after another in queue order; a retried one falls
 * behind later ones, so order is best-effort and receivers should order by `version`.
 */

export interface WebhookDeliveryOptions {
  /** Added to the admin's allow-list (and CRM_OUTBOUND_ALLOW_HOSTS), which is read on every run. */
  allowHosts?: readonly string[];
  /** DNS for the outbound client (tests); the system resolver otherwise. */
  resolver?: Resolver;
  /** Attempts before a delivery is marked failed. Default 8. */
  maxAttempts?: number;
  retry?: RetrySchedule;
  /** Per attempt, all redirects included. Default 15 s. */
  timeoutMs?: number;
  /** Deliveries claimed per run. Default 20. */
  batch?: number;
  /** Subscriptions served at once within a run. Default 4. */
  parallel?: number;
  /** The clock for due times and backoff; the database's when absent. */
  clock?: () => Date;
  random?: () => number;
}

export interface DeliveryRunSummary {
  claimed: number;
  delivered: number;
  retrying: number;
  failed: number;
  skipped: number;
}

/** Longer than any attempt may take, so a live worker never loses its claim. */
const LEASE_MS = 5 * 60 * 1000;

interface RunContext {
  knex: Knex;
  live: LiveDefinition | null;
  client: OutboundHttp;
  policies: Map<string, Promise<AccessPolicy>>;
  options: WebhookDeliveryOptions;
}

async function outboundClient(knex: Knex, options: WebhookDeliveryOptions): Promise<OutboundHttp> {
  return createOutboundHttp({
    allowHosts: [...(options.allowHosts ?? []), ...(await readAllowHosts(knex))],
    ...(options.resolver ? { resolver: options.resolver } : {}),
    timeoutMs: options.timeoutMs ?? 15_000,
    maxRedirects: 3,
    maxResponseBytes: 64 * 1024,
  });
}

/**
 * The owner's policy, read once per run: their roles as they are at this delivery, narrowed by the
 * API token that made the subscription (if one did), as that token's own requests are.
 */
function ownerPolicy(ctx: RunContext, live: LiveDefinition, delivery: ClaimedDelivery): Promise<AccessPolicy> {
  const limit = delivery.ownerRoleLimit;
  const key = limit === null ? delivery.ownerId : `${delivery.ownerId}:${JSON.stringify(limit)}`;
  let policy = ctx.policies.get(key);
  if (!policy) {
    const now = ctx.options.clock?.();
    policy = (async () => {
      const limited = limit === null ? {} : { roleLimit: limit, isAdmin: (await compiledRolesFor(ctx.knex, live.app)).isAdmin };
      const subject = await loadAccessSubject(ctx.knex, delivery.ownerId, limited);
      return policyForSubject(ctx.knex, live.app, subject, now ? { now } : {});
    })();
    ctx.policies.set(key, policy);
  }
  return policy;
}

async function decide(ctx: RunContext, delivery: ClaimedDelivery): Promise<PayloadDecision> {
  const target = { deliveryId: delivery.id, subscriptionId: delivery.subscriptionId, fields: delivery.fields };
  if (delivery.event === 'ping') return { send: true, payload: buildPingPayload(target, delivery.entity, delivery.createdAt) };
  if (!delivery.snapshot || !ctx.live) {
    return { send: false, reason: { code: 'NOT_READABLE', message: 'The record event or the live definition is gone.' } };
  }
  const policy = await ownerPolicy(ctx, ctx.live, delivery);
  return buildRecordPayload(target, delivery.snapshot, policy, ctx.knex);
}

async function attempt(ctx: RunContext, delivery: ClaimedDelivery, maxAttempts: number): Promise<DeliveryStatus> {
  const now = ctx.options.clock?.() ?? null;
  const decision = await decide(ctx, delivery);
  if (!decision.send) {
    await recordSkipped(ctx.knex, delivery, decision.reason, now);
    return 'skipped';
  }
  let outcome: AttemptOutcome;
  try {
    outcome = await sendDelivery(ctx.client, delivery.url, delivery.secret, decision.payload);
  } catch (error) {
    // The client returns errors as values; anything thrown is ours, and worth another try.
    outcome = { kind: 'retry', status: null, body: null, error: { code: 'INTERNAL', message: error instanceof Error ? error.message : String(error) } };
  }
  const delay = retryDelayMs(delivery.attempts, ctx.options.retry ?? DEFAULT_RETRY, ctx.options.random);
  return recordOutcome(ctx.knex, delivery, outcome, { maxAttempts, retryDelayMs: delay, now });
}

async function inParallel<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next];
      next += 1;
      if (item !== undefined) await work(item);
    }
  });
  await Promise.all(lanes);
}

/** Sends what is due once; returns what happened. Never throws for a receiver's failure. */
export async function deliverWebhooks(knex: Knex, definitions: LiveDefinitionSource, options: WebhookDeliveryOptions = {}): Promise<DeliveryRunSummary> {
  const summary: DeliveryRunSummary = { claimed: 0, delivered: 0, retrying: 0, failed: 0, skipped: 0 };
  const claimed = await claimDueDeliveries(knex, { batch: options.batch ?? 20, leaseMs: LEASE_MS, now: options.clock?.() ?? null });
  if (claimed.length === 0) return summary;
  summary.claimed = claimed.length;

  const ctx: RunContext = { knex, live: await definitions.getLive(knex), client: await outboundClient(knex, options), policies: new Map(), options };
  const bySubscription = new Map<string, ClaimedDelivery[]>();
  for (const delivery of claimed) bySubscription.set(delivery.subscriptionId, [...(bySubscription.get(delivery.subscriptionId) ?? []), delivery]);

  const maxAttempts = options.maxAttempts ?? 8;
  await inParallel([...bySubscription.values()], options.parallel ?? 4, async (queue) => {
    for (const delivery of queue) {
      const status = await attempt(ctx, delivery, maxAttempts);
      if (status === 'pending') summary.retrying += 1;
      else summary[status] += 1;
    }
  });
  return summary;
}

/** POST /api/webhooks/:id/test: one signed ping, sent now, not retried; the delivery as it ended. */
export async function sendPing(knex: Knex, subscriptionId: string, options: WebhookDeliveryOptions = {}): Promise<{ id: string; status: DeliveryStatus }> {
  const delivery = await insertPingDelivery(knex, subscriptionId, LEASE_MS);
  const ctx: RunContext = { knex, live: null, client: await outboundClient(knex, options), policies: new Map(), options };
  return { id: delivery.id, status: await attempt(ctx, delivery, 1) };
}

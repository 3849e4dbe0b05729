/*
 * Outbound webhooks (README.md beside this file): subscriptions API, the record-write sink that
 * queues deliveries, and the worker duty that sends them.
 */
export { webhooksMigrations } from './webhooks.migrations.js';
export { webhooksRoutes } from './webhooks.routes.js';
export { createWebhookEventSink } from './webhook-events.sink.js';
export { deliverWebhooks, sendPing, type DeliveryRunSummary, type WebhookDeliveryOptions } from './webhook-delivery.duty.js';
export {
  DEFAULT_WEBHOOK_RETENTION_DAYS,
  pruneWebhookDeliveries,
  type WebhookRetentionSummary,
} from './webhook-retention.duty.js';
export { signBody, verifySignature } from './webhook-signature.signer.js';
export type { WebhookPayload, WebhookEvent, SubscriptionView, DeliveryView } from './webhook.types.js';

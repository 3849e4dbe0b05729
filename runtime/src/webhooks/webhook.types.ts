import type { FieldChange } from '../records/index.js';

/* The shapes of the webhooks area: stored rows, what the API shows, what a receiver gets. */

export const WEBHOOK_EVENTS = ['create', 'update', 'delete', 'restore'] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

export function isWebhookEvent(value: unknown): value is WebhookEvent {
  return WEBHOOK_EVENTS.some((event) => event === value);
}

export type DeliveryStatus = 'pending' | 'delivered' | 'failed' | 'skipped';

export interface SubscriptionRow {
  id: string;
  name: string;
  url: string;
  entity: string;
  events: string[];
  fields: string[] | null;
  secret: string;
  owner_id: string;
  /** NULL: the owner's roles as they are; else an API token's roles that narrow them (the token made it). */
  owner_role_limit: string[] | null;
  active: boolean;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

/** A subscription as admins see it: never the secret. */
export interface SubscriptionView {
  id: string;
  name: string;
  url: string;
  entity: string;
  events: WebhookEvent[];
  fields: string[] | null;
  owner: string;
  active: boolean;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
}

/** Why an attempt failed or a delivery was not sent. */
export interface DeliveryError {
  code: string;
  message: string;
  url?: string;
}

export interface DeliveryView {
  id: string;
  event: string;
  recordId: string | null;
  version: number | null;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: string | null;
  lastAttemptAt: string | null;
  responseStatus: number | null;
  error: DeliveryError | null;
  createdAt: string;
  finishedAt: string | null;
}

/** The JSON body a receiver gets (signed as sent, byte for byte). */
export interface WebhookPayload {
  /** The delivery id: the same on every retry (also in X-CRM-Delivery and Idempotency-Key). */
  id: string;
  event: WebhookEvent | 'ping';
  entity: string;
  subscription: string;
  recordId: string | null;
  version: number | null;
  occurredAt: string;
  /** The record as written, with only what the subscription's owner may read. */
  record: Record<string, unknown> | null;
  /** Only fields the owner may read (and, when the subscription lists fields, only those). */
  changes: FieldChange[];
}

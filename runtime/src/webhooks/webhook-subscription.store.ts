import type { Knex } from 'knex';
import { forgetActiveSubscriptions } from './webhook-events.sink.js';
import { isWebhookEvent, type SubscriptionRow, type SubscriptionView, type WebhookEvent } from './webhook.types.js';

/* The webhook_subscriptions table: rows in, views out (a view never carries the secret). */

export interface NewSubscription {
  name: string;
  url: string;
  entity: string;
  events: WebhookEvent[];
  fields: string[] | null;
  secret: string;
  ownerId: string;
  /** Set with ownerId: the roles of the API token that named the owner (null when a session did). */
  ownerRoleLimit: readonly string[] | null;
  active: boolean;
  createdBy: string;
}

export type SubscriptionChanges = Partial<Omit<NewSubscription, 'createdBy'>>;

export function toSubscriptionView(row: SubscriptionRow): SubscriptionView {
  return {
    id: row.id,
    name: row.name,
    url: row.url,
    entity: row.entity,
    events: row.events.filter(isWebhookEvent),
    fields: row.fields,
    owner: row.owner_id,
    active: row.active,
    createdBy: row.created_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export async function insertSubscription(db: Knex, input: NewSubscription): Promise<SubscriptionRow> {
  const [row] = await db<SubscriptionRow>('webhook_subscriptions')
    .insert({
      name: input.name,
      url: input.url,
      entity: input.entity,
      events: input.events,
      fields: input.fields,
      secret: input.secret,
      owner_id: input.ownerId,
      owner_role_limit: input.ownerRoleLimit === null ? null : [...input.ownerRoleLimit],
      active: input.active,
      created_by: input.createdBy,
    })
    .returning('*');
  if (!row) throw new Error('insert into webhook_subscriptions returned no row');
  forgetActiveSubscriptions();
  return row;
}

export async function updateSubscription(db: Knex, id: string, changes: SubscriptionChanges): Promise<SubscriptionRow> {
  const values: Record<string, unknown> = { updated_at: db.fn.now() };
  if (changes.name !== undefined) values['name'] = changes.name;
  if (changes.url !== undefined) values['url'] = changes.url;
  if (changes.entity !== undefined) values['entity'] = changes.entity;
  if (changes.events !== undefined) values['events'] = changes.events;
  if (changes.fields !== undefined) values['fields'] = changes.fields;
  if (changes.secret !== undefined) values['secret'] = changes.secret;
  if (changes.ownerId !== undefined) values['owner_id'] = changes.ownerId;
  if (changes.ownerRoleLimit !== undefined) values['owner_role_limit'] = changes.ownerRoleLimit;
  if (changes.active !== undefined) values['active'] = changes.active;
  const [row] = await db<SubscriptionRow>('webhook_subscriptions').where({ id }).update(values).returning('*');
  if (!row) throw new Error(`update of webhook subscription ${id} returned no row`);
  forgetActiveSubscriptions();
  return row;
}

export async function findSubscription(db: Knex, id: string): Promise<SubscriptionRow | undefined> {
  return db<SubscriptionRow>('webhook_subscriptions').where({ id }).first();
}

export async function listSubscriptions(db: Knex): Promise<SubscriptionRow[]> {
  return db<SubscriptionRow>('webhook_subscriptions').orderBy('created_at').orderBy('id');
}

export async function deleteSubscription(db: Knex, id: string): Promise<boolean> {
  const deleted = (await db('webhook_subscriptions').where({ id }).delete()) > 0;
  forgetActiveSubscriptions();
  return deleted;
}

import type { SystemMigration } from '../db/system-migration.types.js';

/*
 * Outbound webhooks: subscriptions (admin-made, each owned by the user whose permissions shape its
 * payloads), the record events they are about (one snapshot per write, shared by its deliveries),
 * and one delivery row per subscription and event, claimed by workers with SKIP LOCKED.
 */
export const webhooksMigrations: SystemMigration[] = [
  {
    name: '0060_webhooks',
    async up(knex) {
      await knex.schema.createTable('webhook_subscriptions', (t) => {
        t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
        t.text('name').notNullable();
        t.text('url').notNullable();
        t.text('entity').notNullable();
        t.specificType('events', 'text[]').notNullable();
        // NULL: every field the owner may read.
        t.specificType('fields', 'text[]');
        // Kept as is: the HMAC needs it (like GitHub's and Stripe's webhook secrets).
        t.text('secret').notNullable();
        t.uuid('owner_id').notNullable().references('id').inTable('users').onDelete('CASCADE');
        t.boolean('active').notNullable().defaultTo(true);
        t.uuid('created_by').references('id').inTable('users').onDelete('SET NULL');
        t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
        t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
        t.index(['entity', 'active']);
      });
      await knex.schema.createTable('webhook_events', (t) => {
        t.uuid('id').primary();
        t.text('entity').notNullable();
        t.text('action').notNullable();
        t.uuid('record_id').notNullable();
        t.integer('version').notNullable();
        // The record as written, hidden fields included: redacted per owner at each delivery attempt.
        t.jsonb('record').notNullable();
        t.jsonb('changes').notNullable();
        t.timestamp('occurred_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
      });
      await knex.schema.createTable('webhook_deliveries', (t) => {
        t.uuid('id').primary();
        // Insertion order, for a best-effort per-subscription order among deliveries due together.
        t.specificType('seq', 'bigserial');
        t.uuid('subscription_id').notNullable().references('id').inTable('webhook_subscriptions').onDelete('CASCADE');
        t.uuid('event_id').references('id').inTable('webhook_events').onDelete('CASCADE');
        t.text('event').notNullable();
        t.text('status').notNullable().defaultTo('pending');
        t.integer('attempts').notNullable().defaultTo(0);
        t.timestamp('next_attempt_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
        t.timestamp('last_attempt_at', { useTz: true });
        t.integer('response_status');
        t.text('response_body');
        t.jsonb('last_error');
        t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
        t.timestamp('finished_at', { useTz: true });
        t.index(['status', 'next_attempt_at']);
        t.index(['subscription_id', 'seq']);
      });
      await knex.raw(
        `ALTER TABLE webhook_deliveries ADD CONSTRAINT webhook_deliveries_status_check CHECK (status IN ('pending', 'delivered', 'failed', 'skipped'))`,
      );
    },
  },
  {
    // A subscription made with an API token delivers only what that token could read: the token's
    // roles narrow the owner's at each delivery, as they narrow the token's own requests.
    name: '0061_webhook_owner_role_limit',
    async up(knex) {
      await knex.schema.alterTable('webhook_subscriptions', (t) => {
        t.specificType('owner_role_limit', 'text[]');
      });
    },
  },
];

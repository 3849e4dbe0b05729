import type { SystemMigration } from '../db/system-migration.types.js';

/*
 * Telephony: each PBX integration (its secret only as a SHA-256 hash, its matching and mapping
 * configuration), each person's extension on it, and every call event received, unique by
 * (integration, call, event) so a PBX that retries never writes an activity or task twice.
 */
export const telephonyMigrations: SystemMigration[] = [
  {
    name: '0420_telephony',
    async up(knex) {
      await knex.schema.createTable('telephony_integrations', (t) => {
        t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
        t.text('name').notNullable().unique();
        t.text('secret_hash').notNullable();
        t.jsonb('config').notNullable();
        t.uuid('created_by');
        t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
      });
      await knex.schema.createTable('telephony_extensions', (t) => {
        t.uuid('integration_id').notNullable().references('id').inTable('telephony_integrations').onDelete('CASCADE');
        t.uuid('user_id').notNullable().references('id').inTable('users').onDelete('CASCADE');
        t.text('extension').notNullable();
        t.primary(['integration_id', 'user_id']);
        t.unique(['integration_id', 'extension']);
      });
      await knex.schema.createTable('telephony_call_events', (t) => {
        t.bigIncrements('id').primary();
        t.uuid('integration_id').notNullable().references('id').inTable('telephony_integrations').onDelete('CASCADE');
        t.text('call_id').notNullable();
        t.text('event').notNullable();
        t.text('from_number');
        t.text('to_number');
        t.jsonb('outcome').notNullable().defaultTo('{}');
        t.timestamp('received_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
        t.unique(['integration_id', 'call_id', 'event']);
      });
    },
  },
  {
    // A deleted integration stays as a row (its events and extensions are history) but refuses
    // events; its name is free again, so the name is unique only among the live ones. An event
    // keeps its direction, talk time and recording, which the record timeline shows with the call.
    name: '0421_telephony_deleted_at',
    async up(knex) {
      await knex.schema.alterTable('telephony_integrations', (t) => {
        t.timestamp('deleted_at', { useTz: true });
        t.timestamp('secret_rotated_at', { useTz: true });
        t.dropUnique(['name']);
      });
      await knex.schema.alterTable('telephony_call_events', (t) => {
        t.text('direction');
        t.integer('duration');
        t.text('recording_url');
      });
      await knex.raw('create unique index telephony_integrations_live_name on telephony_integrations (name) where deleted_at is null');
    },
  },
];

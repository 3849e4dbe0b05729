import type { SystemMigration } from '../db/system-migration.types.js';

/** The auth area's tables, in order (see db/system.migrations.ts). */
export const authMigrations: SystemMigration[] = [
  {
    name: '0010_auth_csrf_tokens_throttle',
    async up(knex) {
      // Sessions from before CSRF tokens existed cannot be used for cookie writes; they expire anyway.
      await knex.schema.alterTable('sessions', (t) => {
        t.text('csrf_hash');
      });
      await knex.schema.createTable('api_tokens', (t) => {
        t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
        t.text('name').notNullable();
        t.text('token_hash').notNullable().unique();
        t.uuid('user_id').notNullable().references('id').inTable('users').onDelete('CASCADE');
        t.specificType('roles', 'text[]').notNullable().defaultTo('{}');
        t.uuid('created_by').references('id').inTable('users').onDelete('SET NULL');
        t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
        t.timestamp('expires_at', { useTz: true });
        t.timestamp('last_used_at', { useTz: true });
        t.timestamp('revoked_at', { useTz: true });
        t.index(['user_id']);
      });
      // One row per throttled key ("account:<email>" or "address:<ip or /64>"), shared by every
      // runtime process on the database.
      await knex.schema.createTable('login_throttle', (t) => {
        t.text('key').primary();
        t.integer('failures').notNullable().defaultTo(0);
        t.timestamp('window_started_at', { useTz: true });
        t.timestamp('locked_until', { useTz: true });
        t.integer('lockouts').notNullable().defaultTo(0);
        t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
        t.index(['updated_at']);
      });
    },
  },
  {
    name: '0011_auth_user_locale',
    async up(knex) {
      // The language a person chose in the UI ('ru' | 'en'); null until they choose, when the
      // browser's language decides.
      await knex.schema.alterTable('users', (t) => {
        t.text('locale');
      });
    },
  },
];

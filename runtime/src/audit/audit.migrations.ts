import type { SystemMigration } from '../db/system-migration.types.js';

/** The genesis value of the chain: the prev_hash of entry 1, and the head's hash while the log is empty. */
export const AUDIT_GENESIS_HASH = '0'.repeat(64);

/** The audit area's tables, in order (see db/system.migrations.ts). */
export const auditMigrations: SystemMigration[] = [
  {
    name: '0020_audit_log',
    async up(knex) {
      // Ids are assigned by the appender (head + 1) under a lock, so the chain has no gaps and a
      // missing id is itself evidence; there is no sequence to skip numbers on a rollback.
      await knex.schema.createTable('audit_log', (t) => {
        t.bigInteger('id').primary();
        t.timestamp('at', { useTz: true }).notNullable();
        t.uuid('actor_id');
        t.text('actor_email');
        t.text('action').notNullable();
        t.text('target_type');
        t.text('target_id');
        t.text('target_name');
        t.text('outcome').notNullable();
        t.text('ip');
        t.text('request_id');
        t.jsonb('details').notNullable().defaultTo('{}');
        t.text('prev_hash').notNullable();
        t.text('hash').notNullable();
        t.index(['action', 'id']);
        t.index(['actor_id', 'id']);
        t.index(['at']);
      });
      // One row: the id and hash of the newest entry, updated in the same transaction as each
      // append, so cutting entries off the end of the log is detected as well.
      await knex.schema.createTable('audit_head', (t) => {
        t.integer('id').primary();
        t.bigInteger('last_id').notNullable();
        t.text('last_hash').notNullable();
        t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
      });
      await knex('audit_head').insert({ id: 1, last_id: 0, last_hash: AUDIT_GENESIS_HASH });
    },
  },
];

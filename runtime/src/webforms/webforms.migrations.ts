import type { SystemMigration } from '../db/system-migration.types.js';

/*
 * Web forms: what each accepted submission was (the consent a visitor gave, with its wording, time
 * and address, and the campaign it came from) beside the record it created, and the per-address
 * counters of the rate limit, in the database so every runtime process behind a load balancer
 * counts the same submissions (ARCHITECTURE §5: PostgreSQL is the one stateful component).
 */
export const webFormsMigrations: SystemMigration[] = [
  {
    name: '0410_web_forms',
    async up(knex) {
      await knex.schema.createTable('web_form_submissions', (t) => {
        t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
        t.text('form').notNullable();
        t.text('entity').notNullable();
        t.uuid('record_id').notNullable();
        t.text('address');
        t.text('locale').notNullable();
        // The consent as the visitor saw it (in the page's language); null when the form asks none.
        t.text('consent_text');
        t.timestamp('consented_at', { useTz: true });
        t.jsonb('utm').notNullable().defaultTo('{}');
        t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
        t.index(['entity', 'record_id']);
        t.index(['form', 'created_at']);
      });
      // One row per form and address (an IPv6 /64): a fixed window and the submissions in it.
      await knex.schema.createTable('web_form_throttle', (t) => {
        t.text('key').primary();
        t.integer('hits').notNullable();
        t.timestamp('window_started_at', { useTz: true }).notNullable();
        t.index(['window_started_at']);
      });
    },
  },
];

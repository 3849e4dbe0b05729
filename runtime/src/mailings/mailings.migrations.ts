import type { SystemMigration } from '../db/system-migration.types.js';

/*
 * Mailings (issue 15 item 7): segments (a named condition over an entity with an e-mail field), the
 * mailings sent to them, one row per recipient resolved at send time (its rendered message, its
 * unguessable token for the unsubscribe and click links, when it went into mail_outbox and under
 * which idempotency key, so its sent/failed state is the outbox row's), the links a mailing's
 * messages carry (a click redirects only to one of these), the clicks, and the addresses that
 * unsubscribed (by address, so every later mailing skips them whichever record holds it).
 */
export const mailingsMigrations: SystemMigration[] = [
  {
    name: '0430_mailings',
    async up(knex) {
      await knex.schema.createTable('mailing_segments', (t) => {
        t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
        t.text('name').notNullable();
        t.text('entity').notNullable();
        t.text('email_field').notNullable();
        t.jsonb('condition');
        t.uuid('created_by');
        t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
        t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
      });
      await knex.schema.createTable('mailings', (t) => {
        t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
        t.text('name').notNullable();
        t.uuid('segment_id').references('id').inTable('mailing_segments').onDelete('SET NULL');
        t.text('subject').notNullable();
        t.text('body').notNullable();
        t.integer('throttle_per_minute').notNullable();
        // draft -> sending (recipients queued, the duty moves them to the outbox) -> sent (all moved)
        t.text('status').notNullable().defaultTo('draft');
        t.text('entity');
        t.text('base_url');
        t.uuid('created_by');
        t.uuid('sent_by');
        t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
        t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
        t.timestamp('sent_at', { useTz: true });
        t.timestamp('finished_at', { useTz: true });
        t.index(['status']);
      });
      await knex.schema.createTable('mailing_recipients', (t) => {
        t.bigIncrements('id').primary();
        t.uuid('mailing_id').notNullable().references('id').inTable('mailings').onDelete('CASCADE');
        t.uuid('record_id').notNullable();
        t.text('display');
        t.text('email').notNullable();
        t.text('token').notNullable().unique();
        // queued (a message to move to the outbox) or unsubscribed (skipped at send: nothing sent)
        t.text('status').notNullable();
        t.text('subject');
        t.text('body');
        t.boolean('html').notNullable().defaultTo(false);
        t.text('outbox_key');
        t.timestamp('moved_at', { useTz: true });
        t.timestamp('clicked_at', { useTz: true });
        t.timestamp('unsubscribed_at', { useTz: true });
        t.unique(['mailing_id', 'email']);
        t.index(['mailing_id', 'moved_at']);
      });
      await knex.schema.createTable('mailing_links', (t) => {
        t.bigIncrements('id').primary();
        t.uuid('mailing_id').notNullable().references('id').inTable('mailings').onDelete('CASCADE');
        t.text('url').notNullable();
        t.unique(['mailing_id', 'url']);
      });
      await knex.schema.createTable('mailing_clicks', (t) => {
        t.bigIncrements('id').primary();
        t.bigInteger('recipient_id').notNullable().references('id').inTable('mailing_recipients').onDelete('CASCADE');
        t.bigInteger('link_id').notNullable().references('id').inTable('mailing_links').onDelete('CASCADE');
        t.timestamp('clicked_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
        t.index(['recipient_id']);
      });
      await knex.schema.createTable('mailing_unsubscribes', (t) => {
        t.text('email').primary();
        t.bigInteger('recipient_id').references('id').inTable('mailing_recipients').onDelete('SET NULL');
        t.timestamp('unsubscribed_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
      });
    },
  },
];

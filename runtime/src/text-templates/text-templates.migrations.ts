import type { SystemMigration } from '../db/system-migration.types.js';

/*
 * Text templates live beside the definition, not in it: admins edit an offer's wording without a
 * publish, and a template names its entity by name (checked against the live definition on save).
 * record_documents ties each generated PDF (a row of `files`) to the record it was made for, so the
 * record's timeline lists it and only those who may read the record download it.
 */
export const textTemplatesMigrations: SystemMigration[] = [
  {
    name: '0440_text_templates',
    async up(knex) {
      await knex.schema.createTable('text_templates', (t) => {
        t.text('name').primary();
        t.text('kind').notNullable();
        t.text('entity').notNullable();
        t.jsonb('label').notNullable();
        t.text('subject');
        t.text('file_name');
        t.text('body').notNullable();
        t.uuid('updated_by').references('id').inTable('users').onDelete('SET NULL');
        t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
        t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
        t.index(['entity', 'kind']);
      });
      await knex.schema.createTable('record_documents', (t) => {
        t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
        t.text('entity').notNullable();
        t.uuid('record_id').notNullable();
        t.text('template').notNullable();
        t.text('file_name').notNullable();
        t.uuid('file_key').notNullable().references('key').inTable('files').onDelete('CASCADE');
        t.uuid('created_by').references('id').inTable('users').onDelete('SET NULL');
        t.uuid('run_id');
        // A document node's step key: a retried step finds the document it already made.
        t.text('idempotency_key').unique();
        t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
        t.index(['entity', 'record_id', 'created_at']);
      });
    },
  },
  {
    // The template's own language (null: the app's default), so an English invoice in a Russian app
    // prints "December 5, 2026", not "5 декабря 2026 г.".
    name: '0442_text_templates_locale',
    async up(knex) {
      await knex.schema.alterTable('text_templates', (t) => {
        t.text('locale');
      });
    },
  },
  {
    // Sequential document numbers (СЧ-2026-0001): the template's numbering settings, one counter row
    // per sequence and period ('' or the year of a yearly counter), taken with an upsert in the
    // transaction that saves the document, so its row lock orders concurrent documents and a
    // rolled-back document returns its number; and the number each document was given.
    name: '0444_document_numbers',
    async up(knex) {
      await knex.schema.alterTable('text_templates', (t) => {
        t.jsonb('numbering');
      });
      await knex.schema.createTable('document_sequences', (t) => {
        t.text('name').notNullable();
        t.text('period').notNullable();
        t.bigInteger('last_value').notNullable();
        t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
        t.primary(['name', 'period']);
      });
      await knex.schema.alterTable('record_documents', (t) => {
        t.text('number');
      });
    },
  },
];

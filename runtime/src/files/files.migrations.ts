import type { SystemMigration } from '../db/system-migration.types.js';

/** Files attached to records (file fields); migrations named 0300_*. */
export const filesMigrations: SystemMigration[] = [
  {
    name: '0300_files',
    async up(knex) {
      // The bytes live in the database (bytea), so PGlite and PostgreSQL, backups and bundles carry
      // them with no volume beside it. A row is an upload for one entity's field: the record's
      // value ({name, size, mime, key}) points at it by key. attached_at stays null until a save
      // references the key; unattached uploads older than a day are removed (stale-uploads.duty).
      await knex.schema.createTable('files', (t) => {
        t.uuid('key').primary().defaultTo(knex.raw('gen_random_uuid()'));
        t.text('entity').notNullable();
        t.text('field').notNullable();
        t.text('name').notNullable();
        t.text('mime').notNullable();
        t.bigInteger('size').notNullable();
        t.text('sha256').notNullable();
        t.binary('content').notNullable();
        t.uuid('created_by').references('id').inTable('users').onDelete('SET NULL');
        t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
        t.timestamp('attached_at', { useTz: true });
        t.index(['created_at'], undefined, { predicate: knex.whereNull('attached_at') });
      });
    },
  },
];

import type { SystemMigration } from '../db/system-migration.types.js';

/** Saved list views (personal and shared) of the workspace; migrations named 0200_*. */
export const savedViewsMigrations: SystemMigration[] = [
  {
    name: '0200_saved_views',
    async up(knex) {
      // One row per view a person saved on a list: its columns, filter (condition JSON), sort and
      // search text. `shared` views are listed to everyone who may read the entity.
      await knex.schema.createTable('saved_views', (t) => {
        t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
        t.text('entity').notNullable();
        t.text('name').notNullable();
        t.uuid('owner_id').notNullable().references('id').inTable('users').onDelete('CASCADE');
        t.boolean('shared').notNullable().defaultTo(false);
        t.jsonb('config').notNullable();
        t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
        t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
        t.index(['entity', 'owner_id']);
        t.index(['entity', 'shared']);
      });
    },
  },
];

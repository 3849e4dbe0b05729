import type { SystemMigration } from '../db/system-migration.types.js';

/** Admin settings of the installation (not of the app definition): the outbound allow-list, SMTP. */
export const settingsMigrations: SystemMigration[] = [
  {
    name: '0050_runtime_settings',
    async up(knex) {
      await knex.schema.createTable('runtime_settings', (t) => {
        t.text('key').primary();
        t.jsonb('value').notNullable();
        t.uuid('updated_by');
        t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
      });
    },
  },
];

import type { Knex } from 'knex';
import { accessMigrations } from '../access/access.migrations.js';
import { auditMigrations } from '../audit/audit.migrations.js';
import { authMigrations } from '../auth/auth.migrations.js';
import { engineMigrations } from '../processes/engine.migrations.js';
import { filesMigrations } from '../files/files.migrations.js';
import { savedViewsMigrations } from '../saved-views/saved-views.migrations.js';
import { settingsMigrations } from '../settings/settings.migrations.js';
import { webhooksMigrations } from '../webhooks/webhooks.migrations.js';
import { webFormsMigrations } from '../webforms/webforms.migrations.js';
import { telephonyMigrations } from '../telephony/telephony.migrations.js';
import { textTemplatesMigrations } from '../text-templates/text-templates.migrations.js';
import { mailMigrations } from '../mail/mail.migrations.js';
import { mailingsMigrations } from '../mailings/mailings.migrations.js';
import type { SystemMigration } from './system-migration.types.js';

/*
 * The runtime's own tables (people, sessions, definitions, history). Entity tables are not here:
 * they are created and migrated by publishing a definition. Migrations are code, listed in order,
 * run through knex's migrator so a database records which ones it has. Each area keeps its own
 * migrations beside its code (auth, audit, access, the engine's run state) and they are appended
 * here after the foundation, area by area; a released migration is never renamed or edited.
 */
const foundation: SystemMigration[] = [
  {
    name: '0001_people_and_definitions',
    async up(knex) {
      await knex.schema.createTable('teams', (t) => {
        t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
        t.text('name').notNullable().unique();
        t.uuid('manager_id');
        t.uuid('parent_id').references('id').inTable('teams').onDelete('SET NULL');
        t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
      });
      await knex.schema.createTable('users', (t) => {
        t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
        t.text('email').notNullable().unique();
        t.text('name').notNullable();
        t.text('password_hash');
        t.specificType('roles', 'text[]').notNullable().defaultTo('{}');
        t.uuid('team_id').references('id').inTable('teams').onDelete('SET NULL');
        t.uuid('manager_id').references('id').inTable('users').onDelete('SET NULL');
        t.jsonb('attributes').notNullable().defaultTo('{}');
        t.boolean('disabled').notNullable().defaultTo(false);
        t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
        t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
      });
      await knex.schema.alterTable('teams', (t) => {
        t.foreign('manager_id').references('id').inTable('users').onDelete('SET NULL');
      });
      await knex.schema.createTable('sessions', (t) => {
        t.text('token_hash').primary();
        t.uuid('user_id').notNullable().references('id').inTable('users').onDelete('CASCADE');
        t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
        t.timestamp('expires_at', { useTz: true }).notNullable();
        t.index(['user_id']);
      });
      await knex.schema.createTable('definition_draft', (t) => {
        t.integer('id').primary();
        t.jsonb('definition').notNullable();
        t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
        t.uuid('updated_by');
      });
      await knex.schema.createTable('definition_versions', (t) => {
        t.integer('version').primary();
        t.jsonb('definition').notNullable();
        t.jsonb('plan').notNullable().defaultTo('[]');
        t.text('note');
        t.boolean('is_live').notNullable().defaultTo(false);
        t.timestamp('published_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
        t.uuid('published_by');
      });
      await knex.schema.createTable('definition_archives', (t) => {
        t.increments('id').primary();
        t.integer('version').notNullable();
        t.text('kind').notNullable();
        t.text('entity').notNullable();
        t.text('field');
        t.text('table_name').notNullable();
        t.jsonb('definition').notNullable();
        t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
        t.timestamp('restored_at', { useTz: true });
      });
      await knex.schema.createTable('record_history', (t) => {
        t.bigIncrements('id').primary();
        t.text('entity').notNullable();
        t.uuid('record_id').notNullable();
        t.integer('version').notNullable();
        t.text('action').notNullable();
        t.jsonb('changes').notNullable();
        t.uuid('actor_id');
        t.text('actor_kind').notNullable().defaultTo('user');
        t.text('process');
        t.text('run_id');
        t.timestamp('at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
        t.index(['entity', 'record_id', 'id']);
      });
    },
  },
];

const migrations: SystemMigration[] = [...foundation, ...authMigrations, ...auditMigrations, ...accessMigrations, ...settingsMigrations, ...webhooksMigrations, ...engineMigrations, ...savedViewsMigrations, ...filesMigrations, ...webFormsMigrations, ...telephonyMigrations, ...mailingsMigrations, ...textTemplatesMigrations, ...mailMigrations];

const migrationSource: Knex.MigrationSource<SystemMigration> = {
  getMigrations: async () => migrations,
  getMigrationName: (migration) => migration.name,
  getMigration: async (migration) => ({ up: migration.up, down: async () => undefined }),
};

export async function migrateSystemTables(knex: Knex): Promise<void> {
  await knex.migrate.latest({ migrationSource, tableName: 'crm_system_migrations' });
}

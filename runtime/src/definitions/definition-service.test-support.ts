import crypto from 'node:crypto';
import { validateApp, type App } from '@crm/schemas';
import type { Knex } from 'knex';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import type { DatabaseKind } from '../db/database.factory.js';
import { migrateSystemTables } from '../db/system.migrations.js';
import { captureBaseline, createTestDatabase, type DatabaseBaseline, type TestDatabase } from '../db/test-database.js';
import { isAppError, type AppError } from '../errors/index.js';
import { createDefinitionService, type DefinitionService, type PublishOutcome } from './definition.service.js';

/* Shared by the definition service suites: one migrated database per file, reset before each test. */

export const actor = { id: crypto.randomUUID() };

/** Tables, columns, indexes and constraints of the public schema, to compare before and after. */
export async function schemaSnapshot(knex: Knex): Promise<unknown> {
  const columns = await knex('information_schema.columns')
    .where({ table_schema: 'public' })
    .select('table_name', 'column_name', 'data_type', 'is_nullable', 'column_default', 'is_generated')
    .orderBy(['table_name', 'ordinal_position']);
  const indexes = await knex('pg_indexes').where({ schemaname: 'public' }).select('tablename', 'indexname', 'indexdef').orderBy(['tablename', 'indexname']);
  const constraints = await knex('information_schema.table_constraints')
    .where({ table_schema: 'public' })
    .select('table_name', 'constraint_name', 'constraint_type')
    .orderBy(['table_name', 'constraint_name']);
  return { columns, indexes, constraints };
}

export async function tableNames(knex: Knex): Promise<string[]> {
  const rows: Array<{ table_name: string }> = await knex('information_schema.tables').where({ table_schema: 'public' }).select('table_name');
  return rows.map((r) => r.table_name).sort();
}

export async function columnTypes(knex: Knex, table: string): Promise<Record<string, string>> {
  const rows: Array<{ column_name: string; data_type: string }> = await knex('information_schema.columns')
    .where({ table_schema: 'public', table_name: table })
    .select('column_name', 'data_type');
  return Object.fromEntries(rows.map((r) => [r.column_name, r.data_type]));
}

export async function definitionState(knex: Knex): Promise<unknown> {
  return {
    versions: await knex('definition_versions').select('version', 'is_live', 'definition', 'plan').orderBy('version'),
    draft: await knex('definition_draft').select('definition'),
    archives: await knex('definition_archives').select('*').orderBy('id'),
  };
}

export async function caught(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (isAppError(error)) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

export function published(outcome: PublishOutcome): { version: number; plan: PublishOutcome['plan'] } {
  if (outcome.dryRun) throw new Error('expected a real publish');
  return outcome;
}

export interface DefinitionServiceSuite {
  readonly knex: Knex;
  readonly service: DefinitionService;
  /** Puts the app as the draft and publishes it (confirming the given steps). */
  publish(app: App, confirm?: string[]): Promise<{ version: number; plan: PublishOutcome['plan'] }>;
  /** The current draft as the builder gets it: with the stable ids the server assigned. */
  editableDraft(): Promise<App>;
}

/*
 * Opens and migrates the database once per file (seconds on PGlite) and restores the migrated
 * state before each test (milliseconds), with a fresh service each time, so every test still
 * starts from an empty, migrated database.
 */
export function definitionServiceSuite(kind: DatabaseKind): DefinitionServiceSuite {
  let db: TestDatabase | undefined;
  let baseline: DatabaseBaseline | undefined;
  let service: DefinitionService | undefined;
  beforeAll(async () => {
    db = await createTestDatabase(kind);
    await migrateSystemTables(db.knex);
    baseline = await captureBaseline(db.knex);
  });
  beforeEach(async () => {
    if (!db || !baseline) throw new Error('the suite database did not open');
    await baseline.restore();
    service = createDefinitionService(db.knex);
  });
  afterAll(async () => {
    await db?.drop();
  });
  const current = (): { knex: Knex; service: DefinitionService } => {
    if (!db || !service) throw new Error('used outside a test');
    return { knex: db.knex, service };
  };
  return {
    get knex() {
      return current().knex;
    },
    get service() {
      return current().service;
    },
    async publish(app, confirm = []) {
      await current().service.putDraft(app, actor);
      return published(await current().service.publish({ confirm }, actor));
    },
    async editableDraft() {
      const draft = await current().service.getDraft();
      if (!draft) throw new Error('no draft');
      const checked = validateApp(structuredClone(draft.definition));
      if (!checked.ok) throw new Error(`the stored draft has issues: ${checked.issues.map((i) => i.code).join(', ')}`);
      return checked.app;
    },
  };
}

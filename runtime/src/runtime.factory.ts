import type { Express } from 'express';
import type { Database } from './db/database.factory.js';
import { migrateSystemTables } from './db/system.migrations.js';
import { createDefinitionService, type DefinitionService } from './definitions/definition.service.js';
import { createHttpApp } from './http/app.factory.js';
import type { RuntimeContext } from './runtime.context.js';

export interface Runtime {
  context: RuntimeContext;
  definitionService: DefinitionService;
  httpApp: Express;
}

/** Wires a runtime over an open database: system tables migrated, services built, routes mounted. */
export async function createRuntime(db: Database): Promise<Runtime> {
  await migrateSystemTables(db.knex);
  const definitionService = createDefinitionService(db.knex);
  const context: RuntimeContext = { db, definitions: definitionService };
  const httpApp = createHttpApp({ context, definitionService });
  return { context, definitionService, httpApp };
}

import type { Express } from 'express';
import type { Database } from './db/database.factory.js';
import { migrateSystemTables } from './db/system.migrations.js';
import { createDefinitionService, type DefinitionService } from './definitions/definition.service.js';
import { createHttpApp } from './http/app.factory.js';
import { createEngineHost, type EngineHost, type EngineHostOptions } from './processes/engine.host.js';
import type { RuntimeContext } from './runtime.context.js';

export interface Runtime {
  context: RuntimeContext;
  definitionService: DefinitionService;
  engine: EngineHost;
  httpApp: Express;
}

export interface RuntimeOptions {
  engine?: EngineHostOptions;
}

/**
 * Wires a runtime over an open database: system tables migrated, services built, the engine host
 * created (its record seams go into every save made over HTTP), routes mounted. Workers are started
 * separately (`runtime.engine.startWorkers()`), so a process may serve HTTP, run workers, or both.
 */
export async function createRuntime(db: Database, options: RuntimeOptions = {}): Promise<Runtime> {
  await migrateSystemTables(db.knex);
  const definitionService = createDefinitionService(db.knex);
  const context: RuntimeContext = { db, definitions: definitionService };
  const engine = createEngineHost(db, definitionService, options.engine);
  const httpApp = createHttpApp({ context, definitionService, engine });
  return { context, definitionService, engine, httpApp };
}

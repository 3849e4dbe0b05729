import type { Express } from 'express';
import type { Database } from './db/database.factory.js';
import { migrateSystemTables } from './db/system.migrations.js';
import { createDefinitionService, type DefinitionService } from './definitions/definition.service.js';
import { DEFINITIONS_CHANNEL } from './definitions/live-definition.cache.js';
import { createHttpApp } from './http/app.factory.js';
import { createEngineHost, type EngineHost, type EngineHostOptions } from './processes/engine.host.js';
import { checkProcessSchedules, checkProcessScripts } from './processes/process-publish.rules.js';
import type { RuntimeContext } from './runtime.context.js';
import type { RecordEventSink } from './records/record-events.outbox.js';
import { createWebhookEventSink } from './webhooks/index.js';

export interface Runtime {
  context: RuntimeContext;
  definitionService: DefinitionService;
  engine: EngineHost;
  httpApp: Express;
  /** Stops the workers and listeners; the database stays open (its owner closes it). */
  stop(): Promise<void>;
}

export interface RuntimeOptions {
  engine?: EngineHostOptions;
}

/** What an area adds to every record write (in the write's transaction). */
export type RecordSinkFactory = (context: RuntimeContext) => RecordEventSink;

/** Areas that listen to record writes beside the engine; each entry builds its sink from the context. */
const RECORD_SINKS: readonly RecordSinkFactory[] = [createWebhookEventSink];

/**
 * Wires a runtime over an open database: system tables migrated, services built, the engine host
 * created (its record seams go into every save made over HTTP), routes mounted. Workers are started
 * separately (`runtime.engine.startWorkers()`), so a process may serve HTTP, run workers, or both.
 */
export async function createRuntime(db: Database, options: RuntimeOptions = {}): Promise<Runtime> {
  await migrateSystemTables(db.knex);
  // Scripts are type-checked against the app's record types before a publish goes through.
  const definitionService = createDefinitionService(db.knex, { publishChecks: [checkProcessScripts, checkProcessSchedules] });
  const context: RuntimeContext = { db, definitions: definitionService };
  const extraSinks = RECORD_SINKS.map((factory) => factory(context));
  const engine = createEngineHost(db, definitionService, { ...options.engine, extraSinks: [...extraSinks, ...(options.engine?.extraSinks ?? [])] });
  const httpApp = createHttpApp({ context, definitionService, engine });
  const unwatch = await definitionService.watchPublishes((changed, lost) => db.listen(DEFINITIONS_CHANNEL, changed, lost));
  return {
    context,
    definitionService,
    engine,
    httpApp,
    async stop() {
      await engine.stop();
      await unwatch();
    },
  };
}

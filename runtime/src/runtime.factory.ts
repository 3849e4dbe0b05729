// The definition language's shape validators generated ahead of time: no compile at each start.
import '@crm/schemas/precompiled';
import { DEFAULT_NODE_LIMIT_CEILINGS } from '@crm/schemas';
import type { Express } from 'express';
import { createAuditTrail } from './audit/audit-trail.service.js';
import { watchAuthChanges } from './auth/auth-cache.registry.js';
import { createBackgroundDuties, type BackgroundDuties, type DutySettings } from './background-duties.factory.js';
import type { Database } from './db/database.factory.js';
import { migrateSystemTables } from './db/system.migrations.js';
import { createDefinitionService, type DefinitionService } from './definitions/definition.service.js';
import { DEFINITIONS_CHANNEL } from './definitions/live-definition.cache.js';
import { createHttpApp } from './http/app.factory.js';
import type { UiBuildState } from './http/ui-build-stamp.reader.js';
import { createEngineHost, type EngineHost, type EngineHostOptions, type EngineWorker } from './processes/engine.host.js';
import { checkProcessSchedules, checkProcessScripts, processLimitsCheck } from './processes/process-publish.rules.js';
import type { RuntimeContext } from './runtime.context.js';
import type { RecordEventSink } from './records/index.js';
import { createWebhookEventSink } from './webhooks/index.js';

export interface Runtime {
  context: RuntimeContext;
  definitionService: DefinitionService;
  engine: EngineHost;
  httpApp: Express;
  /**
   * Starts engine workers in this process, each also running the background duties (mail and
   * webhook delivery, webhook retention, database upkeep). Settings default to `options.workers`.
   */
  startWorkers(spec?: WorkerSettings): Promise<EngineWorker>;
  /** Stops the workers and listeners; the database stays open (its owner closes it). */
  stop(): Promise<void>;
}

export interface WorkerSettings {
  /** Runs at once per worker (CRM_WORKER_CONCURRENCY; the engine host's default by database). */
  concurrency?: number;
  pollMs?: number;
  /** Jobs claimed at once (CRM_WORKER_BATCH). */
  batchSize?: number;
}

/** Everything a runtime is built from; read from the environment only by cli/ parsers, in main.ts. */
export interface RuntimeOptions {
  engine?: EngineHostOptions;
  /** Express's `trust proxy` (CRM_TRUST_PROXY). */
  trustProxy?: boolean | number | string[];
  workers?: WorkerSettings;
  duties?: DutySettings;
  /** The built UI to serve beside the API (main.ts reads it with readUiBuild); none: API only. */
  ui?: UiBuildState;
}

/** What an area adds to every record write (in the write's transaction). */
export type RecordSinkFactory = (context: RuntimeContext) => RecordEventSink;

/** Areas that listen to record writes beside the engine; each entry builds its sink from the context. */
const RECORD_SINKS: readonly RecordSinkFactory[] = [createWebhookEventSink];

/**
 * The composition root: main.ts and the test runtime both build a runtime here, over an open
 * database: system tables migrated, services built, the engine host created with every record sink
 * (its seams go into every save made over HTTP), routes mounted, background duties prepared.
 * Workers (with the duties) are started separately (`runtime.startWorkers()`), so a process may
 * serve HTTP, run workers, or both.
 */
export async function createRuntime(db: Database, options: RuntimeOptions = {}): Promise<Runtime> {
  await migrateSystemTables(db.knex);
  // Scripts are type-checked against the app's record types before a publish goes through.
  // Nodes' own retry and timeout values are checked against the ceilings the engine runs with.
  const ceilings = options.engine?.engine?.ceilings ?? DEFAULT_NODE_LIMIT_CEILINGS;
  const definitionService = createDefinitionService(db.knex, { publishChecks: [checkProcessScripts, checkProcessSchedules, processLimitsCheck(ceilings)] });
  const context: RuntimeContext = { db, definitions: definitionService };
  const extraSinks = RECORD_SINKS.map((factory) => factory(context));
  const engine = createEngineHost(db, definitionService, { ...options.engine, extraSinks: [...extraSinks, ...(options.engine?.extraSinks ?? [])] });
  // The one writer of audit entries, for every route and service that records one.
  const auditTrail = createAuditTrail(db.knex);
  const httpApp = createHttpApp({ context, definitionService, engine, auditTrail, ...(options.trustProxy !== undefined ? { trustProxy: options.trustProxy } : {}), ui: options.ui });
  let background: Promise<BackgroundDuties> | null = null;
  const unwatch = await definitionService.watchPublishes((changed, lost) => db.listen(DEFINITIONS_CHANNEL, changed, lost));
  // Sessions, API tokens and access subjects are served from memory while this LISTEN is live.
  const unwatchAuth = await watchAuthChanges(db);
  return {
    context,
    definitionService,
    engine,
    httpApp,
    async startWorkers(spec = options.workers ?? {}) {
      if (!background) {
        background = createBackgroundDuties(db, definitionService, options.duties).then(async (made) => {
          if (made.notice) console.warn(made.notice);
          if (made.analyzeAtStart) await made.analyzeAll();
          return made;
        });
      }
      const { duties } = await background;
      return engine.startWorkers({ ...spec, duties });
    },
    async stop() {
      await engine.stop();
      await unwatch();
      await unwatchAuth();
    },
  };
}

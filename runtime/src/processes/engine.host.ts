import {
  createEngine,
  createSandboxScriptPort,
  createScriptSandbox,
  ENGINE_CHANNEL,
  lockedWaitsOf,
  recordWaitsLockQuery,
  type Engine,
  type EngineOptions,
  type EngineProbe,
  type EngineWorker,
  type WorkerDuty,
  type WorkerHealth,
} from '@crm/engine';
import type { App } from '@crm/schemas';
import type { Knex } from 'knex';
import type { Database } from '../db/database.factory.js';
import { diffRecords, fanOutSink, findEntityModel, jsonRowsOf, type BeforeSaveHook, type RecordEventSink } from '../records/index.js';
import type { LiveDefinitionSource } from '../runtime.context.js';
import { createEngineHttpPort } from './engine-http.port.js';
import { engineLocksPort } from './engine-locks.port.js';
import { enginePeoplePort } from './engine-people.port.js';
import { createEngineRecordsPort, type RecordSeams } from './engine-records.port.js';
import { engineTextTemplatesPort } from './engine-text-templates.port.js';
import { callerLocale, processFailure } from './step-failure.mapper.js';

/** The engine's worker types the rest of the runtime names (only processes/ imports @crm/engine). */
export type { EngineWorker, WorkerDuty, WorkerHealth } from '@crm/engine';

/*
 * The runtime's side of the engine: it builds the ports (records through the records service,
 * people from the people tables, HTTP through the SSRF-safe client, scripts in the isolated-vm
 * sandbox, definitions from the versions table) and the two record seams every save runs through:
 *
 *   save ─► before-save hook ─► engine.beforeSave (processes change the record in place and hand
 *                               their run rows to the save, written in its statement)
 *        ─► record, history, runs ─► fan-out sink ─► engine.recordWritten (after-save runs, record
 *                                                    waits) and the other listeners (webhooks)
 *
 * Both events carry the definition the save was made under (`live`, when the service knows its
 * version); the hook and the sink read it themselves otherwise.
 *
 * Workers run in this process (as many as asked); several runtime processes may run workers on
 * one PostgreSQL, since jobs are claimed with SKIP LOCKED.
 */

export interface EngineHostOptions {
  engine?: Partial<EngineOptions>;
  /** Lets tests reach a loopback test server through the HTTP node. */
  outboundAllowHosts?: string[];
  clock?: () => Date;
  /** How often workers look for due schedule ticks and scan date triggers (tests make these short). */
  triggers?: { scheduleEveryMs?: number; dateScanEveryMs?: number };
  /** Fault injection (crash tests): see fault-injection.probe.ts. */
  probe?: EngineProbe;
  /** More listeners on every record write, in the write's transaction (outbound webhooks). */
  extraSinks?: readonly RecordEventSink[];
  /** The memory all running scripts may hold together (CRM_SCRIPT_MEMORY_TOTAL_MB; sandbox default 512 MB). */
  scriptMemoryTotalMb?: number;
}

export interface EngineHost {
  engine: Engine;
  seams: RecordSeams;
  /** The clock the engine runs by (tests pass a test clock); a template install dates its demo by it. */
  clock: () => Date;
  startWorkers(spec?: { concurrency?: number; pollMs?: number; batchSize?: number; duties?: readonly WorkerDuty[] }): Promise<EngineWorker>;
  stop(): Promise<void>;
  /** Hands back the workers' leases on calls in flight (a stop past its grace period): other processes take them over at once. */
  releaseLeases(): Promise<void>;
  /** What each worker started here and its loops are doing now (WorkerHealth). */
  workerHealth(): WorkerHealth[];
}

async function definitionVersion(db: Knex, version: number): Promise<App | null> {
  const row: { definition: App } | undefined = await db('definition_versions').where({ version }).first('definition');
  return row?.definition ?? null;
}

export function createEngineHost(db: Database, definitions: LiveDefinitionSource, options: EngineHostOptions = {}): EngineHost {
  const knex = db.knex;
  // V8 may report an isolate as beyond repair (some out-of-memory paths); the sandbox drops that
  // isolate and fails the run, and we leave a trace for the operator.
  const sandbox = createScriptSandbox({
    onCatastrophicError: (message) => console.error(`[engine] script isolate failed catastrophically: ${message}`),
    // A bad value stops the start (the sandbox refuses it).
    ...(options.scriptMemoryTotalMb !== undefined ? { maxTotalMemoryMb: options.scriptMemoryTotalMb } : {}),
  });
  let seams: RecordSeams | null = null;
  const records = createEngineRecordsPort(definitions, () => {
    if (!seams) throw new Error('engine seams used before they were built');
    return seams;
  });
  const clock = options.clock ?? (() => new Date());
  const engine = createEngine({
    knex,
    ports: {
      records,
      // api.lock of before-save scripts: advisory locks held by the save's transaction.
      locks: engineLocksPort,
      people: enginePeoplePort,
      definitions: { getVersion: definitionVersion },
      http: createEngineHttpPort(knex, options.outboundAllowHosts ? { allowHosts: options.outboundAllowHosts } : {}),
      scripts: createSandboxScriptPort(sandbox),
      texts: engineTextTemplatesPort,
    },
    ...(options.engine ? { options: options.engine } : {}),
    clock,
    liveApp: (db) => definitions.getLive(db),
    ...(options.triggers ? { triggers: options.triggers } : {}),
    ...(options.probe ? { probe: options.probe } : {}),
  });

  const beforeSave: BeforeSaveHook = async (event) => {
    // The service's definition; a writer that does not know its version leaves the hook to read it.
    const live = event.live ?? (await definitions.getLive(event.trx));
    if (!live) return;
    const model = findEntityModel(live.app, event.entity.name);
    try {
      await engine.beforeSave(event.trx, live, {
        entity: event.entity.name,
        recordId: event.recordId,
        defer: event.defer,
        knownUser: event.knownUser,
        action: event.action,
        before: event.before,
        after: event.after,
        // The caller's change, as after-save runs get it (trigger.changes), before any process adds to it.
        changes: model ? diffRecords(model, event.before, event.after) : [],
        user: event.caller.user,
        process: event.caller.process ?? null,
        attribute: event.attribute,
      });
    } catch (error) {
      throw processFailure(error, await callerLocale(event.trx, event.caller.user, error));
    }
  };
  beforeSave.writesOnSave = (app, entity) => engine.beforeSaveWrites(app, entity);
  beforeSave.runsOnSave = (app, entity) => engine.beforeSaveRuns(app, entity);

  // The engine's own listener: after-save runs and record waits, in the write's transaction.
  const engineEvents: RecordEventSink = {
    async writesFor(_db, app, write) {
      return engine.writeStartsWork(app, write);
    },
    // The jobs waiting on an updated record are locked by the update's own statement.
    locksFor(db, target) {
      return jsonRowsOf(db, recordWaitsLockQuery(db, target.entity, target.recordId));
    },
    async recordWritten(trx, event) {
      const live = event.live ?? (await definitions.getLive(trx));
      if (!live) return;
      const lockedWaits = event.locked === undefined ? null : lockedWaitsOf(event.locked);
      await engine.recordWritten(trx, live, {
        ...(lockedWaits ? { lockedWaits } : {}),
        entity: event.entity,
        action: event.action,
        recordId: event.recordId,
        version: event.version,
        before: event.before,
        after: event.after,
        changes: event.changes,
        user: event.caller.user,
        process: event.caller.process ?? null,
      });
    },
  };
  // One fan-out over every listener of record writes: the engine's and those the composition root gives (webhooks).
  seams = { hooks: [beforeSave], events: fanOutSink([engineEvents, ...(options.extraSinks ?? [])]) };

  const workers: EngineWorker[] = [];
  return {
    engine,
    seams,
    clock,
    async startWorkers(spec = {}) {
      const worker = engine.createWorker({
        concurrency: spec.concurrency ?? (db.kind === 'pglite' ? 1 : 2),
        pollMs: spec.pollMs ?? 1000,
        // Batches grow only while a backlog builds (nextClaimSize). On PGlite's one connection a batch
        // of 8 holds requests back for about 50 ms and halves the cost of a run against batches of 1.
        batchSize: spec.batchSize ?? 8,
        ...(spec.duties ? { duties: spec.duties } : {}),
        subscribe: (wake) => db.listen(ENGINE_CHANNEL, wake),
      });
      await worker.start();
      workers.push(worker);
      return worker;
    },
    async stop() {
      // The workers stay listed while they stop: releaseLeases() reaches the ones still finishing a call.
      await Promise.all(workers.map((w) => w.stop()));
      workers.splice(0);
      await sandbox.dispose();
    },
    async releaseLeases() {
      await Promise.all(workers.map((w) => w.releaseLeases()));
    },
    workerHealth: () => workers.map((w) => w.health()),
  };
}

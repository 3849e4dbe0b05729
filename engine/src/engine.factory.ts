import crypto from 'node:crypto';
import { DEFAULT_DEPTH_LIMIT, DEFAULT_NODE_LIMIT_CEILINGS, DEFAULT_RETRY_POLICY, retryDelayMsOf, type App, type Process } from '@crm/schemas';
import type { Knex } from 'knex';
import { isJsonObject, toJson, type JsonObject, type JsonValue } from './json.types.js';
import { createDefinitionCache, type DefinitionCache } from './execution/definition.cache.js';
import { RunSession } from './execution/run-session.js';
import type { EngineOptions, EngineProbe, SessionEnv } from './execution/run-session.types.js';
import type { SessionRun } from './run/run-state.types.js';
import { startRun, type StartedRun } from './execution/run.starter.js';
import type { EnginePorts, EngineUser, ProcessActor } from './ports/engine.ports.js';
import { httpTimeoutMsOf } from './run/node-limits.policy.js';
import { stepError } from './run/step-failure.js';
import { emptyRunContext } from './store/run-context.codec.js';
import { runInsertQuery } from './store/run-create.store.js';
import { memoryStepStore, stepRowsInsertQueries } from './store/run-steps.store.js';
import { depthOf, type PendingSave, type RecordChange } from './triggers/record-change.types.js';
import { hasRecordProcesses, matchingProcesses } from './triggers/record-trigger.matcher.js';
import { signalRecordWaits } from './triggers/waiting-jobs.signaller.js';
import { beforeSaveWritesElsewhere, recordWriteMayStartWork } from './triggers/save-writes.policy.js';
import { createEngineWorker, type EngineWorker, type WorkerDuty } from './worker/engine.worker.js';
import { createJobProcessor, type JobProcessor } from './worker/job.processor.js';
import { runSimulation, type SimulationReport, type SimulationRequest } from './simulate/process.simulator.js';
import { sendDueReminders } from './tasks/task-reminders.duty.js';
import { createScheduleTriggers, scheduleDuty, type TimedTriggerDeps } from './triggers/schedule.duty.js';
import { createDateTriggers, dateTriggerDuty } from './triggers/date-trigger.duty.js';

/*
 * The engine's face to its host. The runtime calls:
 *   beforeSave(trx, live, save)        inside a record save, before the write (before-save processes)
 *   recordWritten(trx, live, change)   inside the same transaction, after the write (after-save runs
 *                                      are created here, in the write's transaction: the outbox)
 *   startProcess(db, live, name, ...)  webhooks, manual starts, schedules
 *   simulate(live, name, request)      a test run that changes nothing
 *   createWorker(...)                  the workers that advance runs
 */

export interface LiveApp {
  version: number;
  app: App;
}

/** A delay of the catalog in milliseconds; the catalog's own values always parse (its tests say so). */
function catalogDelayMs(text: string): number {
  const ms = retryDelayMsOf(text);
  if (ms === null) throw new Error(`node-limits.catalog.ts: ${text} is not a retry delay`);
  return ms;
}

/** Retries, depth and ceilings come from node-limits.catalog.ts, the one statement of them. */
export const DEFAULT_ENGINE_OPTIONS: EngineOptions = {
  maxAttempts: DEFAULT_RETRY_POLICY.attempts,
  retryBaseMs: catalogDelayMs(DEFAULT_RETRY_POLICY.firstDelay),
  retryMaxMs: catalogDelayMs(DEFAULT_RETRY_POLICY.maxDelay),
  ceilings: DEFAULT_NODE_LIMIT_CEILINGS,
  maxChainSteps: 50,
  maxStepsPerRun: 10_000,
  maxDepth: DEFAULT_DEPTH_LIMIT,
  externalLeaseMs: 30_000,
};

export interface EngineDeps {
  knex: Knex;
  ports: EnginePorts;
  options?: Partial<EngineOptions>;
  clock?: () => Date;
  /** The published definition now: schedule and date triggers read it on their own (without it they do not run). */
  liveApp?: (db: Knex) => Promise<LiveApp | null>;
  /** How often each worker looks for due schedule ticks (default 1 s) and scans date triggers (default 60 s). */
  triggers?: { scheduleEveryMs?: number; dateScanEveryMs?: number };
  /** Fault injection for crash tests (the host decides; production passes none). */
  probe?: EngineProbe;
}

export interface StartProcessSpec {
  trigger: JsonObject;
  subject?: { entity: string; id: string | null } | null;
  user: EngineUser | null;
  dedupeKey?: string | null;
  mode: string;
  depth?: number;
}

export interface WorkerSpec {
  workerId?: string;
  concurrency?: number;
  /** Jobs advanced per transaction (see JobProcessorDeps.batchSize). */
  batchSize?: number;
  pollMs?: number;
  subscribe?: (wake: () => void) => Promise<() => Promise<void>> | (() => Promise<void>);
  duties?: readonly WorkerDuty[];
  onError?: (error: unknown, where: string) => void;
}

export function createEngine(deps: EngineDeps) {
  const options: EngineOptions = { ...DEFAULT_ENGINE_OPTIONS, ...deps.options };
  const clock = deps.clock ?? (() => new Date());
  const { knex, ports } = deps;
  const definitions: DefinitionCache = createDefinitionCache(ports.definitions);
  const localWorkers = new Set<EngineWorker>();

  const env: SessionEnv = {
    ports: withHttpTimeoutCeiling(ports, options),
    options,
    clock,
    ...(deps.probe ? { probe: deps.probe } : {}),
    async startChildRun(db, parent, spec) {
      const started = await startRun(
        db,
        {
          app: spec.app,
          version: spec.version,
          process: spec.process,
          trigger: { type: 'call', input: spec.input, parentRunId: parent.id, parentNodeId: spec.nodeId },
          subject: parent.subject,
          user: parent.user,
          depth: parent.depth + 1,
          dedupeKey: `call:${spec.key}`,
          mode: 'call',
          parent: spec.wait && parent.mode === 'after-save' ? { runId: parent.id, token: spec.token } : null,
        },
        options.maxDepth,
      );
      return { runId: started.runId, status: started.status };
    },
  };

  function systemActor(db: Knex, live: LiveApp, user: EngineUser | null, depth: number): ProcessActor {
    return { db, app: live.app, process: '', runId: '', depth, user, actAs: 'system' };
  }

  /** Schedule and date triggers; each worker has its own (they remember what they last saw). */
  function timedTriggers() {
    if (!deps.liveApp) return null;
    const timed: TimedTriggerDeps = {
      knex,
      liveApp: deps.liveApp,
      clock,
      maxDepth: options.maxDepth,
      wake: () => wakeLocal(),
      remember: (version, app) => definitions.remember(version, app),
    };
    return { schedules: createScheduleTriggers(timed), dates: createDateTriggers({ ...timed, records: ports.records }) };
  }
  let directTriggers: ReturnType<typeof timedTriggers> | undefined;

  function timedTriggerDuties(): WorkerDuty[] {
    const timed = timedTriggers();
    if (!timed) return [];
    return [
      scheduleDuty(timed.schedules, deps.triggers?.scheduleEveryMs ?? 1000),
      dateTriggerDuty(timed.dates, deps.triggers?.dateScanEveryMs ?? 60_000),
    ];
  }

  function wakeLocal(): void {
    for (const worker of localWorkers) worker.wake();
  }

  return {
    options,
    definitions,

    /** Whether before-save processes of `entity` write rows beyond the runs they hand the save (save-writes.policy.ts). */
    beforeSaveWrites: beforeSaveWritesElsewhere,

    /** Whether a save of `entity` runs before-save processes at all (none: the save's record goes to no process first). */
    beforeSaveRuns: (app: App, entity: string): boolean => hasRecordProcesses(app, entity, 'before-save'),

    /** Whether recordWritten may write for this write (save-writes.policy.ts); without, a create needs no transaction. */
    writeStartsWork: recordWriteMayStartWork,

    /** Runs the matching before-save processes on the record about to be saved (in place); their runs go to save.defer. */
    async beforeSave(db: Knex, live: LiveApp, save: PendingSave): Promise<void> {
      if (!hasRecordProcesses(live.app, save.entity, 'before-save')) return;
      definitions.remember(live.version, live.app);
      const depth = depthOf(save.process);
      const event = { entity: save.entity, action: save.action, before: save.before, after: save.after, user: save.user };
      const matched = await matchingProcesses(live.app, event, 'before-save', ports.records, systemActor(db, live, save.user, depth), clock());
      for (const process of matched) {
        if (depth > options.maxDepth) {
          throw stepError('PROCESS_LOOP', `The before-save process ${process.name} was not run: ${depth} processes in a row triggered each other (the limit is ${options.maxDepth}).`);
        }
        const store = memoryStepStore();
        const run: SessionRun = {
          id: crypto.randomUUID(),
          process: process.name,
          version: live.version,
          mode: 'before-save',
          status: 'running',
          trigger: beforeSaveTrigger(process, save),
          subject: { entity: save.entity, id: save.recordId },
          user: save.user,
          depth,
          parent: null,
          context: emptyRunContext(),
          error: null,
        };
        const session = new RunSession(db, run, live.app, process, env, store, new Set(), save.after, (values) => {
          Object.assign(save.after, values);
          for (const field of Object.keys(values)) save.attribute?.(field, { process: process.name, runId: run.id });
        });
        session.start();
        await session.drain();
        save.defer(
          runInsertQuery(db, {
            id: run.id,
            process: run.process,
            version: run.version,
            mode: 'before-save',
            status: run.status === 'running' ? 'completed' : run.status,
            trigger: run.trigger,
            subject: { entity: save.entity, id: save.recordId },
            context: run.context,
            user: run.user,
            depth: run.depth,
            dedupeKey: null,
            parent: null,
            error: run.error,
            finished: true,
          }),
        );
        for (const statement of stepRowsInsertQueries(db, run, store.steps)) save.defer(statement);
        // An assign step read the person it set as an active user a moment ago, on this handle.
        for (const effect of store.steps.flatMap((step) => step.effects)) {
          const user = effect['user'];
          if (effect.kind === 'assign' && isJsonObject(user) && typeof user['id'] === 'string') save.knownUser?.(user['id']);
        }
      }
    },

    /** In the write's transaction: starts after-save runs, wakes record waits. */
    async recordWritten(db: Knex, live: LiveApp, change: RecordChange): Promise<StartedRun[]> {
      definitions.remember(live.version, live.app);
      const depth = depthOf(change.process);
      const actor = systemActor(db, live, change.user, depth);
      const started: StartedRun[] = [];
      if (hasRecordProcesses(live.app, change.entity, 'after-save')) {
        const event = { entity: change.entity, action: change.action, before: change.before, after: change.after, user: change.user };
        for (const process of await matchingProcesses(live.app, event, 'after-save', ports.records, actor, clock())) {
          started.push(
            await startRun(
              db,
              {
                app: live.app,
                version: live.version,
                process,
                trigger: recordTrigger(process, change),
                subject: { entity: change.entity, id: change.recordId },
                user: change.user,
                depth,
                dedupeKey: `rec:${process.name}:${change.entity}:${change.recordId}:${change.version}`,
                mode: 'after-save',
              },
              options.maxDepth,
            ),
          );
        }
      }
      // A create is never waited on (its id did not exist), a delete wakes nothing.
      if (change.action !== 'delete' && change.action !== 'create') await signalRecordWaits(db, live.app, change.entity, change.after, change.user, ports.records, actor, clock(), change.lockedWaits);
      if (started.length > 0) void Promise.resolve().then(wakeLocal);
      return started;
    },

    /** Starts a process by name (webhook, manual start, schedule, date trigger) in the caller's transaction. */
    async startProcess(db: Knex, live: LiveApp, name: string, spec: StartProcessSpec): Promise<StartedRun> {
      const process: Process | undefined = live.app.processes?.find((p) => p.name === name);
      if (!process) throw new Error(`There is no process ${name}.`);
      definitions.remember(live.version, live.app);
      return startRun(
        db,
        {
          app: live.app,
          version: live.version,
          process,
          trigger: spec.trigger,
          subject: spec.subject ?? null,
          user: spec.user,
          depth: spec.depth ?? 0,
          dedupeKey: spec.dedupeKey ?? null,
          mode: spec.mode,
        },
        options.maxDepth,
      );
    },

    async simulate(live: LiveApp, name: string, request: SimulationRequest): Promise<SimulationReport> {
      return runSimulation(knex, env, live, name, request);
    },

    /** The job processor on its own (tests drive it step by step, a batch of up to `batchSize` jobs at a time). */
    createProcessor(workerId = `worker-${crypto.randomUUID()}`, batchSize = 1): JobProcessor {
      return createJobProcessor({ knex, env, definitions, workerId, batchSize });
    },

    /** Starts the schedule ticks that are due now (workers do this every second); returns the runs started. */
    fireDueSchedules(): Promise<number> {
      return (directTriggers ??= timedTriggers())?.schedules.fireDue() ?? Promise.resolve(0);
    },

    /** Scans the date triggers now (workers do this every minute); returns the runs started. */
    scanDateTriggers(): Promise<number> {
      return (directTriggers ??= timedTriggers())?.dates.scan() ?? Promise.resolve(0);
    },

    createWorker(spec: WorkerSpec = {}): EngineWorker {
      const processor = createJobProcessor({
        knex,
        env,
        definitions,
        workerId: spec.workerId ?? `worker-${crypto.randomUUID()}`,
        ...(spec.batchSize ? { batchSize: spec.batchSize } : {}),
      });
      const reminders: WorkerDuty = { name: 'task reminders', everyMs: 15_000, run: async () => {
        await sendDueReminders(knex);
      } };
      const worker = createEngineWorker({
        knex,
        processor,
        concurrency: spec.concurrency ?? 1,
        pollMs: spec.pollMs ?? 1000,
        duties: [reminders, ...timedTriggerDuties(), ...(spec.duties ?? [])],
        ...(spec.subscribe ? { subscribe: spec.subscribe } : {}),
        ...(spec.onError ? { onError: spec.onError } : {}),
      });
      localWorkers.add(worker);
      const stop = worker.stop.bind(worker);
      return {
        ...worker,
        get running() {
          return worker.running;
        },
        async stop(graceMs?: number) {
          localWorkers.delete(worker);
          await stop(graceMs);
        },
      };
    },

    /** Wakes this process's workers (after committing work they should pick up). */
    wake: wakeLocal,
  };
}

export type Engine = ReturnType<typeof createEngine>;

/**
 * The HTTP port as nodes see it: no request waits longer than the administrator's ceiling, even in a
 * run pinned to a version published under a higher one (the worker's lease uses the same bound).
 */
function withHttpTimeoutCeiling(ports: EnginePorts, options: EngineOptions): EnginePorts {
  return { ...ports, http: { request: (spec) => ports.http.request({ ...spec, timeoutMs: httpTimeoutMsOf(spec.timeoutMs, options.ceilings) }) } };
}

/** What the caller asked for, as after-save runs see it (changes with old and new), before any process changed it. */
function beforeSaveTrigger(process: Process, save: PendingSave): JsonObject {
  return {
    type: process.trigger.type,
    action: save.action,
    entity: save.entity,
    ...(typeof save.after['id'] === 'string' ? { recordId: save.after['id'] } : {}),
    changes: changesJson(save.changes),
    before: toJson(save.before),
    after: toJson(save.after),
  };
}

function changesJson(changes: PendingSave['changes']): JsonValue {
  return changes.map((c) => ({ field: c.field, old: toJson(c.old), new: toJson(c.new) }));
}

function recordTrigger(process: Process, change: RecordChange): JsonObject {
  const changes = changesJson(change.changes);
  return {
    type: process.trigger.type,
    action: change.action,
    entity: change.entity,
    recordId: change.recordId,
    version: change.version,
    changes,
    before: toJson(change.before),
    after: toJson(change.after),
  };
}

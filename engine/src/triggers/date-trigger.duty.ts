import type { DateTrigger, Process } from '@crm/schemas';
import type { Knex } from 'knex';
import { toJson, type JsonObject } from '../json.types.js';
import { startRun } from '../execution/run.starter.js';
import type { ProcessActor, RecordsPort } from '../ports/engine.ports.js';
import type { WorkerDuty } from '../worker/engine.worker.js';
import { candidateValues, datePlanOf, occurrenceIn, scanWindowOf, type DatePlan, type Occurrence, type ScanWindow } from './date-trigger-occurrence.js';
import { dropStaleDateCursors, lockDateCursor, moveDateCursor, noteDateCursorError, openDateCursor } from './date-trigger-cursor.store.js';
import type { LiveDefinitionSnapshot, TimedTriggerDeps } from './schedule.duty.js';

/*
 * Date triggers, as a worker duty every worker runs (each minute by default). For each enabled
 * date-trigger process, in its own transaction:
 *
 *   lock its cursor (SKIP LOCKED) ─► window (scanned_until, now] ─► records whose field value can
 *   fire in the window and whose trigger condition holds (one query through the records port) ─►
 *   exact fire time checked here ─► startRun per record, dedupe key date:<process>:<id>:<occurrence>
 *   ─► cursor moves to now
 *
 * Each record fires once per occurrence: its fire time falls in exactly one window, and the dedupe
 * key (the occurrence's date, or a datetime's instant) makes a repeated scan a no-op. The scan reads
 * the records as they are at scan time, so a date moved before its fire time fires at the new time
 * only, and a record whose condition fails at that moment does not fire. Windows missed while every
 * worker was down are scanned whole when one is back: each record due in between fires once (a
 * yearly trigger looks back at most a year). A process seen for the first time starts from now.
 * The run's subject is the record; it has no user.
 */

export interface DateTriggerDeps extends TimedTriggerDeps {
  records: RecordsPort;
  /** Records read per query (pages by id). */
  pageSize?: number;
}

export interface DateTriggers {
  /** One pass over every date-trigger process. Returns the runs started. */
  scan(): Promise<number>;
}

type DateProcess = Process & { trigger: DateTrigger };

function isDateProcess(process: Process): process is DateProcess {
  return process.enabled !== false && process.trigger.type === 'date';
}

function dateTrigger(plan: DatePlan, recordId: string, value: unknown, occurrence: Occurrence): JsonObject {
  return {
    type: 'date',
    entity: plan.entity,
    field: plan.field,
    recordId,
    value: toJson(value),
    occurrence: occurrence.key,
    scheduledAt: occurrence.fireAt.toISOString(),
  };
}

function errorOf(error: unknown): JsonObject {
  const code = typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' ? error.code : 'DATE_TRIGGER_FAILED';
  return { code, message: error instanceof Error ? error.message : String(error) };
}

export function createDateTriggers(deps: DateTriggerDeps): DateTriggers {
  const { knex, clock } = deps;
  const pageSize = deps.pageSize ?? 500;
  let prunedVersion: number | null = null;
  let inFlight: Promise<number> | null = null;

  /** Starts the runs of one window; throws on a failure (the caller keeps the cursor where it was). */
  async function fire(db: Knex, live: LiveDefinitionSnapshot, process: DateProcess, plan: DatePlan, window: ScanWindow, now: Date): Promise<number> {
    const actor: ProcessActor = { db, app: live.app, process: process.name, runId: '', depth: 0, user: null, actAs: 'system' };
    const candidates = candidateValues(plan, window);
    let started = 0;
    let afterId: string | null = null;
    for (;;) {
      const page = await deps.records.dueByDate(actor, plan.entity, {
        field: plan.field,
        ...candidates,
        timeZone: plan.timeZone,
        ...(process.trigger.condition !== undefined ? { condition: process.trigger.condition } : {}),
        now,
        afterId,
        limit: pageSize,
      });
      for (const record of page) {
        const occurrence = occurrenceIn(plan, record[plan.field], window);
        if (!occurrence) continue;
        const run = await startRun(
          db,
          {
            app: live.app,
            version: live.version,
            process,
            trigger: dateTrigger(plan, record.id, record[plan.field], occurrence),
            subject: { entity: plan.entity, id: record.id },
            user: null,
            depth: 0,
            dedupeKey: `date:${process.name}:${record.id}:${occurrence.key}`,
            mode: 'date',
          },
          deps.maxDepth,
        );
        if (run.created) started += 1;
      }
      const last = page[page.length - 1];
      if (page.length < pageSize || !last) return started;
      afterId = last.id;
    }
  }

  async function scanProcess(live: LiveDefinitionSnapshot, process: DateProcess, now: Date): Promise<number> {
    return knex.transaction(async (trx) => {
      const cursor = await lockDateCursor(trx, process.name);
      if (!cursor) {
        await openDateCursor(trx, process.name, live.version, now);
        return 0;
      }
      const from = new Date(cursor.scanned_until);
      if (now.getTime() <= from.getTime()) return 0;
      const planned = datePlanOf(live.app, process.trigger);
      if (!planned.ok) {
        await noteDateCursorError(trx, process.name, live.version, { code: 'INVALID_DATE_TRIGGER', message: planned.problem });
        return 0;
      }
      const window = scanWindowOf(planned.plan, from, now);
      try {
        // A savepoint: a failed query leaves the transaction usable to note the error on the cursor.
        const started = await trx.transaction((sp) => fire(sp, live, process, planned.plan, window, now));
        await moveDateCursor(trx, process.name, live.version, now, started);
        return started;
      } catch (error) {
        await noteDateCursorError(trx, process.name, live.version, errorOf(error));
        return 0;
      }
    });
  }

  async function pass(): Promise<number> {
    const live = await deps.liveApp(knex);
    if (!live) return 0;
    const now = clock();
    const processes = (live.app.processes ?? []).filter(isDateProcess);
    if (prunedVersion !== live.version) {
      await dropStaleDateCursors(knex, live.version, processes.map((p) => p.name));
      prunedVersion = live.version;
    }
    deps.remember?.(live.version, live.app);
    let started = 0;
    for (const process of processes) started += await scanProcess(live, process, now);
    if (started > 0) deps.wake?.();
    return started;
  }

  return {
    scan() {
      if (!inFlight) inFlight = pass().finally(() => (inFlight = null));
      return inFlight;
    },
  };
}

export function dateTriggerDuty(triggers: DateTriggers, everyMs: number): WorkerDuty {
  return {
    name: 'date triggers',
    everyMs,
    run: async () => {
      await triggers.scan();
    },
  };
}

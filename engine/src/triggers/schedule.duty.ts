import type { App, Process } from '@crm/schemas';
import type { Knex } from 'knex';
import type { JsonObject } from '../json.types.js';
import { startRun } from '../execution/run.starter.js';
import type { WorkerDuty } from '../worker/engine.worker.js';
import { dueTickAt, scheduleSpecOf, type ScheduleSpec } from './schedule-ticks.js';
import { advanceSchedule, claimDueSchedules, earliestScheduleDue, reconcileSchedules, type DesiredSchedule, type ScheduleRow } from './schedule-state.store.js';

/*
 * Schedule triggers, as a worker duty every worker runs (each second by default):
 *
 *   live definition changed? ─► reconcile schedule_triggers (new / changed / removed schedules)
 *   anything due by the clock? ─► [claim due rows FOR UPDATE SKIP LOCKED ─► startRun with the dedupe
 *                                  key cron:<process>:<tick> ─► row moves to the next tick] one transaction
 *
 * Never early: a row is due only once the clock has reached its tick. Exactly once: the row lock
 * lets one worker at a time handle a schedule, the row moves past the tick in the transaction that
 * starts the run, and the dedupe key turns any second start of the same tick into a no-op.
 *
 * Missed ticks (every worker was down, or busy, past one or more ticks): only the LATEST missed tick
 * runs, once, as soon as a worker is back; the earlier ones are not replayed (Salesforce's
 * scheduled flows behave the same). The run's trigger says since when ticks were missed.
 */

export interface LiveDefinitionSnapshot {
  version: number;
  app: App;
}

export interface TimedTriggerDeps {
  knex: Knex;
  /** The published definition now (the host's live source; cheap when unchanged). */
  liveApp(db: Knex): Promise<LiveDefinitionSnapshot | null>;
  clock(): Date;
  maxDepth: number;
  /** Called after runs were committed, so this process's workers pick them up at once. */
  wake?(): void;
  /** Remembers the live version for the workers that will advance the runs. */
  remember?(version: number, app: App): void;
}

export interface ScheduleTriggers {
  /** One pass: reconcile if the definition changed, then start every due tick. Returns the runs started. */
  fireDue(): Promise<number>;
}

const BATCH = 50;
/** Even with nothing due, look at the table this often (another process may have changed it). */
const RECHECK_MS = 60_000;

function desiredSchedules(app: App): DesiredSchedule[] {
  const desired: DesiredSchedule[] = [];
  for (const process of app.processes ?? []) {
    if (process.enabled === false || process.trigger.type !== 'schedule') continue;
    desired.push({ process: process.name, spec: scheduleSpecOf(process.trigger, app) });
  }
  return desired;
}

/** The live process a row belongs to, when the row still describes it (else a newer version is being reconciled). */
function processOfRow(app: App, row: ScheduleRow): { process: Process; spec: ScheduleSpec } | null {
  const process = app.processes?.find((p) => p.name === row.process);
  if (!process || process.enabled === false || process.trigger.type !== 'schedule') return null;
  const spec = scheduleSpecOf(process.trigger, app);
  return spec.cron === row.cron && spec.timeZone === row.timezone ? { process, spec } : null;
}

function scheduleTrigger(spec: ScheduleSpec, tick: Date, dueAt: Date): JsonObject {
  const trigger: JsonObject = { type: 'schedule', cron: spec.cron, timezone: spec.timeZone, scheduledAt: tick.toISOString() };
  // Ticks between the first one due and the one that runs were missed (downtime) and are not replayed.
  if (dueAt.getTime() < tick.getTime()) trigger['missedSince'] = dueAt.toISOString();
  return trigger;
}

function failureOf(error: unknown): JsonObject {
  return { code: 'SCHEDULE_START_FAILED', message: error instanceof Error ? error.message : String(error) };
}

export function createScheduleTriggers(deps: TimedTriggerDeps): ScheduleTriggers {
  const { knex, clock } = deps;
  let reconciledVersion: number | null = null;
  /** No row is due before this instant (ms); null: unknown, look. */
  let quietUntil: number | null = null;
  let inFlight: Promise<number> | null = null;

  async function fireBatch(live: LiveDefinitionSnapshot, now: Date): Promise<{ claimed: number; started: number }> {
    return knex.transaction(async (trx) => {
      const rows = await claimDueSchedules(trx, now, BATCH);
      let started = 0;
      for (const row of rows) {
        const found = processOfRow(live.app, row);
        if (!found || row.next_due_at === null) continue;
        const dueAt = new Date(row.next_due_at);
        const due = dueTickAt(found.spec, dueAt, now);
        if (!due) continue;
        try {
          // A savepoint: a schedule whose run cannot be created records why and moves on, without
          // holding back the other schedules in the batch.
          const run = await trx.transaction((sp) =>
            startRun(
              sp,
              {
                app: live.app,
                version: live.version,
                process: found.process,
                trigger: scheduleTrigger(found.spec, due.tick, dueAt),
                subject: null,
                user: null,
                depth: 0,
                dedupeKey: `cron:${row.process}:${due.tick.toISOString()}`,
                mode: 'schedule',
              },
              deps.maxDepth,
            ),
          );
          if (run.created) started += 1;
          await advanceSchedule(trx, row.process, { tick: due.tick, next: due.next, runId: run.runId || null, error: null });
        } catch (error) {
          await advanceSchedule(trx, row.process, { tick: due.tick, next: due.next, runId: null, error: failureOf(error) });
        }
      }
      return { claimed: rows.length, started };
    });
  }

  async function pass(): Promise<number> {
    const live = await deps.liveApp(knex);
    if (!live) return 0;
    const now = clock();
    if (reconciledVersion !== live.version) {
      await knex.transaction((trx) => reconcileSchedules(trx, live.version, desiredSchedules(live.app), now));
      reconciledVersion = live.version;
      quietUntil = null;
    }
    if (quietUntil !== null && now.getTime() < quietUntil) return 0;
    deps.remember?.(live.version, live.app);
    let started = 0;
    for (;;) {
      const batch = await fireBatch(live, now);
      started += batch.started;
      // Another batch only when this one was full and did something (rows of a newer version wait).
      if (batch.claimed < BATCH || batch.started === 0) break;
    }
    if (started > 0) deps.wake?.();
    // Ticks only move forward, so the earliest due tick read now bounds when anything can be due.
    const earliest = await earliestScheduleDue(knex);
    quietUntil = Math.min(earliest?.getTime() ?? Number.POSITIVE_INFINITY, now.getTime() + RECHECK_MS);
    return started;
  }

  return {
    fireDue() {
      // A pass still running (a slow database) is joined, not overlapped.
      if (!inFlight) inFlight = pass().finally(() => (inFlight = null));
      return inFlight;
    },
  };
}

export function scheduleDuty(triggers: ScheduleTriggers, everyMs: number): WorkerDuty {
  return {
    name: 'schedule triggers',
    everyMs,
    run: async () => {
      await triggers.fireDue();
    },
  };
}

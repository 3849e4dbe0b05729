import type { Knex } from 'knex';
import type { JsonObject } from '../json.types.js';
import { nextTick, scheduleProblem, type ScheduleSpec } from './schedule-ticks.js';

/*
 * `schedule_triggers`: one row per enabled schedule process of the live definition, holding the
 * next tick it is due at. Rows follow the published definition (reconcileSchedules); a worker
 * claims due rows with FOR UPDATE SKIP LOCKED, starts the run and moves the row to the next tick in
 * the same transaction, so a tick is started once however many workers look at it.
 */

export interface ScheduleRow {
  process: string;
  definition_version: number;
  cron: string;
  timezone: string;
  next_due_at: string | null;
  last_tick_at: string | null;
  last_run_id: string | null;
  error: JsonObject | null;
}

export interface DesiredSchedule {
  process: string;
  spec: ScheduleSpec;
}

function problemOf(spec: ScheduleSpec): JsonObject | null {
  const problem = scheduleProblem(spec);
  return problem === null ? null : { code: 'INVALID_SCHEDULE', message: `The schedule "${spec.cron}" in ${spec.timeZone} cannot run: ${problem}` };
}

/**
 * Makes the rows match version `version`: a new schedule, or one whose cron or time zone changed,
 * is due at its first tick after `now`; an unchanged one keeps its due tick (so a tick missed while
 * workers were down still fires); schedules no longer in the definition (removed, disabled, no
 * longer a schedule) lose their row. A worker still on an older version changes nothing newer.
 */
export async function reconcileSchedules(db: Knex, version: number, desired: readonly DesiredSchedule[], now: Date): Promise<void> {
  for (const { process, spec } of desired) {
    const problem = problemOf(spec);
    const next = problem === null ? nextTick(spec, now) : null;
    await db.raw(
      `INSERT INTO schedule_triggers AS s (process, definition_version, cron, timezone, next_due_at, error, updated_at)
       VALUES (?, ?, ?, ?, ?::timestamptz, ?::jsonb, now())
       ON CONFLICT (process) DO UPDATE SET
         definition_version = EXCLUDED.definition_version,
         next_due_at = CASE WHEN s.cron = EXCLUDED.cron AND s.timezone = EXCLUDED.timezone THEN s.next_due_at ELSE EXCLUDED.next_due_at END,
         error = CASE WHEN s.cron = EXCLUDED.cron AND s.timezone = EXCLUDED.timezone THEN s.error ELSE EXCLUDED.error END,
         cron = EXCLUDED.cron,
         timezone = EXCLUDED.timezone,
         updated_at = now()
       WHERE s.definition_version <= EXCLUDED.definition_version`,
      [process, version, spec.cron, spec.timeZone, next?.toISOString() ?? null, problem === null ? null : JSON.stringify(problem)],
    );
  }
  const gone = db('schedule_triggers').where('definition_version', '<', version);
  const names = desired.map((d) => d.process);
  await (names.length > 0 ? gone.whereNotIn('process', names) : gone).delete();
}

/** Due rows nobody else holds, locked until the caller's transaction ends. */
export async function claimDueSchedules(trx: Knex, now: Date, limit: number): Promise<ScheduleRow[]> {
  const result: { rows: ScheduleRow[] } = await trx.raw(
    `SELECT * FROM schedule_triggers WHERE next_due_at <= ?::timestamptz ORDER BY next_due_at, process LIMIT ? FOR UPDATE SKIP LOCKED`,
    [now.toISOString(), limit],
  );
  return result.rows;
}

/** The tick was started (or could not be): the row moves on to `next` (null: the pattern has no further tick). */
export async function advanceSchedule(
  trx: Knex,
  process: string,
  outcome: { tick: Date; next: Date | null; runId: string | null; error: JsonObject | null },
): Promise<void> {
  await trx('schedule_triggers')
    .where({ process })
    .update({
      next_due_at: outcome.next?.toISOString() ?? null,
      last_tick_at: outcome.tick.toISOString(),
      last_run_id: outcome.runId,
      error: outcome.error === null ? null : JSON.stringify(outcome.error),
      updated_at: trx.fn.now(),
    });
}

/** When the earliest schedule is due; null when none is. */
export async function earliestScheduleDue(db: Knex): Promise<Date | null> {
  const row: { due?: string | null } | undefined = await db('schedule_triggers').whereNotNull('next_due_at').min({ due: 'next_due_at' }).first();
  return row?.due ? new Date(row.due) : null;
}

export async function scheduleRows(db: Knex): Promise<ScheduleRow[]> {
  return db('schedule_triggers').select('*').orderBy('process');
}

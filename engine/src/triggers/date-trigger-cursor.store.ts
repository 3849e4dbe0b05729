import type { Knex } from 'knex';
import type { JsonObject } from '../json.types.js';

/*
 * `date_trigger_cursors`: one row per enabled date-trigger process, saying up to which instant its
 * records were scanned. A worker locks the row (FOR UPDATE SKIP LOCKED) for the scan, starts the
 * runs and moves the cursor in the same transaction; another worker skips the process meanwhile.
 */

export interface DateCursorRow {
  process: string;
  definition_version: number;
  scanned_until: string;
  last_started: number;
  error: JsonObject | null;
}

/** The cursor, locked for this transaction; undefined when it does not exist or another worker holds it. */
export async function lockDateCursor(trx: Knex, process: string): Promise<DateCursorRow | undefined> {
  const result: { rows: DateCursorRow[] } = await trx.raw('SELECT * FROM date_trigger_cursors WHERE process = ? FOR UPDATE SKIP LOCKED', [process]);
  return result.rows[0];
}

/** A process seen for the first time is scanned from `now` on: nothing before it fires. */
export async function openDateCursor(trx: Knex, process: string, version: number, now: Date): Promise<void> {
  await trx('date_trigger_cursors')
    .insert({ process, definition_version: version, scanned_until: now.toISOString(), last_started: 0 })
    .onConflict('process')
    .ignore();
}

export async function moveDateCursor(trx: Knex, process: string, version: number, until: Date, started: number): Promise<void> {
  await trx('date_trigger_cursors')
    .where({ process })
    .update({ definition_version: version, scanned_until: until.toISOString(), last_started: started, error: null, updated_at: trx.fn.now() });
}

/** The scan failed: the cursor stays, so the window is scanned again (whole) once the cause is gone. */
export async function noteDateCursorError(trx: Knex, process: string, version: number, error: JsonObject): Promise<void> {
  await trx('date_trigger_cursors')
    .where({ process })
    .update({ definition_version: version, error: JSON.stringify(error), updated_at: trx.fn.now() });
}

/** Cursors of processes no longer date-triggered in `version` go; re-enabling one starts afresh. */
export async function dropStaleDateCursors(db: Knex, version: number, keep: readonly string[]): Promise<void> {
  const stale = db('date_trigger_cursors').where('definition_version', '<', version);
  await (keep.length > 0 ? stale.whereNotIn('process', keep) : stale).delete();
}

export async function dateCursorRows(db: Knex): Promise<DateCursorRow[]> {
  return db('date_trigger_cursors').select('*').orderBy('process');
}

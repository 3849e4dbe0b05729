import type { Knex } from 'knex';

/*
 * `at` travels as text with microseconds, in UTC, both when it is hashed and when it is read back:
 * the drivers' timestamp parsing keeps only milliseconds, and an edit below that must still show.
 */
const AT_TEXT = `to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

export function auditColumns(knex: Knex): (string | Knex.Raw)[] {
  return [
    'id',
    knex.raw(`${AT_TEXT} as at`),
    'actor_id',
    'actor_email',
    'action',
    'target_type',
    'target_id',
    'target_name',
    'outcome',
    'ip',
    'request_id',
    'details',
    'prev_hash',
    'hash',
  ];
}

/** The database's clock as the same text, so entries from several runtime processes share one clock. */
export async function databaseNowText(knex: Knex): Promise<string> {
  const result = await knex.raw(`SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS now`);
  const row: unknown = result.rows?.[0];
  if (typeof row === 'object' && row !== null && 'now' in row && typeof row.now === 'string') return row.now;
  throw new Error('the database did not return its clock');
}

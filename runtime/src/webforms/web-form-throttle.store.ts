import type { Knex } from 'knex';
import { addressKey } from '../auth/login-throttle.store.js';

/*
 * The submissions one address may make to one form in a window. One atomic upsert counts the
 * attempt (every POST, refused ones too: a flood of spam or of invalid input is still a flood)
 * and says whether it is over the limit; the database's clock is the one clock, so runtime
 * processes sharing the database share the counters. Windows are fixed, not sliding: a burst at a
 * window's edge may get twice the limit, which still stops a flood.
 */

export interface WebFormLimit {
  max: number;
  windowMinutes: number;
}

export const DEFAULT_WEB_FORM_LIMIT: WebFormLimit = { max: 5, windowMinutes: 10 };

export type ThrottleAnswer = { allowed: true } | { allowed: false; retryAfterSeconds: number };

interface CounterRow {
  hits: number | string;
  retry_after: number | string;
}

export async function countSubmission(knex: Knex, form: string, address: string | null, limit: WebFormLimit): Promise<ThrottleAnswer> {
  const key = `${form}|${addressKey(address) ?? 'address:-'}`;
  const seconds = limit.windowMinutes * 60;
  const result = await knex.raw(
    `INSERT INTO web_form_throttle AS t (key, hits, window_started_at) VALUES (?, 1, clock_timestamp())
     ON CONFLICT (key) DO UPDATE SET
       hits = CASE WHEN t.window_started_at <= clock_timestamp() - make_interval(secs => ?) THEN 1 ELSE t.hits + 1 END,
       window_started_at = CASE WHEN t.window_started_at <= clock_timestamp() - make_interval(secs => ?) THEN clock_timestamp() ELSE t.window_started_at END
     RETURNING hits, extract(epoch from (window_started_at + make_interval(secs => ?) - clock_timestamp()))::float8 AS retry_after`,
    [key, seconds, seconds, seconds],
  );
  const row: CounterRow | undefined = result.rows?.[0];
  if (!row) throw new Error('the web form throttle counted nothing');
  if (Number(row.hits) <= limit.max) return { allowed: true };
  return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(Number(row.retry_after))) };
}

/** Counters whose window ended a day ago are forgotten (a visitor back tomorrow starts afresh anyway). */
export async function forgetOldCounters(knex: Knex): Promise<void> {
  await knex('web_form_throttle').where('window_started_at', '<', knex.raw(`now() - interval '1 day'`)).delete();
}

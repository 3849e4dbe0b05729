import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Knex } from 'knex';
import { startTestRuntime, testDatabaseKinds, type TestRuntime } from '../testing/index.js';

/*
 * The workers' claim walks the due index in order and stops at its limit, whatever the statistics
 * say (engine migration 0111_engine_claim_function). run_jobs is a queue: it is analysed while
 * nearly empty and holds thousands of due jobs a moment later. Planned from such statistics, the
 * same query written inline fetched every due job and joined each to its run before keeping 8
 * (100-200 ms a claim over a backlog of 10,000 in the bench). Counted here with the transaction's
 * own table statistics: index scans of process_runs (one per job the claim looked at) and rows
 * fetched from run_jobs.
 */

const BACKLOG = 2000;

const INLINE_CLAIM = `
  SELECT j.* FROM run_jobs j
  WHERE j.status IN ('ready', 'waiting') AND j.due_at <= now()
    AND (j.locked_until IS NULL OR j.locked_until < now())
    AND EXISTS (SELECT 1 FROM process_runs r WHERE r.id = j.run_id AND r.status IN ('running', 'waiting'))
  ORDER BY j.due_at, j.id
  LIMIT 8
  FOR UPDATE OF j SKIP LOCKED`;

interface ClaimCost {
  claimed: number;
  runLookups: number;
  jobsFetched: number;
}

async function claimCost(knex: Knex, sql: string): Promise<ClaimCost> {
  return knex.transaction(async (trx) => {
    // The counters may still hold earlier transactions' counts (flushed now and then), so the claim's
    // own are the difference around it.
    const counters = async () => {
      const stats: { rows: Array<{ relname: string; idx_scan: string | number | null; idx_tup_fetch: string | number | null }> } = await trx.raw(
        `SELECT relname, idx_scan, idx_tup_fetch FROM pg_stat_xact_user_tables WHERE relname IN ('run_jobs', 'process_runs')`,
      );
      const of = (table: string) => stats.rows.find((row) => row.relname === table);
      return { runLookups: Number(of('process_runs')?.idx_scan ?? 0), jobsFetched: Number(of('run_jobs')?.idx_tup_fetch ?? 0) };
    };
    const before = await counters();
    const claimed: { rows: unknown[] } = await trx.raw(sql);
    const after = await counters();
    return { claimed: claimed.rows.length, runLookups: after.runLookups - before.runLookups, jobsFetched: after.jobsFetched - before.jobsFetched };
  });
}

describe.each(testDatabaseKinds())('the job claim over a backlog the statistics do not know on %s', (kind) => {
  let rt: TestRuntime;

  beforeAll(async () => {
    rt = await startTestRuntime(kind);
    const knex = rt.db.knex;
    // Statistics of a quiet queue, then a burst: the state a worker meets after a bulk save.
    await knex.raw('ANALYZE run_jobs');
    await knex.raw('ANALYZE process_runs');
    await knex.raw(
      `WITH runs AS (
         INSERT INTO process_runs (process, definition_version, mode, status, trigger)
         SELECT 'claim_plan', 1, 'after-save', 'running', '{}'::jsonb FROM generate_series(1, ?) RETURNING id
       )
       INSERT INTO run_jobs (run_id, node_id, token, status, due_at)
       SELECT id, 'start', 'main', 'ready', now() - interval '1 minute' FROM runs`,
      [BACKLOG],
    );
  });
  afterAll(async () => {
    await rt?.close();
  });

  it('looks at the jobs it claims, not at the whole backlog', async () => {
    // The statistics really are stale: planned from them, the inline query visits every due job.
    const inline = await claimCost(rt.db.knex, INLINE_CLAIM);
    expect(inline.claimed).toBe(8);
    expect(inline.runLookups).toBeGreaterThanOrEqual(BACKLOG / 2);

    const claim = await claimCost(rt.db.knex, 'SELECT * FROM engine_claim_due_jobs(8)');
    expect(claim.claimed).toBe(8);
    expect(claim.runLookups).toBeLessThanOrEqual(16);
    expect(claim.jobsFetched).toBeLessThanOrEqual(16);
  });

  it('claims in due order, only jobs that are due, of live runs and not leased', async () => {
    const knex = rt.db.knex;
    await knex.raw(`UPDATE run_jobs SET status = 'waiting', due_at = NULL`);
    const rows: { rows: Array<{ id: string; tag: string }> } = await knex.raw(
      `WITH runs AS (
         INSERT INTO process_runs (process, definition_version, mode, status, trigger)
         SELECT 'claim_order', 1, 'after-save', CASE WHEN n = 5 THEN 'cancelled' ELSE 'running' END, jsonb_build_object('n', n)
         FROM generate_series(1, 6) AS n RETURNING id, (trigger->>'n')::int AS n
       )
       , jobs AS (
         INSERT INTO run_jobs (run_id, node_id, token, status, due_at, locked_by, locked_until)
         SELECT id, 'start', 'main', 'ready',
                CASE n WHEN 1 THEN now() - interval '1 s' WHEN 2 THEN now() - interval '3 s' WHEN 3 THEN now() + interval '1 h' ELSE now() - interval '2 s' END,
                CASE WHEN n = 6 THEN 'other-worker' END, CASE WHEN n = 6 THEN now() + interval '1 min' END
         FROM runs
         RETURNING id, run_id
       )
       SELECT jobs.id, 'job' || runs.n AS tag FROM jobs JOIN runs ON runs.id = jobs.run_id`,
    );
    const tagOf = new Map(rows.rows.map((row) => [String(row.id), row.tag]));
    const claimed: { rows: Array<{ id: string }> } = await knex.raw('SELECT id FROM engine_claim_due_jobs(10)');
    // 2 (3 s ago), 4 (2 s ago), 1 (1 s ago); not 3 (due in an hour), 5 (its run is over), 6 (leased).
    expect(claimed.rows.map((row) => tagOf.get(String(row.id)))).toEqual(['job2', 'job4', 'job1']);
  });
});

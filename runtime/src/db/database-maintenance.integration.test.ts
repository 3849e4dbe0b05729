import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { autovacuumRuns, databaseMaintenance, maintenancePlan, queueUpkeep } from './database-maintenance.duty.js';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from './test-database.js';
import { createRuntime } from '../runtime.factory.js';

/*
 * The queue tables are vacuumed by the runtime wherever nothing else does it: on PGlite always,
 * on PostgreSQL when the server's autovacuum is off.
 */

describe('maintenance plan', () => {
  const knex = {} as never;
  it('leaves a server with autovacuum alone', () => {
    expect(maintenancePlan(knex, 'postgres', true)).toMatchObject({ analyzeAtStart: false, duties: [], notice: null });
  });
  it('vacuums the queue every 30 s on a PostgreSQL server without autovacuum, and says so', () => {
    const plan = maintenancePlan(knex, 'postgres', false);
    expect(plan.duties.map((d) => [d.name, d.everyMs])).toEqual([
      ['queue vacuum', 30_000],
      ['analyze', 900_000],
    ]);
    expect(plan.notice).toMatch(/autovacuum is off/);
    expect(plan.analyzeAtStart).toBe(false);
  });
  it('vacuums PGlite less often (VACUUM holds its one connection) and analyses it at start-up', () => {
    const plan = maintenancePlan(knex, 'pglite', false);
    expect(plan.duties.map((d) => [d.name, d.everyMs])).toEqual([
      ['queue vacuum', 120_000],
      ['analyze', 900_000],
    ]);
    expect(plan.analyzeAtStart).toBe(true);
    expect(plan.notice).toBeNull();
  });
});

describe('queue upkeep (autovacuum\'s rule at its defaults)', () => {
  const table = (name: string, live: number, dead: number, modifiedSinceAnalyze: number) => ({ table: name, live, dead, modifiedSinceAnalyze });
  it('vacuums a table once its dead rows pass 50 + 20% of the live ones', () => {
    expect(queueUpkeep([table('run_jobs', 100, 70, 0)])).toEqual([]);
    expect(queueUpkeep([table('run_jobs', 100, 71, 0)])).toEqual([{ table: 'run_jobs', vacuum: true, analyze: false }]);
    expect(queueUpkeep([table('run_jobs', 0, 2000, 2000)])).toEqual([{ table: 'run_jobs', vacuum: true, analyze: true }]);
  });
  it('analyses a table once the rows changed since its last ANALYZE pass 50 + 10% of the live ones', () => {
    expect(queueUpkeep([table('run_steps', 30_000, 0, 3_050)])).toEqual([]);
    expect(queueUpkeep([table('run_steps', 30_000, 0, 3_051)])).toEqual([{ table: 'run_steps', vacuum: false, analyze: true }]);
  });
  it('leaves a large table that only grows alone between its analyses: no VACUUM every 30 s', () => {
    // run_steps after a drain: many rows, few dead (a step's row is updated once at most).
    expect(queueUpkeep([table('run_steps', 40_000, 900, 1_000), table('process_runs', 10_000, 2_100, 900), table('sessions', 12, 0, 0)])).toEqual([
      { table: 'process_runs', vacuum: true, analyze: false },
    ]);
  });
});

describe.each(testDatabaseKinds())('queue vacuum on %s', (kind) => {
  let db: TestDatabase;
  let stop: (() => Promise<void>) | null = null;
  beforeAll(async () => {
    db = await createTestDatabase(kind);
    const runtime = await createRuntime(db); // creates the engine's tables
    stop = () => runtime.stop();
  });
  afterAll(async () => {
    await stop?.();
    await db?.drop();
  });

  /** A burst of 2,000 jobs of one run, all deleted: dead rows in run_jobs for VACUUM to reclaim. */
  async function leaveDeadJobs(runId: string): Promise<void> {
    await db.knex.raw(
      `INSERT INTO process_runs (id, process, definition_version, mode, status, trigger, context, depth)
       VALUES (?, 'p', 1, 'after-save', 'running', '{}', '{}', 0)`,
      [runId],
    );
    await db.knex.raw(`INSERT INTO run_jobs (run_id, node_id, token, status, due_at) SELECT ?, 'n', 't' || g, 'ready', now() FROM generate_series(1, 2000) g`, [runId]);
    await db.knex('run_jobs').delete();
  }

  it('reads the server setting: PGlite never has autovacuum; PostgreSQL answers as configured', async () => {
    const runs = await autovacuumRuns(db.knex, kind);
    if (kind === 'pglite') expect(runs).toBe(false);
    else {
      const setting: { rows: Array<{ autovacuum: string }> } = await db.knex.raw('SHOW autovacuum');
      expect(runs).toBe(setting.rows[0]?.autovacuum === 'on');
    }
  });

  it('reclaims the dead rows a burst of jobs leaves in run_jobs', async () => {
    await leaveDeadJobs('00000000-0000-4000-8000-000000000001');
    // relpages is what the last ANALYZE or VACUUM saw: the dead rows still fill pages after an
    // ANALYZE, and a VACUUM of a table with no live rows truncates it to none.
    const pages = async (): Promise<number> => {
      const result: { rows: Array<{ n: number }> } = await db.knex.raw(`SELECT relpages::int AS n FROM pg_class WHERE relname = 'run_jobs'`);
      return Number(result.rows[0]?.n);
    };
    await db.knex.raw('ANALYZE run_jobs');
    expect(await pages()).toBeGreaterThan(0);
    await databaseMaintenance(db.knex).vacuumQueue();
    expect(await pages()).toBe(0);
  });

  it('analyses the run tables without sampling their jsonb documents (no query filters on them)', async () => {
    await db.knex.raw(
      `INSERT INTO process_runs (process, definition_version, mode, status, trigger, context, depth)
       SELECT 'p', 1, 'after-save', 'completed', jsonb_build_object('n', g), '{}', 0 FROM generate_series(1, 200) g`,
    );
    await databaseMaintenance(db.knex).vacuumQueue();
    const stats: { rows: Array<{ attname: string }> } = await db.knex.raw(`SELECT attname FROM pg_stats WHERE schemaname = 'public' AND tablename = 'process_runs'`);
    const columns = stats.rows.map((row) => row.attname);
    expect(columns).toEqual(expect.arrayContaining(['status', 'process', 'created_at']));
    expect(columns).not.toContain('trigger');
    expect(columns).not.toContain('context');
  });

  it('keeps small statistics on every column of the run tables, the ones added later too', async () => {
    // A column added by a later migration samples at the default (100, ten times the rows) unless
    // that migration sets it as 0112_engine_run_table_statistics did: this says which one forgot.
    const targets: { rows: Array<{ table: string; column: string; type: string; target: number | null }> } = await db.knex.raw(
      `SELECT c.relname AS table, a.attname AS column, format_type(a.atttypid, a.atttypmod) AS type, a.attstattarget::int AS target
       FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
       WHERE c.relname IN ('process_runs', 'run_steps', 'run_jobs') AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped`,
    );
    expect(targets.rows.length).toBeGreaterThan(40);
    const off = targets.rows.filter((row) => row.target !== (row.type === 'jsonb' ? 0 : 10)).map((row) => `${row.table}.${row.column}: ${row.target ?? 'default'}`);
    expect(off).toEqual([]);
  });

  it.runIf(kind === 'postgres')('paced, vacuums on one pinned connection and hands it back unpaced', async () => {
    for (let pass = 0; pass < 12; pass += 1) {
      await leaveDeadJobs(`00000000-0000-4000-8000-0000000001${String(pass).padStart(2, '0')}`);
      const plan = await databaseMaintenance(db.knex).vacuumQueue({ paced: true });
      expect(plan.map((u) => u.table)).toContain('run_jobs');
    }
    // More passes than the pool has connections: each pass gave its connection back. Every pooled
    // connection, held at once, has the server's setting again.
    const settings = (await Promise.all(
      Array.from({ length: 8 }, () => db.knex.raw(`SELECT setting, reset_val, pg_sleep(0.05) FROM pg_settings WHERE name = 'vacuum_cost_delay'`)),
    )) as Array<{ rows: Array<{ setting: string; reset_val: string }> }>;
    for (const result of settings) expect(result.rows[0]?.setting).toBe(result.rows[0]?.reset_val);
  }, 60_000);

  it('with onlyWhereNeeded, vacuums the tables whose counters say they need it, and only those', async () => {
    await leaveDeadJobs('00000000-0000-4000-8000-000000000002');
    // A backend reports its counters when it goes idle (within about 10 s on PostgreSQL 15).
    let plan = await databaseMaintenance(db.knex).vacuumQueue({ onlyWhereNeeded: true });
    for (let tries = 0; !plan.some((u) => u.table === 'run_jobs') && tries < 30; tries += 1) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      plan = await databaseMaintenance(db.knex).vacuumQueue({ onlyWhereNeeded: true });
    }
    expect(plan).toContainEqual({ table: 'run_jobs', vacuum: true, analyze: true });
    // Vacuumed and analysed now: nothing more to do for it until the next churn.
    const again = await databaseMaintenance(db.knex).vacuumQueue({ onlyWhereNeeded: true });
    expect(again.map((u) => u.table)).not.toContain('run_jobs');
  }, 30_000);
});

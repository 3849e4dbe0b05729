import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { autovacuumRuns, databaseMaintenance, maintenancePlan } from './database-maintenance.duty.js';
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

  it('reads the server setting: PGlite never has autovacuum; PostgreSQL answers as configured', async () => {
    const runs = await autovacuumRuns(db.knex, kind);
    if (kind === 'pglite') expect(runs).toBe(false);
    else {
      const setting: { rows: Array<{ autovacuum: string }> } = await db.knex.raw('SHOW autovacuum');
      expect(runs).toBe(setting.rows[0]?.autovacuum === 'on');
    }
  });

  it('reclaims the dead rows a burst of jobs leaves in run_jobs', async () => {
    const runId = '00000000-0000-4000-8000-000000000001';
    await db.knex.raw(
      `INSERT INTO process_runs (id, process, definition_version, mode, status, trigger, context, depth)
       VALUES (?, 'p', 1, 'after-save', 'running', '{}', '{}', 0)`,
      [runId],
    );
    await db.knex.raw(`INSERT INTO run_jobs (run_id, node_id, token, status, due_at) SELECT ?, 'n', 't' || g, 'ready', now() FROM generate_series(1, 2000) g`, [runId]);
    await db.knex('run_jobs').delete();
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
});

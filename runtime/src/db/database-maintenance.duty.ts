import type { Knex } from 'knex';
import type { DatabaseKind } from './database.factory.js';

/*
 * The engine's queue tables churn: every run inserts, updates and deletes rows in run_jobs and
 * process_runs. Without VACUUM their dead rows are never reclaimed and each claim wades through
 * them (measured: after a burst of 4,800 runs on a server with autovacuum off, the wait for a
 * worker went from 21 to 79 ms at p50 and the lag p99 from 140 to 935 ms); without ANALYZE the
 * planner has no statistics and plans go wrong as tables grow.
 *
 * PostgreSQL's autovacuum does both by itself, and then we do nothing. PGlite has no autovacuum,
 * and a PostgreSQL server may have it turned off (this machine's has): then the runtime vacuums
 * the churning tables often and analyses the whole database now and then (ANALYZE samples, so its
 * cost is bounded). SKIP_LOCKED: several runtime processes may share one server, and a table
 * another one is vacuuming right now is skipped rather than waited for.
 */

const CHURNING_TABLES = ['run_jobs', 'process_runs', 'run_steps', 'sessions', 'login_throttle', 'webhook_deliveries', 'mail_outbox'];

export interface MaintenanceDuty {
  name: string;
  everyMs: number;
  run(): Promise<void>;
}

export interface MaintenancePlan {
  /** Analyse everything at start-up (PGlite: its statistics are never kept otherwise). */
  analyzeAtStart: boolean;
  duties: MaintenanceDuty[];
  /** Said once at start-up, when the runtime takes over what the server should do. */
  notice: string | null;
}

export function databaseMaintenance(knex: Knex): { vacuumQueue(): Promise<void>; analyzeAll(): Promise<void> } {
  return {
    async vacuumQueue() {
      const existing: Array<{ tablename: string }> = await knex('pg_tables').where({ schemaname: 'public' }).whereIn('tablename', CHURNING_TABLES).select('tablename');
      for (const { tablename } of existing) await knex.raw('VACUUM (ANALYZE, SKIP_LOCKED) ??', [tablename]);
    },
    async analyzeAll() {
      await knex.raw('ANALYZE');
    },
  };
}

/** Whether the server runs autovacuum (always false for PGlite, which has no launcher). */
export async function autovacuumRuns(knex: Knex, kind: DatabaseKind): Promise<boolean> {
  if (kind === 'pglite') return false;
  const result: { rows: Array<{ on: boolean }> } = await knex.raw(`SELECT current_setting('autovacuum') = 'on' AS on`);
  return result.rows[0]?.on === true;
}

/**
 * What the runtime does for the database's upkeep. PGlite vacuums less often: VACUUM holds its
 * one connection, so every request waits meanwhile.
 */
export function maintenancePlan(knex: Knex, kind: DatabaseKind, autovacuum: boolean): MaintenancePlan {
  if (autovacuum) return { analyzeAtStart: false, duties: [], notice: null };
  const maintenance = databaseMaintenance(knex);
  const vacuumEveryMs = kind === 'pglite' ? 120_000 : 30_000;
  return {
    analyzeAtStart: kind === 'pglite',
    duties: [
      { name: 'queue vacuum', everyMs: vacuumEveryMs, run: () => maintenance.vacuumQueue() },
      { name: 'analyze', everyMs: 900_000, run: () => maintenance.analyzeAll() },
    ],
    notice:
      kind === 'pglite'
        ? null
        : 'autovacuum is off on this PostgreSQL server: the runtime vacuums its queue tables every 30 s and analyses the database every 15 min; turn autovacuum on for everything else.',
  };
}

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
 * and a PostgreSQL server may have it turned off (this machine's has): then the runtime looks at
 * the churning tables often, vacuums and analyses those that need it as autovacuum would
 * (queueUpkeep; PGlite: all of them, less often), and analyses the whole database now and then
 * (ANALYZE samples, so its cost is bounded). SKIP_LOCKED: several runtime processes may share one server, and a table
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

/** A churning table's counters, as pg_stat_user_tables keeps them. */
export interface TableActivity {
  table: string;
  live: number;
  dead: number;
  modifiedSinceAnalyze: number;
}

export interface TableUpkeep {
  table: string;
  vacuum: boolean;
  analyze: boolean;
}

/**
 * What each table needs now, by autovacuum's own rule at its default settings: a VACUUM once its
 * dead rows pass 50 + 20% of the live ones, an ANALYZE once the rows changed since the last one pass
 * 50 + 10%. Vacuuming and analysing every churning table every 30 s whether it needed it or not
 * made the queue's tail: run_steps and process_runs grow by every run, and their ANALYZE samples
 * jsonb columns; with the queue vacuum off, the paced lag p99 fell from 524 to 165 ms (wait for a
 * worker p99 448 -> 115 ms; bench/README.md, 2026-12-06).
 */
export function queueUpkeep(tables: readonly TableActivity[]): TableUpkeep[] {
  return tables
    .map((t) => ({ table: t.table, vacuum: t.dead > 50 + 0.2 * t.live, analyze: t.modifiedSinceAnalyze > 50 + 0.1 * t.live }))
    .filter((u) => u.vacuum || u.analyze);
}

export interface QueueVacuumOptions {
  /**
   * Only the tables that need it, by queueUpkeep (PostgreSQL). Without, every churning table is
   * vacuumed and analysed (PGlite, every 2 minutes: its statistics counters are not relied on).
   */
  onlyWhereNeeded?: boolean;
  /**
   * Paced as autovacuum paces itself at its defaults: a 2 ms sleep each time the work reaches
   * vacuum_cost_limit (200). A manual VACUUM runs unpaced, and on a small machine the queue's
   * VACUUM took a core at once: the runs saved meanwhile waited for a worker (bench/README.md,
   * "The paced tail, again"). PostgreSQL only: it pins one pooled connection for the SET.
   */
  paced?: boolean;
}

/** autovacuum_vacuum_cost_delay's default; the limit stays vacuum_cost_limit's, as autovacuum's does. */
const AUTOVACUUM_COST_DELAY = '2ms';

export function databaseMaintenance(knex: Knex): { vacuumQueue(options?: QueueVacuumOptions): Promise<TableUpkeep[]>; analyzeAll(): Promise<void> } {
  async function activity(tables: readonly string[] = CHURNING_TABLES): Promise<TableActivity[]> {
    const result: { rows: Array<{ relname: string; live: string | number; dead: string | number; modified: string | number }> } = await knex.raw(
      `SELECT relname, n_live_tup AS live, n_dead_tup AS dead, n_mod_since_analyze AS modified
       FROM pg_stat_user_tables WHERE schemaname = 'public' AND relname IN (${tables.map(() => '?').join(', ')})`,
      [...tables],
    );
    return result.rows.map((row) => ({ table: row.relname, live: Number(row.live), dead: Number(row.dead), modifiedSinceAnalyze: Number(row.modified) }));
  }
  return {
    async vacuumQueue(options = {}) {
      let plan: TableUpkeep[];
      if (options.onlyWhereNeeded) plan = queueUpkeep(await activity());
      else {
        const existing: Array<{ tablename: string }> = await knex('pg_tables').where({ schemaname: 'public' }).whereIn('tablename', CHURNING_TABLES).select('tablename');
        plan = existing.map(({ tablename }) => ({ table: tablename, vacuum: true, analyze: true }));
      }
      if (plan.length === 0) return [];
      const connection: unknown = options.paced ? await knex.client.acquireConnection() : null;
      // Every statement of the pass on the pinned connection when paced, on any pooled one otherwise.
      const run = (sql: string, bindings: readonly Knex.RawBinding[] = []) => (connection ? knex.raw(sql, bindings).connection(connection) : knex.raw(sql, bindings));
      const done: TableUpkeep[] = [];
      try {
        if (connection) await run(`SET vacuum_cost_delay = '${AUTOVACUUM_COST_DELAY}'`);
        for (const planned of plan) {
          // Another runtime process sharing the server may have just done this table (their checks
          // run at about the same moments, and one may plan while the other vacuums): asked again
          // right before, it is not done twice.
          const upkeep = options.onlyWhereNeeded ? queueUpkeep(await activity([planned.table]))[0] : planned;
          if (!upkeep) continue;
          done.push(upkeep);
          const { table, vacuum, analyze } = upkeep;
          if (vacuum) await run(analyze ? 'VACUUM (ANALYZE, SKIP_LOCKED) ??' : 'VACUUM (SKIP_LOCKED) ??', [table]);
          else await run('ANALYZE (SKIP_LOCKED) ??', [table]);
        }
      } finally {
        if (connection) {
          await run('RESET vacuum_cost_delay').catch(() => undefined);
          await knex.client.releaseConnection(connection);
        }
      }
      return done;
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
      { name: 'queue vacuum', everyMs: vacuumEveryMs, run: async () => void (await maintenance.vacuumQueue({ onlyWhereNeeded: kind !== 'pglite', paced: kind !== 'pglite' })) },
      { name: 'analyze', everyMs: 900_000, run: () => maintenance.analyzeAll() },
    ],
    notice:
      kind === 'pglite'
        ? null
        : 'autovacuum is off on this PostgreSQL server: the runtime vacuums its queue tables as they need it (checked every 30 s) and analyses the database every 15 min; turn autovacuum on for everything else.',
  };
}

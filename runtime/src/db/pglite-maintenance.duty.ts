import type { Knex } from 'knex';

/*
 * PGlite has no autovacuum: without this, the planner has no statistics (plans go wrong as tables
 * grow) and the job queue's deleted rows are never reclaimed (each claim wades through them).
 * PostgreSQL does both by itself. The engine's churning tables are vacuumed often; the whole
 * database is analysed now and then (ANALYZE samples, so its cost is bounded).
 */

const CHURNING_TABLES = ['run_jobs', 'process_runs', 'run_steps', 'sessions', 'login_throttle', 'webhook_deliveries', 'mail_outbox'];

export function pgliteMaintenance(knex: Knex): { vacuumQueue(): Promise<void>; analyzeAll(): Promise<void> } {
  return {
    async vacuumQueue() {
      const existing: Array<{ tablename: string }> = await knex('pg_tables').where({ schemaname: 'public' }).whereIn('tablename', CHURNING_TABLES).select('tablename');
      for (const { tablename } of existing) await knex.raw('VACUUM (ANALYZE) ??', [tablename]);
    },
    async analyzeAll() {
      await knex.raw('ANALYZE');
    },
  };
}

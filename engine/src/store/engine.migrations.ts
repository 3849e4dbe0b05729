import type { Knex } from 'knex';

/** One step of the engine's schema, run by the host's migrator after the runtime's own. */
export interface EngineMigration {
  name: string;
  up(knex: Knex): Promise<void>;
}

/** The engine's durable state (runs, steps, jobs, timers, tasks), in order. */
export const engineMigrations: EngineMigration[] = [];

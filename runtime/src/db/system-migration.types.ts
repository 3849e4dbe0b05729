import type { Knex } from 'knex';

/** One step of the runtime's own schema. Names are unique and never change once released. */
export interface SystemMigration {
  name: string;
  up(knex: Knex): Promise<void>;
}

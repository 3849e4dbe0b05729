import type { App } from '@crm/schemas';
import type { Knex } from 'knex';
import type { Database } from './db/database.factory.js';

/** The published app definition the runtime serves, with its version number. */
export interface LiveDefinition {
  readonly version: number;
  readonly app: App;
}

export interface LiveDefinitionSource {
  /**
   * The live definition, or null before anything was published. Cheap: cached, checked against the
   * database with one small query on `db` (default: the pool). Inside a transaction pass its handle:
   * PGlite has one connection, and the pool would wait for it forever.
   */
  getLive(db?: Knex): Promise<LiveDefinition | null>;
}

/** What every route and service of the runtime is built from; passed in, never imported as a global. */
export interface RuntimeContext {
  readonly db: Database;
  readonly definitions: LiveDefinitionSource;
}

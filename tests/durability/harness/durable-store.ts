import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Knex } from 'knex';
import { openDatabase, type DatabaseKind } from '@crm/runtime';
import { createTestDatabase } from '@crm/runtime/testing';

/*
 * The data a runtime child lives on, which outlives the child: a PGlite data folder in a temp
 * directory, or a PostgreSQL database of its own on TEST_DATABASE_URL's server. Tests read it
 * directly with SQL to check what the runtime left behind. PGlite is one process: its folder may
 * be opened here only while no child runs on it.
 */

export interface DurableStore {
  readonly kind: DatabaseKind;
  /** The PostgreSQL database name (PostgreSQL only). */
  readonly databaseName: string | null;
  /** Environment for a runtime child on this data; `tag` names its PostgreSQL connections (application_name). */
  childEnv(tag: string): Record<string, string>;
  /** Queries the data directly. PGlite: only while no child runs on it. */
  inspect<T>(work: (knex: Knex) => Promise<T>): Promise<T>;
  /** Removes the data (drops the database, deletes the folder). */
  drop(): Promise<void>;
}

async function pgliteStore(): Promise<DurableStore> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-durability-'));
  return {
    kind: 'pglite',
    databaseName: null,
    childEnv: () => ({ CRM_DATA_DIR: dir }),
    async inspect(work) {
      const db = await openDatabase({ dataDir: dir });
      try {
        return await work(db.knex);
      } finally {
        await db.close();
      }
    },
    async drop() {
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function postgresStore(): Promise<DurableStore> {
  const db = await createTestDatabase('postgres', 'crm_durability');
  const url = db.url;
  if (!url) throw new Error('the PostgreSQL test database has no URL');
  const databaseName = new URL(url).pathname.slice(1);
  return {
    kind: 'postgres',
    databaseName,
    childEnv(tag) {
      const tagged = new URL(url);
      tagged.searchParams.set('application_name', tag);
      return { DATABASE_URL: tagged.toString() };
    },
    inspect: (work) => work(db.knex),
    drop: () => db.drop(),
  };
}

export function createDurableStore(kind: DatabaseKind): Promise<DurableStore> {
  return kind === 'pglite' ? pgliteStore() : postgresStore();
}

import crypto from 'node:crypto';
import knexFactory from 'knex';
import { openPglite, openPostgres, type Database, type DatabaseKind } from './database.factory.js';

/**
 * The backends a database-facing suite runs on: always the embedded PGlite, and PostgreSQL as well
 * when TEST_DATABASE_URL is set.
 */
export function testDatabaseKinds(): DatabaseKind[] {
  return process.env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];
}

export interface TestDatabase extends Database {
  /** Connection string of the throwaway PostgreSQL database; absent for PGlite. */
  readonly url?: string;
  /** Closes the connections and drops the throwaway database. */
  drop(): Promise<void>;
}

/**
 * A database of the suite's own: an in-memory PGlite, or a freshly created PostgreSQL database on
 * the TEST_DATABASE_URL server that drop() removes, so leftovers of earlier runs never matter.
 */
export async function createTestDatabase(kind: DatabaseKind, prefix = 'crm_test'): Promise<TestDatabase> {
  if (kind === 'pglite') {
    const db = await openPglite();
    return { ...db, drop: () => db.close() };
  }
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) throw new Error('TEST_DATABASE_URL is not set');
  const name = `${prefix}_${Date.now().toString(36)}_${crypto.randomBytes(4).toString('hex')}`;
  const admin = knexFactory({ client: 'pg', connection: adminUrl, pool: { min: 0, max: 1 } });
  try {
    await admin.raw('CREATE DATABASE ??', [name]);
  } finally {
    await admin.destroy();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const db = await openPostgres(url.toString(), 5);
  return {
    ...db,
    url: url.toString(),
    async drop() {
      await db.close();
      const cleaner = knexFactory({ client: 'pg', connection: adminUrl, pool: { min: 0, max: 1 } });
      try {
        await cleaner.raw('DROP DATABASE IF EXISTS ?? WITH (FORCE)', [name]);
      } finally {
        await cleaner.destroy();
      }
    },
  };
}

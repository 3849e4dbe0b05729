import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import type { DatabaseKind } from './database.factory.js';
import {
  createPostgresTestDatabase,
  createTestDatabase,
  dropPostgresDatabases,
  openPgliteTestDatabase,
  PGLITE_IMAGE_ENV,
  postgresAdminUrl,
  type TestDatabase,
} from './test-database.js';

/** The test run's id, set once by its global setup: it names the run's prepared PostgreSQL databases. */
export const TEST_RUN_ENV = 'CRM_TEST_RUN';

/*
 * Nearly every database-facing suite starts a runtime on a database that is migrated, has the first
 * admin and often a template installed (b2b-sales with its demo records). Doing that again for each
 * file cost seconds per file on each database (more on a busy machine), a good part of CI's hour.
 * So each such state is prepared once per test run and then copied: on PGlite a dump of the prepared
 * data folder beside the run's fresh image (booting from it is what booting from the fresh image
 * already was), on PostgreSQL a database of the run cloned with CREATE DATABASE ... TEMPLATE. A copy
 * is the state `prepare` left, exactly as a runtime restarted on that database finds it; each suite
 * still gets a database of its own. Without the run's global setup (a script outside vitest) the
 * state is prepared in place every time.
 */

/**
 * A database of the caller's own in the state `prepare` leaves a fresh one in. `key` names that
 * state for the run (e.g. `template_b2b_sales`); the first caller in the run prepares it, the others
 * copy it. `prepare` must close what it opens on the database (a runtime: stop()).
 */
export async function createPreparedTestDatabase(kind: DatabaseKind, key: string, prepare: (db: TestDatabase) => Promise<void>): Promise<TestDatabase> {
  const safeKey = key.toLowerCase().replace(/[^a-z0-9]+/g, '_');
  return kind === 'pglite' ? preparedPglite(safeKey, prepare) : preparedPostgres(safeKey, prepare);
}

async function preparedPglite(key: string, prepare: (db: TestDatabase) => Promise<void>): Promise<TestDatabase> {
  const fresh = process.env[PGLITE_IMAGE_ENV];
  if (!fresh || !fs.existsSync(fresh)) return preparedInPlace('pglite', prepare);
  const file = path.join(path.dirname(fresh), `prepared-${key}.tar`);
  if (fs.existsSync(file)) return openPgliteTestDatabase(new Blob([await fs.promises.readFile(file)]));
  // Two workers may prepare the same state at once: each writes its own part file and renames it
  // into place, so a reader only ever sees a whole image (the second rename replaces an equal one).
  const db = await preparedInPlace('pglite', prepare);
  if (!db.dumpDataDir) return db;
  const image = await db.dumpDataDir();
  const part = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}`;
  await fs.promises.writeFile(part, Buffer.from(await image.arrayBuffer()));
  await fs.promises.rename(part, file);
  return db;
}

async function preparedPostgres(key: string, prepare: (db: TestDatabase) => Promise<void>): Promise<TestDatabase> {
  const run = process.env[TEST_RUN_ENV];
  if (!run) return preparedInPlace('postgres', prepare);
  const image = preparedDatabaseName(run, key);
  // One session holds an advisory lock while it prepares the image; the others wait on it, then
  // find the image made. A failed preparation drops its half-made image before letting go.
  const admin = new pg.Client({ connectionString: postgresAdminUrl() });
  await admin.connect();
  try {
    await admin.query('SELECT pg_advisory_lock(hashtext($1))', [image]);
    const made = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [image]);
    if (made.rowCount === 0) {
      const db = await createPostgresTestDatabase(image);
      try {
        await prepare(db);
        await db.close();
      } catch (error) {
        await db.drop();
        throw error;
      }
    }
  } finally {
    // Ending the session releases its advisory lock.
    await admin.end();
  }
  return cloneWithRetry(`crm_test_${Date.now().toString(36)}_${crypto.randomBytes(4).toString('hex')}`, image);
}

/** PostgreSQL refuses a clone while anyone (an autovacuum worker too) is connected to the template. */
async function cloneWithRetry(name: string, template: string): Promise<TestDatabase> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await createPostgresTestDatabase(name, template);
    } catch (error) {
      const busy = error instanceof Error && 'code' in error && error.code === '55006';
      if (!busy || attempt >= 5) throw error;
      await new Promise((resolve) => setTimeout(resolve, 300 * attempt));
    }
  }
}

async function preparedInPlace(kind: DatabaseKind, prepare: (db: TestDatabase) => Promise<void>): Promise<TestDatabase> {
  const db = await createTestDatabase(kind);
  try {
    await prepare(db);
  } catch (error) {
    await db.drop();
    throw error;
  }
  return db;
}

function preparedDatabaseName(run: string, key: string): string {
  // PostgreSQL keeps 63 bytes of a name.
  return `crm_image_${run}_${key}`.slice(0, 63);
}

/** Drops the prepared PostgreSQL databases of run `run` (the global setup's teardown). */
export async function dropPreparedTestDatabases(run: string): Promise<void> {
  const admin = new pg.Client({ connectionString: postgresAdminUrl() });
  await admin.connect();
  let names: string[];
  try {
    const found = await admin.query<{ datname: string }>('SELECT datname FROM pg_database WHERE datname LIKE $1', [`crm_image_${run}_%`]);
    names = found.rows.map((row) => row.datname);
  } finally {
    await admin.end();
  }
  await dropPostgresDatabases(names);
}

import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { CleanupRegistry } from './cleanup.registry.js';
import { openPgliteSession, openPostgresSession, type SqlSession } from './sql.session.js';

/*
 * Where the product runs in a bench: a PostgreSQL database the bench creates on the
 * BENCH_DATABASE_URL server and drops at the end, or a PGlite data folder it creates in the
 * system's temp folder and removes at the end. Both are registered for cleanup the moment they
 * exist.
 */

export type DbKind = 'postgres' | 'pglite';

export interface DbTarget {
  readonly kind: DbKind;
  /** Connection string of the bench database (PostgreSQL only). */
  readonly url: string | null;
  /** Data folder (PGlite only). */
  readonly dataDir: string | null;
  /** What the product process needs to find the database. */
  runtimeEnv(): Record<string, string>;
  /** SQL access from the bench process (on PGlite only while no product process has the folder open). */
  openSql(poolMax?: number): Promise<SqlSession>;
  /** A short description for the results (server version). */
  describe(): Promise<string>;
}

export const DEFAULT_BENCH_SERVER = 'postgres://postgres@127.0.0.1:5432/postgres';

function benchName(): string {
  return `crm_bench_${Date.now().toString(36)}_${crypto.randomBytes(3).toString('hex')}`;
}

async function adminQuery(adminUrl: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/**
 * `serverUrl` names the server (its database part is where the bench connects to create and drop
 * its own, e.g. `postgres`); the bench database is new and empty.
 */
export async function createPostgresTarget(serverUrl: string, registry: CleanupRegistry): Promise<DbTarget> {
  const name = benchName();
  await adminQuery(serverUrl, `CREATE DATABASE "${name}"`);
  registry.add(`drop database ${name}`, () => adminQuery(serverUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const href = url.toString();
  return {
    kind: 'postgres',
    url: href,
    dataDir: null,
    runtimeEnv: () => ({ DATABASE_URL: href }),
    openSql: (poolMax) => openPostgresSession(href, poolMax),
    async describe() {
      const session = await openPostgresSession(href, 1);
      try {
        const [row] = await session.query<{ v: string }>(`SELECT current_setting('server_version') AS v`);
        return `PostgreSQL ${row?.v ?? '?'}`;
      } finally {
        await session.close();
      }
    },
  };
}

export async function createPgliteTarget(registry: CleanupRegistry): Promise<DbTarget> {
  const dataDir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'crm-bench-pglite-'));
  registry.add(`remove ${dataDir}`, () => fs.promises.rm(dataDir, { recursive: true, force: true }));
  return {
    kind: 'pglite',
    url: null,
    dataDir,
    runtimeEnv: () => ({ CRM_DATA_DIR: dataDir }),
    openSql: () => openPgliteSession(dataDir),
    async describe() {
      return 'PGlite (embedded, in the runtime process)';
    },
  };
}

import crypto from 'node:crypto';
import fs from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import knexFactory, { type Knex } from 'knex';
import { openPglite, openPostgres, type Database, type DatabaseKind } from './database.factory.js';

/**
 * The backends a database-facing suite runs on: always the embedded PGlite, and PostgreSQL as well
 * when TEST_DATABASE_URL is set. `TEST_DATABASE_KINDS=postgres` (with the URL) narrows that to
 * PostgreSQL alone: CI's second `npm test` runs right after the embedded one, and repeating every
 * PGlite half there cost minutes of a run that must stay under sixty.
 */
export function testDatabaseKinds(env: NodeJS.ProcessEnv = process.env): DatabaseKind[] {
  const all: DatabaseKind[] = env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];
  const wanted = env.TEST_DATABASE_KINDS?.split(',').map((kind) => kind.trim()).filter(Boolean);
  if (!wanted?.length) return all;
  const unknown = wanted.filter((kind) => kind !== 'pglite' && kind !== 'postgres');
  if (unknown.length) throw new Error(`TEST_DATABASE_KINDS: unknown kind ${unknown.join(', ')} (pglite or postgres)`);
  if (wanted.includes('postgres') && !env.TEST_DATABASE_URL) throw new Error('TEST_DATABASE_KINDS=postgres needs TEST_DATABASE_URL');
  return all.filter((kind) => wanted.includes(kind));
}

export interface TestDatabase extends Database {
  /** Connection string of the throwaway PostgreSQL database; absent for PGlite. */
  readonly url?: string;
  /** Closes the connections and drops the throwaway database. */
  drop(): Promise<void>;
}

/** Where the test run's global setup left a fresh PGlite's data folder (see pglite-image.global-setup.ts). */
export const PGLITE_IMAGE_ENV = 'CRM_TEST_PGLITE_IMAGE';

/*
 * An in-memory PGlite runs initdb on every boot: about 6 of its 7 seconds here, paid by every suite.
 * The test run's global setup boots one, dumps its untouched data folder to a file, and each test
 * database starts from that image (about 1.5 s). The image is a freshly initialised cluster and
 * nothing more, so a database from it is the same as a new one. Without the file (a script run
 * outside vitest), a database boots the slow way.
 */
async function freshPgliteImage(): Promise<Blob | undefined> {
  const file = process.env[PGLITE_IMAGE_ENV];
  if (!file || !fs.existsSync(file)) return undefined;
  return new Blob([await fs.promises.readFile(file)]);
}

/** Boots a fresh in-memory PGlite and writes its data folder to `file` (the global setup's job). */
export async function writeFreshPgliteImage(file: string): Promise<void> {
  const pglite = new PGlite();
  await pglite.waitReady;
  const image = await pglite.dumpDataDir('none');
  await fs.promises.writeFile(file, Buffer.from(await image.arrayBuffer()));
  await pglite.close();
}

/**
 * A database of the suite's own: an in-memory PGlite, or a freshly created PostgreSQL database on
 * the TEST_DATABASE_URL server that drop() removes, so leftovers of earlier runs never matter.
 */
export async function createTestDatabase(kind: DatabaseKind, prefix = 'crm_test'): Promise<TestDatabase> {
  if (kind === 'pglite') return openPgliteTestDatabase(await freshPgliteImage());
  return createPostgresTestDatabase(`${prefix}_${Date.now().toString(36)}_${crypto.randomBytes(4).toString('hex')}`);
}

/** An in-memory PGlite booted from `image` (a dumped data folder), or a fresh one without it. */
export async function openPgliteTestDatabase(image?: Blob): Promise<TestDatabase> {
  const db = await openPglite(undefined, image);
  return { ...db, drop: () => db.close() };
}

/**
 * Creates the database `name` on the TEST_DATABASE_URL server, empty or as a copy of `template`
 * (CREATE DATABASE ... TEMPLATE), and opens it; drop() removes it.
 */
export async function createPostgresTestDatabase(name: string, template?: string): Promise<TestDatabase> {
  const adminUrl = postgresAdminUrl();
  const admin = knexFactory({ client: 'pg', connection: adminUrl, pool: { min: 0, max: 1 } });
  try {
    if (template) await admin.raw('CREATE DATABASE ?? TEMPLATE ??', [name, template]);
    else await admin.raw('CREATE DATABASE ??', [name]);
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
      await dropPostgresDatabases([name]);
    },
  };
}

/** Drops the named databases on the TEST_DATABASE_URL server, whoever is still connected. */
export async function dropPostgresDatabases(names: readonly string[]): Promise<void> {
  const cleaner = knexFactory({ client: 'pg', connection: postgresAdminUrl(), pool: { min: 0, max: 1 } });
  try {
    for (const name of names) await cleaner.raw('DROP DATABASE IF EXISTS ?? WITH (FORCE)', [name]);
  } finally {
    await cleaner.destroy();
  }
}

export function postgresAdminUrl(): string {
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) throw new Error('TEST_DATABASE_URL is not set');
  return adminUrl;
}

/** Brings a database back to the state captured by captureBaseline(). */
export interface DatabaseBaseline {
  restore(): Promise<void>;
}

interface BaselineTable {
  name: string;
  columns: string[];
  rows: string;
}

/*
 * Opening a database and migrating it costs seconds (PGlite boots a WASM PostgreSQL); emptying one
 * costs milliseconds. So a suite opens and migrates once, captures the baseline, and restores it
 * before each test: tables created since are dropped, the baseline tables get their rows back,
 * sequences their positions. The runtime creates only tables (and their indexes, constraints and
 * owned sequences) in the public schema, which is all this has to undo.
 */
export async function captureBaseline(knex: Knex): Promise<DatabaseBaseline> {
  const tables = await publicTables(knex);
  const sequences: Array<{ name: string; last_value: number | null; start_value: number }> = (
    await knex.raw(`SELECT sequencename AS name, last_value, start_value FROM pg_sequences WHERE schemaname = 'public'`)
  ).rows;
  const withRows: BaselineTable[] = [];
  for (const name of await insertOrder(knex, tables)) {
    const rows: Array<{ data: string | null }> = (await knex.raw(`SELECT json_agg(t)::text AS data FROM ?? t`, [name])).rows;
    const data = rows[0]?.data;
    if (!data) continue;
    const columns: Array<{ column_name: string }> = await knex('information_schema.columns')
      .where({ table_schema: 'public', table_name: name, is_generated: 'NEVER' })
      .select('column_name');
    withRows.push({ name, columns: columns.map((c) => c.column_name), rows: data });
  }
  const baselineTables = new Set(tables);
  const baselineSequences = new Set(sequences.map((s) => s.name));

  return {
    async restore() {
      await knex.transaction(async (trx) => {
        const added = (await publicTables(trx)).filter((name) => !baselineTables.has(name));
        if (added.length > 0) await trx.raw(`DROP TABLE IF EXISTS ${added.map(() => '??').join(', ')} CASCADE`, added);
        const addedSequences: Array<{ name: string }> = (await trx.raw(`SELECT sequencename AS name FROM pg_sequences WHERE schemaname = 'public'`)).rows;
        const strays = addedSequences.map((s) => s.name).filter((name) => !baselineSequences.has(name));
        if (strays.length > 0) await trx.raw(`DROP SEQUENCE IF EXISTS ${strays.map(() => '??').join(', ')} CASCADE`, strays);
        if (tables.length > 0) await trx.raw(`TRUNCATE ${tables.map(() => '??').join(', ')} RESTART IDENTITY CASCADE`, tables);
        for (const table of withRows) {
          const list = table.columns.map(() => '??').join(', ');
          await trx.raw(`INSERT INTO ?? (${list}) OVERRIDING SYSTEM VALUE SELECT ${list} FROM json_populate_recordset(NULL::??, ?::json)`, [
            table.name,
            ...table.columns,
            ...table.columns,
            table.name,
            table.rows,
          ]);
        }
        for (const s of sequences) {
          await trx.raw(`SELECT setval(?::regclass, ?, ?)`, [`"${s.name}"`, s.last_value ?? s.start_value, s.last_value !== null]);
        }
      });
    },
  };
}

async function publicTables(knex: Knex): Promise<string[]> {
  const rows: Array<{ name: string }> = (await knex.raw(`SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`)).rows;
  return rows.map((r) => r.name);
}

/** Tables ordered so that a table comes after every table its foreign keys point at. */
async function insertOrder(knex: Knex, tables: string[]): Promise<string[]> {
  const edges: Array<{ child: string; parent: string }> = (
    await knex.raw(`
      SELECT c.conrelid::regclass::text AS child, c.confrelid::regclass::text AS parent
      FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
      WHERE c.contype = 'f' AND n.nspname = 'public'`)
  ).rows;
  const unquote = (name: string) => name.replace(/^"|"$/g, '');
  const ordered: string[] = [];
  const visiting = new Set<string>();
  const visit = (table: string): void => {
    if (ordered.includes(table) || visiting.has(table)) return;
    visiting.add(table);
    for (const edge of edges) if (unquote(edge.child) === table && unquote(edge.parent) !== table) visit(unquote(edge.parent));
    ordered.push(table);
  };
  for (const table of tables) visit(table);
  return ordered.filter((t) => tables.includes(t));
}

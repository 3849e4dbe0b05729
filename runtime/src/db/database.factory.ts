import fs from 'node:fs';
import path from 'node:path';
import knexFactory, { type Knex } from 'knex';
import { PGlite, types as pgliteTypes } from '@electric-sql/pglite';
import ClientPgLite from 'knex-pglite';
import pg from 'pg';

export type DatabaseKind = 'pglite' | 'postgres';

export interface Database {
  readonly kind: DatabaseKind;
  readonly knex: Knex;
  /**
   * LISTEN on a channel: `onNotify` runs for each NOTIFY committed by anyone (this process or
   * another on the same database), with the NOTIFY's payload. Returns the unsubscribe. Workers sleep
   * on it instead of polling.
   */
  listen(channel: string, onNotify: (payload: string) => void, onLost?: () => void): Promise<() => Promise<void>>;
  /**
   * PGlite only: its whole data folder as a tarball, which `openPglite(undefined, image)` boots
   * from. The test suites copy a prepared database this way (runtime/src/db/prepared-test-database.ts).
   */
  dumpDataDir?(): Promise<Blob>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** A PostgreSQL connection string; absent means the embedded PGlite. */
  url?: string | undefined;
  /** PGlite data folder; absent (with no url) means an in-memory database. */
  dataDir?: string | undefined;
  /** PostgreSQL pool size. */
  poolMax?: number;
}

/*
 * Both drivers must hand the rest of the runtime the same JavaScript values, or the same SQL would
 * give different records on PGlite and PostgreSQL: numerics and bigints as numbers, dates as
 * 'YYYY-MM-DD' strings, timestamps as ISO 8601 strings in UTC.
 */
const OID = { INT8: 20, NUMERIC: 1700, DATE: 1082, TIMESTAMP: 1114, TIMESTAMPTZ: 1184 } as const;

function toNumber(text: string): number {
  return Number(text);
}

/** PostgreSQL's text for a timestamp in UTC: `2026-12-07 11:15:33.123456+00` (no fraction when it is 0). */
const UTC_TIMESTAMP = /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d)(?:\.(\d{1,6}))?(?:\+00)?$/;

export function toIsoInstant(text: string): string {
  // Both servers run with TimeZone = UTC (set per connection below), so the text carries +00. The
  // common shape is rewritten as text (a Date's toISOString keeps milliseconds and drops the rest,
  // as this does): every run reads a dozen timestamps, and parsing them through a Date was 1.8% of
  // a worker's busy time. Anything else (another offset, BC, years past 9999) goes through a Date.
  const utc = UTC_TIMESTAMP.exec(text);
  if (utc) return `${utc[1]}T${utc[2]}.${(utc[3] ?? '').padEnd(3, '0').slice(0, 3)}Z`;
  const normalised = text.includes('T') ? text : text.replace(' ', 'T');
  const withZone = /[+-]\d\d(:?\d\d)?$|Z$/.test(normalised) ? normalised : `${normalised}Z`;
  const withMinutes = withZone.replace(/([+-]\d\d)$/, '$1:00');
  return new Date(withMinutes).toISOString();
}

function identity(text: string): string {
  return text;
}

let pgParsersInstalled = false;
function installPgParsers(): void {
  if (pgParsersInstalled) return;
  pg.types.setTypeParser(OID.INT8, toNumber);
  pg.types.setTypeParser(OID.NUMERIC, toNumber);
  pg.types.setTypeParser(OID.DATE, identity);
  pg.types.setTypeParser(OID.TIMESTAMP, toIsoInstant);
  pg.types.setTypeParser(OID.TIMESTAMPTZ, toIsoInstant);
  pgParsersInstalled = true;
}

const pgliteParsers = {
  [pgliteTypes.INT8]: toNumber,
  [pgliteTypes.NUMERIC]: toNumber,
  [pgliteTypes.DATE]: identity,
  [pgliteTypes.TIMESTAMP]: toIsoInstant,
  [pgliteTypes.TIMESTAMPTZ]: toIsoInstant,
};

/**
 * `loadDataDir`: a tarball of a data folder (PGlite's dumpDataDir) to start from instead of running
 * initdb, which is most of an in-memory PGlite's several seconds of boot; tests start from one.
 */
export async function openPglite(dataDir?: string, loadDataDir?: Blob): Promise<Database> {
  if (dataDir) fs.mkdirSync(path.resolve(dataDir), { recursive: true });
  // Options go in one object: PGlite reads a second argument only when the first is a data-dir string.
  const pglite = new PGlite({ dataDir: dataDir ? path.resolve(dataDir) : undefined, parsers: pgliteParsers, ...(loadDataDir ? { loadDataDir } : {}) });
  await pglite.waitReady;
  await pglite.exec(`SET TIME ZONE 'UTC'`);
  // knex's connection type does not know knex-pglite's {pglite} handle, so it goes in through a
  // config object typed as knex's own Config with the extra key.
  const config: Knex.Config & { connection: () => { pglite: PGlite } } = {
    client: ClientPgLite,
    dialect: 'postgres',
    connection: () => ({ pglite }),
  };
  const knex = knexFactory(config);
  return {
    kind: 'pglite',
    knex,
    async listen(channel, onNotify) {
      // PGlite is one session in this process: its own NOTIFYs reach its own LISTEN at commit.
      const unlisten = await pglite.listen(channel, (payload) => onNotify(payload));
      return async () => {
        if (!pglite.closed) await unlisten();
      };
    },
    dumpDataDir: () => pglite.dumpDataDir('none'),
    async close() {
      await knex.destroy();
      if (!pglite.closed) await pglite.close();
    },
  };
}

function quoteChannel(channel: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error(`not a channel name: ${channel}`);
  return `"${channel}"`;
}

export async function openPostgres(url: string, poolMax = 10): Promise<Database> {
  installPgParsers();
  const knex = knexFactory({
    client: 'pg',
    connection: url,
    pool: {
      min: 0,
      max: poolMax,
      afterCreate(conn: pg.Client, done: (err: Error | null, conn: pg.Client) => void) {
        conn.query(`SET TIME ZONE 'UTC'`).then(
          () => done(null, conn),
          (err: Error) => done(err, conn),
        );
      },
    },
  });
  await knex.raw('select 1');
  return {
    kind: 'postgres',
    knex,
    async listen(channel, onNotify, onLost) {
      // A connection of its own, outside the pool: LISTEN lasts as long as the session.
      const client = new pg.Client({ connectionString: url });
      let ended = false;
      client.on('notification', (message) => {
        if (message.channel === channel) onNotify(message.payload ?? '');
      });
      // A dropped listener means polling until the next start: tell the subscriber.
      client.on('error', () => {
        if (!ended) onLost?.();
      });
      client.on('end', () => {
        if (!ended) onLost?.();
      });
      await client.connect();
      await client.query(`LISTEN ${quoteChannel(channel)}`);
      return async () => {
        ended = true;
        await client.end().catch(() => undefined);
      };
    },
    async close() {
      await knex.destroy();
    },
  };
}

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  if (options.url) return openPostgres(options.url, options.poolMax);
  return openPglite(options.dataDir);
}

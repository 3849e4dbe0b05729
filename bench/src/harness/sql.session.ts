import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';

/*
 * The bench's own SQL access, for loading data and for the hand-written SQL baselines: node-postgres
 * on PostgreSQL, PGlite in this process on the embedded database (only while no product process
 * has the data folder open: PGlite is one process's database). Rows come back as the driver gives
 * them, so queries cast what they read (::float8, ::text) when the type matters.
 */

export type SqlRow = Record<string, unknown>;

export interface SqlSession {
  query<T extends SqlRow = SqlRow>(text: string, params?: unknown[]): Promise<T[]>;
  /** Several statements, no parameters. */
  exec(text: string): Promise<void>;
  /** COPY ... FROM STDIN of a CSV text into `table (columns)`; returns the rows copied. */
  copyCsv(table: string, columns: string[], csv: string): Promise<number>;
  close(): Promise<void>;
}

function quoteIdent(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not a plain identifier: ${name}`);
  return `"${name}"`;
}

function copyStatement(table: string, columns: string[], source: string): string {
  return `COPY ${quoteIdent(table)} (${columns.map(quoteIdent).join(', ')}) FROM ${source} WITH (FORMAT csv, HEADER true)`;
}

export async function openPostgresSession(url: string, poolMax = 4): Promise<SqlSession> {
  const pool = new pg.Pool({ connectionString: url, max: poolMax });
  await pool.query('SELECT 1');
  return {
    async query<T extends SqlRow>(text: string, params: unknown[] = []): Promise<T[]> {
      const result = await pool.query<T>(text, params);
      return result.rows;
    },
    async exec(text) {
      await pool.query(text);
    },
    async copyCsv(table, columns, csv) {
      const { from } = await import('pg-copy-streams');
      const client = await pool.connect();
      try {
        const stream = client.query(from(copyStatement(table, columns, 'STDIN')));
        await new Promise<void>((resolve, reject) => {
          stream.on('finish', () => resolve());
          stream.on('error', reject);
          stream.end(csv);
        });
        return stream.rowCount;
      } finally {
        client.release();
      }
    },
    async close() {
      await pool.end();
    },
  };
}

export async function openPgliteSession(dataDir: string): Promise<SqlSession> {
  const db = new PGlite({ dataDir });
  await db.waitReady;
  return {
    async query<T extends SqlRow>(text: string, params: unknown[] = []): Promise<T[]> {
      const result = await db.query<T>(text, params);
      return result.rows;
    },
    async exec(text) {
      await db.exec(text);
    },
    async copyCsv(table, columns, csv) {
      const result = await db.query(copyStatement(table, columns, `'/dev/blob'`), [], { blob: new Blob([csv]) });
      return result.affectedRows ?? 0;
    },
    async close() {
      if (!db.closed) await db.close();
    },
  };
}

import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';

/*
 * The database handle of a baseline process: a node-postgres pool (as many connections as the
 * product's pool) or PGlite in the process. One shape for both: a transaction gets a `query` that
 * runs inside it.
 */

export type Query = <T extends Record<string, unknown>>(text: string, params?: unknown[]) => Promise<T[]>;

export interface BaselineDb {
  transaction<R>(work: (query: Query) => Promise<R>): Promise<R>;
  close(): Promise<void>;
}

export async function openBaselineDb(env: NodeJS.ProcessEnv): Promise<BaselineDb> {
  if (env.BENCH_DB_URL) {
    const pool = new pg.Pool({ connectionString: env.BENCH_DB_URL, max: Number(env.BENCH_POOL_MAX ?? 10) });
    await pool.query('SELECT 1');
    return {
      async transaction(work) {
        const client = await pool.connect();
        const query: Query = async <T extends Record<string, unknown>>(text: string, params: unknown[] = []) => (await client.query<T>(text, params)).rows;
        try {
          await client.query('BEGIN');
          const result = await work(query);
          await client.query('COMMIT');
          return result;
        } catch (error) {
          await client.query('ROLLBACK').catch(() => undefined);
          throw error;
        } finally {
          client.release();
        }
      },
      close: () => pool.end(),
    };
  }
  if (env.BENCH_DATA_DIR) {
    const db = new PGlite({ dataDir: env.BENCH_DATA_DIR });
    await db.waitReady;
    return {
      transaction(work) {
        return db.transaction((tx) => work(async <T extends Record<string, unknown>>(text: string, params: unknown[] = []) => (await tx.query<T>(text, params)).rows));
      },
      async close() {
        if (!db.closed) await db.close();
      },
    };
  }
  throw new Error('set BENCH_DB_URL (PostgreSQL) or BENCH_DATA_DIR (PGlite)');
}

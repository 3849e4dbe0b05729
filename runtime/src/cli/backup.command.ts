import { parseArgs } from 'node:util';
import { openDatabase, type Database } from '../db/database.factory.js';
import { writeBackup } from '../backup/backup.writer.js';
import { restoreBackup } from '../backup/restore.service.js';
import { isAppError } from '../errors/app-error.js';

/*
 * `npm run crm -- backup <file>` and `npm run crm -- restore <file> [--force]`, on the database
 * `npm start` would open: PostgreSQL when DATABASE_URL is set, else the embedded one in
 * CRM_DATA_DIR (./data). The embedded database is one process's: stop the server first.
 */

export const BACKUP_USAGE = 'usage: crm backup <file> | crm restore <file> [--force]';

function openConfiguredDatabase(env: NodeJS.ProcessEnv): Promise<Database> {
  return openDatabase({ url: env.DATABASE_URL, dataDir: env.CRM_DATA_DIR ?? 'data', poolMax: 2 });
}

function reportFailure(error: unknown): number {
  if (!isAppError(error)) throw error;
  console.error(`${error.code}: ${error.message}`);
  for (const detail of error.details) if (detail.message_ru) console.error(detail.message_ru);
  return 1;
}

export async function backupCommand(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const { positionals } = parseArgs({ args, allowPositionals: true, options: {} });
  const file = positionals[0];
  if (!file || positionals.length > 1) {
    console.error(BACKUP_USAGE);
    return 2;
  }
  const db = await openConfiguredDatabase(env);
  try {
    const summary = await writeBackup(db.knex, db.kind, file);
    const rows = summary.tables.reduce((sum, t) => sum + t.rows, 0);
    console.log(`Backed up ${summary.tables.length} tables, ${rows} rows, to ${summary.file}`);
    return 0;
  } catch (error) {
    return reportFailure(error);
  } finally {
    await db.close();
  }
}

export async function restoreCommand(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const { positionals, values } = parseArgs({ args, allowPositionals: true, options: { force: { type: 'boolean' } } });
  const file = positionals[0];
  if (!file || positionals.length > 1) {
    console.error(BACKUP_USAGE);
    return 2;
  }
  const db = await openConfiguredDatabase(env);
  try {
    const summary = await restoreBackup(db.knex, file, { force: values.force === true });
    const rows = summary.tables.reduce((sum, t) => sum + t.rows, 0);
    console.log(`Restored ${summary.tables.length} tables, ${rows} rows, from a backup made ${summary.header.createdAt} by CRM ${summary.header.appVersion}`);
    return 0;
  } catch (error) {
    return reportFailure(error);
  } finally {
    await db.close();
  }
}

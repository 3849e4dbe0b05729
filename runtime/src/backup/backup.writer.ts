import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import type { Knex } from 'knex';
import type { DatabaseKind } from '../db/database.factory.js';
import { RUNTIME_VERSION } from '../version.js';
import { tableRole } from './backup-tables.catalog.js';
import { BACKUP_FORMAT_VERSION, ROW_PREFIX, type BackupHeader, type BackupTableSummary, type ControlLine } from './backup-file.types.js';
import { appliedMigrations, publicTables, quoteIdent, sequencePositions, tableDdl } from './database-catalog.reader.js';
import { BackupRefusedError } from './backup-refused.error.js';

/*
 * Writes every table the runtime owns to a gzip'd NDJSON file (backup-file.types.ts), from one
 * REPEATABLE READ snapshot so the tables agree with each other even while the runtime works. Rows
 * are read through a cursor a page at a time. The file is written beside its final name and renamed
 * at the end, so a failed backup never leaves a file that looks whole.
 */

const PAGE = 500;

export interface BackupSummary {
  file: string;
  tables: BackupTableSummary[];
}

function line(control: ControlLine): string {
  return `${JSON.stringify(control)}\n`;
}

async function* backupLines(trx: Knex.Transaction, kind: DatabaseKind, onHeader: (header: BackupHeader) => void): AsyncGenerator<string> {
  await trx.raw('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
  const migrations = await appliedMigrations(trx);
  if (migrations.length === 0) {
    throw BackupRefusedError.create('The database has no runtime tables yet: there is nothing to back up.', [
      { code: 'EMPTY_DATABASE', message: 'The database has no runtime tables yet.', message_ru: 'В базе ещё нет таблиц CRM: сохранять нечего.' },
    ]);
  }
  const tables: BackupTableSummary[] = [];
  for (const name of await publicTables(trx)) {
    const role = tableRole(name);
    if (role === 'excluded') continue;
    if (role === 'unknown') {
      throw BackupRefusedError.create(`Table ${name} is not known to backups: list it in runtime/src/backup/backup-tables.catalog.ts.`, [
        {
          code: 'UNKNOWN_TABLE',
          field: name,
          message: `Table ${name} is neither carried by backups nor excluded with a reason.`,
          message_ru: `Таблица ${name} не включена в резервные копии и не исключена из них явно.`,
        },
      ]);
    }
    const counted: Array<{ rows: number | string }> = (await trx.raw(`SELECT count(*) AS rows FROM ${quoteIdent(name)}`)).rows;
    tables.push({ name, role, rows: Number(counted[0]?.rows ?? 0) });
  }
  const header: BackupHeader = {
    section: 'header',
    format: 'crm-backup',
    formatVersion: BACKUP_FORMAT_VERSION,
    appVersion: RUNTIME_VERSION,
    createdAt: new Date().toISOString(),
    databaseKind: kind,
    migrations,
    tables,
  };
  onHeader(header);
  yield line(header);
  for (const table of tables) {
    yield line({ section: 'table', name: table.name, role: table.role, ...(table.role === 'definition' ? { ddl: await tableDdl(trx, table.name) } : {}) });
    await trx.raw(`DECLARE backup_rows NO SCROLL CURSOR FOR SELECT row_to_json(t)::text AS r FROM ${quoteIdent(table.name)} t`);
    let written = 0;
    for (;;) {
      const page: Array<{ r: string }> = (await trx.raw(`FETCH ${PAGE} FROM backup_rows`)).rows;
      if (page.length === 0) break;
      written += page.length;
      yield page.map((row) => `${ROW_PREFIX}${row.r}}\n`).join('');
    }
    await trx.raw('CLOSE backup_rows');
    yield line({ section: 'end-table', name: table.name, rows: written });
  }
  yield line({ section: 'end', sequences: await sequencePositions(trx) });
}

export async function writeBackup(knex: Knex, kind: DatabaseKind, file: string): Promise<BackupSummary> {
  const target = path.resolve(file);
  const partial = `${target}.partial-${process.pid}`;
  let tables: BackupTableSummary[] = [];
  try {
    await knex.transaction(async (trx) => {
      const lines = backupLines(trx, kind, (header) => {
        tables = header.tables;
      });
      await pipeline(lines, createGzip(), fs.createWriteStream(partial));
    });
    await fs.promises.rename(partial, target);
  } catch (error) {
    await fs.promises.rm(partial, { force: true });
    throw error;
  }
  return { file: target, tables };
}

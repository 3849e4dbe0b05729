import type { Knex } from 'knex';
import { SYSTEM_TABLES, tableRole } from './backup-tables.catalog.js';
import { ROW_PREFIX, type BackupHeader, type BackupTableSummary, type SequencePosition, type TableDdl } from './backup-file.types.js';
import { ajvText, backupFileLines, damaged, parseControlLine, readBackupHeader } from './backup-file.reader.js';
import { isEndLine, isTableEndLine, isTableStartLine } from './backup-file.schema.js';
import { appliedMigrations, foreignKeys, insertableColumns, publicTables, quoteIdent } from './database-catalog.reader.js';
import { RestoreRefusedError } from './restore-refused.error.js';
import { BackupFileDamagedError } from './backup-file-damaged.error.js';
import { AppError } from '../errors/app-error.js';
import { migrateSystemTables } from '../db/system.migrations.js';
import { checkedSqlType } from '../storage/entity-table.ddl.js';

/*
 * Restores a backup file (backup-file.types.ts) into this database. Everything that can be decided
 * from the header is decided before anything is touched: the format version, the migrations (they
 * must be exactly this instance's), the tables, and whether the instance already holds data (then
 * only with `force`). The restore itself is one transaction: foreign keys are dropped, the runtime's
 * tables emptied and the publishing-made ones recreated from their recorded structure, rows streamed
 * in, keys and indexes put back (which checks every reference), sequences set. Any failure, a
 * damaged or cut-off file included, rolls all of it back.
 */

const BATCH_ROWS = 500;
const BATCH_CHARS = 4_000_000;

export interface RestoreOptions {
  /** Replace an instance that already holds definitions, records or people. */
  force?: boolean;
}

export interface RestoreSummary {
  header: BackupHeader;
  tables: BackupTableSummary[];
}

/** What makes an instance non-empty; a fresh one has only the first admin the runtime creates. */
async function existingContents(knex: Knex): Promise<string[]> {
  const found: string[] = [];
  const count = async (table: string): Promise<number> => {
    const rows: Array<{ n: number | string }> = (await knex.raw(`SELECT count(*) AS n FROM ${quoteIdent(table)}`)).rows;
    return Number(rows[0]?.n ?? 0);
  };
  const versions = await count('definition_versions');
  if (versions > 0) found.push(`${versions} published definition version(s)`);
  if ((await count('definition_draft')) > 0) found.push('a definition draft');
  const people = await count('users');
  if (people > 1) found.push(`${people} people`);
  const history = await count('record_history');
  if (history > 0) found.push(`${history} record history entries`);
  const runs = await count('process_runs');
  if (runs > 0) found.push(`${runs} process runs`);
  const definitionTables = (await publicTables(knex)).filter((t) => tableRole(t) === 'definition');
  if (definitionTables.length > 0) found.push(`${definitionTables.length} record table(s)`);
  return found;
}

function refuse(message: string, code: string, messageRu: string, extra: Record<string, unknown> = {}): AppError {
  return RestoreRefusedError.create(message, [{ code, message, message_ru: messageRu, ...extra }]);
}

async function checkBeforeRestore(knex: Knex, header: BackupHeader, options: RestoreOptions): Promise<void> {
  const mine = await appliedMigrations(knex);
  const missingHere = header.migrations.filter((m) => !mine.includes(m));
  const missingThere = mine.filter((m) => !header.migrations.includes(m));
  if (missingHere.length > 0 || missingThere.length > 0 || mine.join() !== header.migrations.join()) {
    throw refuse(
      `The backup was made by CRM ${header.appVersion} with other database migrations than this instance has: restore it with the same version.`,
      'MIGRATIONS_DIFFER',
      `Копия сделана версией CRM ${header.appVersion} с другими миграциями базы, чем у этого экземпляра: восстановите её той же версией.`,
      { onlyInBackup: missingHere, onlyHere: missingThere },
    );
  }
  for (const table of header.tables) {
    const role = tableRole(table.name);
    if (role !== table.role) {
      throw refuse(
        `The backup holds table ${table.name}, which this instance does not restore as ${table.role}.`,
        'UNEXPECTED_TABLE',
        `В копии есть таблица ${table.name}, которую этот экземпляр не восстанавливает.`,
        { field: table.name },
      );
    }
  }
  if (options.force) return;
  const contents = await existingContents(knex);
  if (contents.length > 0) {
    throw refuse(
      `This instance already holds data (${contents.join(', ')}); a restore would replace it. Give --force to replace it.`,
      'TARGET_NOT_EMPTY',
      `В этом экземпляре уже есть данные (${contents.join(', ')}); восстановление заменит их. Чтобы заменить, укажите --force.`,
      { contents },
    );
  }
}

async function createDefinitionTable(trx: Knex.Transaction, name: string, ddl: TableDdl): Promise<void> {
  for (const sequence of ddl.sequences) await trx.raw(`CREATE SEQUENCE IF NOT EXISTS ${quoteIdent(sequence)}`);
  const columns = ddl.columns.map((c) => {
    const parts = [quoteIdent(c.name), checkedSqlType(c.type)];
    if (c.generated !== null) parts.push(`GENERATED ALWAYS AS (${c.generated}) STORED`);
    else if (c.identity !== null) parts.push(`GENERATED ${c.identity === 'always' ? 'ALWAYS' : 'BY DEFAULT'} AS IDENTITY`);
    else if (c.default !== null) parts.push(`DEFAULT ${c.default}`);
    if (c.notNull) parts.push('NOT NULL');
    return parts.join(' ');
  });
  await trx.raw(`CREATE TABLE ${quoteIdent(name)} (${columns.join(', ')})`);
}

/** Keys, checks and indexes go on after the rows: cheaper, and a row that breaks one fails the restore. */
async function completeDefinitionTable(trx: Knex.Transaction, name: string, ddl: TableDdl): Promise<void> {
  const order = ['primary', 'unique', 'exclusion', 'check'];
  for (const kind of order) {
    for (const c of ddl.constraints.filter((x) => x.kind === kind)) {
      await trx.raw(`ALTER TABLE ${quoteIdent(name)} ADD CONSTRAINT ${quoteIdent(c.name)} ${c.definition}`);
    }
  }
  for (const index of ddl.indexes) await trx.raw(index);
  for (const sequence of ddl.sequences) {
    const owner = ddl.columns.find((c) => c.default?.includes(`'${sequence}'`) || c.default?.includes(`'"${sequence}"'`));
    if (owner) await trx.raw(`ALTER SEQUENCE ${quoteIdent(sequence)} OWNED BY ${quoteIdent(name)}.${quoteIdent(owner.name)}`);
  }
}

async function insertRows(trx: Knex.Transaction, table: string, columns: string[], rows: string[]): Promise<void> {
  if (rows.length === 0) return;
  const list = columns.map(quoteIdent).join(', ');
  await trx.raw(`INSERT INTO ${quoteIdent(table)} (${list}) OVERRIDING SYSTEM VALUE SELECT ${list} FROM json_populate_recordset(NULL::${quoteIdent(table)}, ?::json)`, [
    `[${rows.join(',')}]`,
  ]);
}

async function setSequences(trx: Knex.Transaction, sequences: SequencePosition[]): Promise<void> {
  const present: Array<{ name: string }> = (await trx.raw(`SELECT sequencename AS name FROM pg_sequences WHERE schemaname = 'public'`)).rows;
  const names = new Set(present.map((p) => p.name));
  for (const s of sequences) {
    if (!names.has(s.name)) continue;
    if (s.lastValue === null) await trx.raw(`ALTER SEQUENCE ${quoteIdent(s.name)} RESTART`);
    else await trx.raw(`SELECT setval(?::regclass, ?, true)`, [quoteIdent(s.name), s.lastValue]);
  }
}

interface TableInProgress {
  summary: BackupTableSummary;
  columns: string[];
  ddl: TableDdl | undefined;
  batch: string[];
  batchChars: number;
  rows: number;
}

async function loadFile(trx: Knex.Transaction, file: string, header: BackupHeader): Promise<{ sequences: SequencePosition[]; created: Array<{ name: string; ddl: TableDdl }> }> {
  const created: Array<{ name: string; ddl: TableDdl }> = [];
  let current: TableInProgress | undefined;
  let nextTable = 0;
  let sequences: SequencePosition[] | undefined;
  let lineNo = 0;
  const flush = async (t: TableInProgress): Promise<void> => {
    await insertRows(trx, t.summary.name, t.columns, t.batch);
    t.batch = [];
    t.batchChars = 0;
  };
  for await (const text of backupFileLines(file)) {
    lineNo += 1;
    if (lineNo === 1) continue; // the header, already checked
    if (sequences !== undefined) throw damaged(`line ${lineNo} follows the end of the backup`);
    if (text.startsWith(ROW_PREFIX)) {
      if (!current || !text.endsWith('}')) throw damaged(`line ${lineNo} is a row outside a table or cut short`);
      current.batch.push(text.slice(ROW_PREFIX.length, -1));
      current.batchChars += text.length;
      current.rows += 1;
      if (current.batch.length >= BATCH_ROWS || current.batchChars >= BATCH_CHARS) await flush(current);
      continue;
    }
    const control = parseControlLine(text);
    if (isTableStartLine(control)) {
      const expected = header.tables[nextTable];
      if (current || !expected || expected.name !== control.name || expected.role !== control.role) {
        throw damaged(`line ${lineNo} starts table ${control.name} where the header lists ${expected?.name ?? 'no more tables'}`);
      }
      nextTable += 1;
      if (control.role === 'definition') {
        if (!control.ddl) throw damaged(`table ${control.name} has no recorded structure`);
        await createDefinitionTable(trx, control.name, control.ddl);
        created.push({ name: control.name, ddl: control.ddl });
      }
      current = { summary: expected, columns: await insertableColumns(trx, control.name), ddl: control.ddl, batch: [], batchChars: 0, rows: 0 };
    } else if (isTableEndLine(control)) {
      if (!current || current.summary.name !== control.name) throw damaged(`line ${lineNo} ends a table that was not started`);
      await flush(current);
      if (current.rows !== control.rows || current.rows !== current.summary.rows) {
        throw damaged(`table ${control.name} has ${current.rows} rows where the header says ${current.summary.rows}`);
      }
      current = undefined;
    } else if (isEndLine(control)) {
      if (current || nextTable !== header.tables.length) throw damaged('the backup ends before all of its tables');
      sequences = control.sequences;
    } else {
      throw damaged(`line ${lineNo} is not a section of a backup (${ajvText(isTableStartLine.errors)})`);
    }
  }
  if (sequences === undefined) throw damaged('the file ends before the end of the backup (it was cut short)');
  return { sequences, created };
}

export async function restoreBackup(knex: Knex, file: string, options: RestoreOptions = {}): Promise<RestoreSummary> {
  const header = await readBackupHeader(file);
  // A new instance gets the runtime's tables first, as its first start would create them.
  await migrateSystemTables(knex);
  await checkBeforeRestore(knex, header, options);
  try {
    await knex.transaction(async (trx) => {
      const tables = await publicTables(trx);
      const ownKeys = (await foreignKeys(trx)).filter((fk) => tableRole(fk.table) !== 'definition');
      for (const fk of await foreignKeys(trx)) await trx.raw(`ALTER TABLE ${quoteIdent(fk.table)} DROP CONSTRAINT ${quoteIdent(fk.name)}`);
      const definitionTables = tables.filter((t) => tableRole(t) === 'definition');
      if (definitionTables.length > 0) await trx.raw(`DROP TABLE ${definitionTables.map(quoteIdent).join(', ')} CASCADE`);
      const emptied = tables.filter((t) => Object.hasOwn(SYSTEM_TABLES, t) && !t.startsWith('crm_system_migrations'));
      if (emptied.length > 0) await trx.raw(`TRUNCATE ${emptied.map(quoteIdent).join(', ')} RESTART IDENTITY`);

      const loaded = await loadFile(trx, file, header);

      for (const table of loaded.created) await completeDefinitionTable(trx, table.name, table.ddl);
      for (const fk of ownKeys) await trx.raw(`ALTER TABLE ${quoteIdent(fk.table)} ADD CONSTRAINT ${quoteIdent(fk.name)} ${fk.definition}`);
      for (const table of loaded.created) {
        for (const c of table.ddl.constraints.filter((x) => x.kind === 'foreign')) {
          await trx.raw(`ALTER TABLE ${quoteIdent(table.name)} ADD CONSTRAINT ${quoteIdent(c.name)} ${c.definition}`);
        }
      }
      await setSequences(trx, loaded.sequences);
    });
  } catch (error) {
    if (error instanceof AppError) throw error;
    // A row or key the database rejects: the file does not hold what its header promised.
    const reason = error instanceof Error ? error.message : String(error);
    if (BackupFileDamagedError.is(error)) throw error;
    throw damaged(`the database rejected its contents (${reason})`);
  }
  return { header, tables: header.tables };
}

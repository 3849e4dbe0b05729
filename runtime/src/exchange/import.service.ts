import type { App } from '@crm/schemas';
import type { Knex } from 'knex';
import { loadAccessPolicy } from '../access/index.js';
import { AppError, BadRequestError, isAppError } from '../errors/index.js';
import type { Actor } from '../people/user.types.js';
import { defaultBeforeSaveHooks, discardingEventSink, operationForbidden, requireEntityModel, uniqueViolationConflict } from '../records/index.js';
import type { BeforeSaveHook, RecordEventSink } from '../records/index.js';
import { readCsvRows } from './csv-rows.reader.js';
import { writePlans } from './import-batch.writer.js';
import { cellParser } from './import-cell.parser.js';
import { resolveImportColumns } from './import-columns.resolver.js';
import { relationTitles } from './import-relation-titles.resolver.js';
import { findExistingRecords } from './import-duplicates.finder.js';
import type { ImportOptions } from './import-options.parser.js';
import { createReportBuilder, type DuplicateOf, type ImportReport } from './import-report.builder.js';
import { planCreate, prepareRow, problemsOf, type RowColumn } from './import-row.preparer.js';
import type { CsvRow } from './csv-rows.reader.js';
import type { ImportContext, MatchKey, PreparedRow, RowOutcome, RowProblem, WritePlan } from './import.types.js';

/*
 * POST /api/import/:entity as a pipeline over the rows of the CSV, which are read as they arrive:
 *
 *   header -> columns (import-columns.resolver)
 *   row -> prepareRow (cells, field access, validation, match keys) -> window
 *   window (WINDOW_SIZE rows) -> existing readable records by match key (ONE query)
 *        -> batches (BATCH_SIZE rows): per row create, skip, refuse or update
 *        -> writePlans in ONE transaction (import-batch.writer)
 *        -> failed as a whole? each row again in a transaction of its own
 *
 * A window is written while the next one is read and validated, so the database and this process
 * work at the same time; windows are written one after another.
 *
 * Duplicates inside the file: a row sharing a match key with a row not yet written waits for a
 * later batch, when the earlier row has been written (or refused), so the later row is judged
 * against what the earlier one became, exactly as if the rows went one at a time. The same holds
 * for two rows that would update the same record.
 *
 * Relation cells may name the record instead of giving its id: rows are read in slices of
 * TITLE_SLICE, and the records a slice's relation cells name are looked up with one query per
 * relation column (import-relation-titles.resolver) before its rows are prepared. A row whose
 * many-to-one relation cell is blank is imported with a warning (the link is left empty).
 *
 * A dry run does all of it and rolls every batch back.
 */

/**
 * Rows per transaction (one records INSERT, one history INSERT, one COMMIT). 1000 rather than 500:
 * on PostgreSQL at 100,000 rows it took about 7% less of this process's CPU per row and less
 * server time for the history INSERTs; on PGlite it made no measurable difference. A batch that
 * fails as a whole is retried row by row, so a larger batch only costs more in that rare case.
 */
export const BATCH_SIZE = 1000;
/** Rows looked up against the database together: one query (one scan of an unindexed field) per window. */
export const WINDOW_SIZE = 5000;
export const DEFAULT_MAX_BYTES = 100 * 1024 * 1024;
/** Rows whose relation cells are looked up together (one query per relation column). */
export const TITLE_SLICE = 1000;

export interface ImportDeps {
  db: Knex;
  app: App;
  actor: Actor;
  hooks?: readonly BeforeSaveHook[];
  events?: RecordEventSink;
  now?: Date;
  batchSize?: number;
  windowSize?: number;
  maxBytes?: number;
}

class DryRunRollback extends Error {
  constructor(readonly outcomes: RowOutcome[]) {
    super('dry run: rolled back');
  }
}

function processesOn(app: App, entity: string): { beforeSave: boolean; any: boolean } {
  const processes = (app.processes ?? []).filter((p) => {
    if (p.enabled === false) return false;
    const trigger = p.trigger;
    return (trigger.type === 'record' || trigger.type === 'stage' || trigger.type === 'date') && trigger.entity === entity;
  });
  return {
    beforeSave: processes.some((p) => p.mode === 'before-save' && (p.trigger.type === 'record' || p.trigger.type === 'stage')),
    any: processes.length > 0,
  };
}

/**
 * Whether the event sink writes for a create of `entity` although no process listens on it (a
 * webhook subscribed to its creates): without this, imported records never reached such a
 * subscription. Asked once, before any row is read, with no values (`after: {}`): the webhook
 * sink answers from its active subscriptions alone; a sink that does not say is taken to write.
 * The engine's answer needs the values (a stage trigger), which is why processesOn().any stands
 * for it and the sink is asked only when that is false. When nothing listens, creates keep the
 * fast path: fewer columns read back and no event per record.
 */
async function sinkWritesOnCreate(deps: ImportDeps, events: RecordEventSink, entity: string): Promise<boolean> {
  if (!events.writesFor) return true;
  return events.writesFor(deps.db, deps.app, { entity, action: 'create', before: null, after: {} });
}

async function userLookup(db: Knex): Promise<(email: string) => string | undefined> {
  const rows: Array<{ id: string; email: string }> = await db('users').select('id', 'email');
  const byEmail = new Map(rows.map((r) => [r.email.toLowerCase(), r.id]));
  return (email) => byEmail.get(email);
}

function duplicateProblem(row: number, key: MatchKey, of: DuplicateOf): RowProblem {
  const what = 'row' in of ? { en: `row ${of.row} of this file`, ru: `строку ${of.row} этого файла` } : { en: `the existing record ${of.id}`, ru: `существующую запись ${of.id}` };
  return {
    row,
    field: key.field,
    code: 'DUPLICATE',
    message: `This row repeats ${what.en} (same "${key.field}": ${String(key.value)}).`,
    message_ru: `Строка повторяет ${what.ru} (то же «${key.field}»: ${String(key.value)}).`,
  };
}

function blankRelationWarning(row: number, field: string): RowProblem {
  return {
    row,
    field,
    code: 'EMPTY_RELATION',
    message: `Field "${field}" is empty: the record is imported without it.`,
    message_ru: `Поле «${field}» не заполнено: запись загружается без связи.`,
  };
}

function ambiguousProblem(row: number, ids: readonly string[]): RowProblem {
  return {
    row,
    field: null,
    code: 'AMBIGUOUS_MATCH',
    message: `This row matches ${ids.length} different records (${ids.join(', ')}); it is not known which one to update.`,
    message_ru: `Строка совпадает с ${ids.length} разными записями (${ids.join(', ')}); непонятно, какую обновить.`,
  };
}

export async function runImport(deps: ImportDeps, entity: string, source: AsyncIterable<unknown>, options: ImportOptions): Promise<ImportReport> {
  const { db, app, actor } = deps;
  const now = deps.now ?? new Date();
  const model = requireEntityModel(app, entity);
  const policy = await loadAccessPolicy(db, app, { user: actor }, { now });
  const access = policy.entity(model.name);
  const upsert = options.duplicates === 'update';
  if (!access.can('create') && !(upsert && access.can('update'))) throw operationForbidden(model, 'create');
  const processes = processesOn(app, model.name);
  const events = deps.events ?? discardingEventSink;
  const ctx: ImportContext = {
    model,
    access,
    actor,
    caller: { user: actor },
    now,
    hooks: deps.hooks ?? defaultBeforeSaveHooks,
    events,
    runsBeforeSave: processes.beforeSave,
    emitsOnCreate: processes.any || (await sinkWritesOnCreate(deps, events, model.name)),
  };
  const report = createReportBuilder({ entity: model.name, mode: options.mode, duplicates: options.duplicates, dryRun: options.dryRun });
  const rows = readCsvRows(source, { delimiter: options.delimiter, encoding: options.encoding, maxBytes: deps.maxBytes ?? DEFAULT_MAX_BYTES });

  const header = await rows.next();
  if (header.done) {
    const message = 'The file is empty: it needs a header row naming the columns.';
    throw BadRequestError.create(message, [{ field: 'body', code: 'EMPTY_FILE', message, message_ru: 'Файл пуст: нужна строка заголовка с названиями колонок.' }]);
  }
  const { columns, match } = resolveImportColumns(model, access, header.value.cells, options);
  report.setColumns(columns, match);
  const users = await userLookup(db);
  const titles = relationTitles(db, app, policy, columns);
  const rowColumns: RowColumn[] = columns.map((column) => ({
    ...column,
    parse: cellParser(app, model.name, column.target.kind === 'field' ? column.target.field : 'owner', users, titles.lookup),
  }));

  const batchSize = deps.batchSize ?? BATCH_SIZE;
  const windowSize = Math.max(batchSize, deps.windowSize ?? WINDOW_SIZE);
  /** Keys of rows this import wrote: the record (null in a dry run) and the row that made it. */
  const written = new Map<string, { row: number; id: string | null }>();

  async function inTransaction(plans: readonly WritePlan[]): Promise<RowOutcome[]> {
    try {
      return await db.transaction(async (trx) => {
        const outcomes = await writePlans(trx, ctx, plans);
        if (options.dryRun) throw new DryRunRollback(outcomes);
        return outcomes;
      });
    } catch (error) {
      if (error instanceof DryRunRollback) return error.outcomes;
      throw error;
    }
  }

  function failedRow(plan: WritePlan, error: unknown): RowOutcome {
    const problems = problemsOf(plan.row, uniqueViolationConflict(model, error) ?? error);
    if (problems) return { row: plan.row, kind: 'rejected', problems };
    console.error(`import into ${model.name}: row ${plan.row} failed:`, error);
    const message = 'The row could not be written because of an unexpected error.';
    return { row: plan.row, kind: 'rejected', problems: [{ row: plan.row, field: null, code: 'WRITE_FAILED', message, message_ru: 'Строку не удалось записать из-за непредвиденной ошибки.' }] };
  }

  async function write(plans: readonly WritePlan[]): Promise<RowOutcome[]> {
    if (plans.length === 0) return [];
    try {
      return await inTransaction(plans);
    } catch (error) {
      const [only] = plans;
      if (plans.length === 1 && only) return [failedRow(only, error)];
    }
    // The batch failed as a whole: each row alone, so one bad row does not lose the others.
    const outcomes: RowOutcome[] = [];
    for (const plan of plans) {
      try {
        outcomes.push(...(await inTransaction([plan])));
      } catch (error) {
        outcomes.push(failedRow(plan, error));
      }
    }
    return outcomes;
  }

  /** Decides and writes the batch; returns the rows that must wait for the next one. */
  async function flush(batch: readonly PreparedRow[], existing: ReadonlyMap<string, string[]>): Promise<PreparedRow[]> {
    if (batch.length === 0) return [];
    const plans: WritePlan[] = [];
    const deferred: PreparedRow[] = [];
    const targeted = new Set<string>();
    for (const row of batch) {
      const inFile = row.keys.flatMap((key) => {
        const hit = written.get(key.text);
        return hit ? [{ key, hit }] : [];
      });
      const inDb = row.keys.flatMap((key) => (existing.get(key.text) ?? []).map((id) => ({ key, id })));
      const first = inFile[0];
      const firstDb = inDb[0];
      if (!first && !firstDb) {
        if (!access.can('create')) {
          report.reject([{ row: row.row, field: null, code: 'OPERATION_NOT_ALLOWED', message: `You may not create ${model.name} records.`, message_ru: `Вам нельзя создавать записи «${model.name}».` }]);
          continue;
        }
        const planned = await planCreate(ctx, row);
        if (planned.ok) plans.push({ row: row.row, kind: 'create', after: planned.after, keys: row.keys });
        else report.reject(planned.problems);
        continue;
      }
      const key = first?.key ?? firstDb?.key;
      const of: DuplicateOf = first ? { row: first.hit.row } : { id: firstDb?.id ?? '' };
      if (!key) continue;
      if (options.duplicates === 'skip') {
        report.skip({ row: row.row, field: key.field, duplicateOf: of });
        continue;
      }
      if (options.duplicates === 'error') {
        report.reject([duplicateProblem(row.row, key, of)]);
        continue;
      }
      const ids = [...new Set([...inDb.map((m) => m.id), ...inFile.flatMap((m) => (m.hit.id === null ? [] : [m.hit.id]))])];
      const [id] = ids;
      if (ids.length > 1) {
        report.reject([ambiguousProblem(row.row, ids)]);
      } else if (id === undefined) {
        // Dry run: the record this file would have created a few rows up.
        report.wouldUpdate();
      } else if (targeted.has(id)) {
        deferred.push(row);
      } else {
        targeted.add(id);
        plans.push({ row: row.row, kind: 'update', id, values: row.values, keys: row.keys });
      }
    }
    for (const outcome of await write(plans)) {
      report.outcome(outcome);
      if (outcome.kind === 'rejected') continue;
      for (const key of outcome.keys) written.set(key.text, { row: outcome.row, id: options.dryRun ? null : outcome.id });
    }
    return deferred;
  }

  /**
   * Writes a window of rows in batches. A row sharing a key with an earlier row of the window that
   * is not written yet waits for a later batch (and so do rows after it with the same key).
   */
  async function writeWindow(rows: readonly PreparedRow[]): Promise<void> {
    const existing = await findExistingRecords(db, ctx, match, rows);
    let queue = [...rows];
    while (queue.length > 0) {
      const batch: PreparedRow[] = [];
      const waiting: PreparedRow[] = [];
      const pending = new Set<string>();
      for (let i = 0; i < queue.length; i += 1) {
        const row = queue[i] as PreparedRow;
        if (batch.length >= batchSize) {
          // The batch is full: every later row waits (their keys need no bookkeeping any more).
          for (let j = i; j < queue.length; j += 1) waiting.push(queue[j] as PreparedRow);
          break;
        }
        const clash = row.keys.some((k) => pending.has(k.text));
        (clash ? waiting : batch).push(row);
        for (const key of row.keys) pending.add(key.text);
      }
      const deferred = await flush(batch, existing);
      // `waiting` is in file order already; only rows deferred from the batch need merging back in.
      queue = deferred.length === 0 ? waiting : [...deferred, ...waiting].sort((a, b) => a.row - b.row);
    }
  }

  // One window is written while the next is read and validated: the database and this process
  // work at the same time. Windows are written strictly one after another.
  let window: PreparedRow[] = [];
  let writing: Promise<void> = Promise.resolve();
  async function nextWindow(): Promise<void> {
    const rows = window;
    window = [];
    await writing;
    writing = writeWindow(rows);
    // Kept from being unhandled while the next window is read; awaited (and thrown) later.
    writing.catch(() => undefined);
  }

  let slice: CsvRow[] = [];
  async function prepareSlice(): Promise<void> {
    const csvRows = slice;
    slice = [];
    await titles.load(csvRows);
    for (const csv of csvRows) {
      const prepared = prepareRow(ctx, rowColumns, match, upsert, csv);
      if (prepared.kind === 'blank') continue;
      report.read();
      if (prepared.kind === 'rejected') {
        report.reject(prepared.problems);
        continue;
      }
      for (const field of titles.blankRelations(csv)) report.warn(blankRelationWarning(csv.row, field));
      window.push(prepared.row);
      if (window.length >= windowSize) await nextWindow();
    }
  }

  try {
    for await (const csv of rows) {
      slice.push(csv);
      if (slice.length >= TITLE_SLICE) await prepareSlice();
    }
    await prepareSlice();
  } catch (error) {
    await writing;
    throw stoppedMidway(error, report.result());
  }
  await nextWindow();
  await writing;
  return report.result();
}

/**
 * The file broke off (bad CSV, over the size limit, the client gone) after some batches were
 * written: the error says so and carries the report of what was written; rows read since the last
 * batch were not. Something other than our own refusal becomes a 500 of the same shape, so the
 * route can still log what was imported.
 */
function stoppedMidway(error: unknown, report: ImportReport): AppError {
  const cause = isAppError(error) ? error : null;
  const reason = cause?.message ?? 'the request body could not be read to its end.';
  const done = report.accepted + report.skipped + report.rejectedRows;
  const message = `The import stopped: ${reason} ${done} rows before that point were handled as the report says; the rows after them were not imported.`;
  if (!cause) console.error('import stopped by an unexpected error:', error);
  return new AppError(cause?.code ?? 'IMPORT_INTERRUPTED', cause?.status ?? 500, message, [
    ...(cause?.details ?? []),
    {
      field: 'body',
      code: 'IMPORT_STOPPED',
      message,
      message_ru: `Импорт остановлен: ${cause?.details[0]?.message_ru ?? reason} Обработано строк до этого места: ${done} (см. report); остальные строки не загружены.`,
      report,
    },
  ], cause?.errorClass ?? 'operational');
}

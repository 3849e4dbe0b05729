import crypto from 'node:crypto';
import type { Knex } from 'knex';
import { checkPipelineRules, checkReferences, computeFormulas, diffRecords, operationForbidden, prepareSave, recordColumns, recordNotFound, replaceLinks, toColumnValues, toStoredRecord, uniqueViolationConflict, withLinks } from '../records/index.js';
import type { HistoryEntry, RecordValues, StoredRecord } from '../records/index.js';
import { bulkInsert, bulkInsertFrom, type BulkValueColumn } from './bulk-insert.sql.js';
import { writeHistoryBatch } from './import-history.writer.js';
import { missingReferences } from './import-references.checker.js';
import { notWritable, problemsOf } from './import-row.preparer.js';
import type { ImportContext, RowOutcome, RowProblem, WritePlan } from './import.types.js';

/*
 * One batch of planned rows written inside ONE transaction (`trx`), with the steps the records
 * service runs for a single save:
 *
 *   creates: [before-save processes -> formulas -> rules -> references (prepareSave), row by row
 *            in a savepoint each, when the entity has before-save processes; else references for
 *            the whole batch]
 *            -> one INSERT of all rows (bulk-insert.sql; ids made here, so rows and records pair
 *            up) -> link rows
 *            -> history (one INSERT) -> outbox (per record, where a process or a webhook listens)
 *   updates: rows locked (FOR UPDATE) with the caller's read and update scope decided in the same
 *            query -> owner rule -> [prepareSave | formulas, rules, references] -> UPDATE ... RETURNING
 *            -> links -> history -> outbox
 *
 * A row refused by a check that only reads, or inside its savepoint, is reported and left out; the
 * batch goes on. Anything else thrown (a unique index refusing a multi-row INSERT, the database)
 * fails the whole transaction: the caller retries the rows one by one, so that only the row at
 * fault is refused and changes nothing.
 */

const READ_CHECK = '__import_read';
const UPDATE_CHECK = '__import_update';

function rejected(row: number, problems: RowProblem[]): RowOutcome {
  return { row, kind: 'rejected', problems };
}

function linkIds(value: unknown): string[] {
  const ids = Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  return [...new Set(ids)].sort();
}

interface Created {
  plan: Extract<WritePlan, { kind: 'create' }>;
  id: string;
}

/** The INSERT's columns for `model`, each reading its cell from a planned row (no row object per record). */
function insertColumns(ctx: ImportContext): Array<BulkValueColumn<Created>> {
  const { model, actor } = ctx;
  return [
    { name: 'id', sqlType: 'uuid', value: (item) => item.id },
    { name: 'owner', sqlType: 'uuid', value: (item) => item.plan.after['owner'] ?? null },
    { name: 'created_by', sqlType: 'uuid', value: () => actor.id },
    { name: 'updated_by', sqlType: 'uuid', value: () => actor.id },
    ...model.columns.map((c) => ({
      name: c.column,
      sqlType: c.sqlType,
      // As toColumnValues: jsonb as JSON text (bulk-insert would write a list as an array literal).
      value: c.sqlType === 'jsonb' ? (item: Created) => jsonCell(item.plan.after[c.column]) : (item: Created) => item.plan.after[c.column] ?? null,
    })),
  ];
}

function jsonCell(value: unknown): string | null {
  return value === null || value === undefined ? null : JSON.stringify(value);
}

/**
 * A created record as its INSERT returned it: `values` is what its history is the diff of (the
 * owner and every field column, as the database stored them: numbers, dates and ids normalised),
 * `full` the whole stored record, read back only when a process may hear of the create (the event
 * carries it). Without such a process, the five system columns the history never looks at are not
 * returned: two timestamps per row less to send and parse.
 */
interface Inserted {
  version: number;
  values: RecordValues;
  full: StoredRecord | null;
}

function returnedColumns(ctx: ImportContext): string[] {
  return ctx.emitsOnCreate ? recordColumns(ctx.model) : ['id', 'version', 'owner', ...ctx.model.columns.map((c) => c.column)];
}

function inserted(ctx: ImportContext, row: Readonly<Record<string, unknown>>): Inserted {
  const { model } = ctx;
  if (ctx.emitsOnCreate) {
    const full = toStoredRecord(model, row);
    return { version: full.version, values: full, full };
  }
  // As toStoredRecord reads these columns.
  const owner = row['owner'];
  const values: RecordValues = { id: String(row['id']), owner: owner === null || owner === undefined ? null : String(owner) };
  for (const { column } of model.columns) values[column] = row[column] ?? null;
  return { version: Number(row['version']), values, full: null };
}

async function insertRecords(trx: Knex, ctx: ImportContext, items: readonly Created[]): Promise<Map<string, Inserted>> {
  const { model } = ctx;
  const stored = new Map<string, Inserted>();
  for (const row of await bulkInsertFrom(trx, model.table, insertColumns(ctx), items, returnedColumns(ctx))) {
    stored.set(String(row['id']), inserted(ctx, row));
  }
  if (model.links.length === 0) return stored;
  const linkRows = new Map<string, Array<{ source_id: string; target_id: string }>>();
  for (const { plan, id } of items) {
    const record = stored.get(id);
    for (const link of model.links) {
      const ids = linkIds(plan.after[link.field.name]);
      if (record) record.values[link.field.name] = ids;
      let rows = linkRows.get(link.table);
      if (!rows) {
        rows = [];
        linkRows.set(link.table, rows);
      }
      for (const target of ids) rows.push({ source_id: id, target_id: target });
    }
  }
  const linkColumns = [
    { name: 'source_id', sqlType: 'uuid' },
    { name: 'target_id', sqlType: 'uuid' },
  ];
  for (const [table, rows] of linkRows) await bulkInsert(trx, table, linkColumns, rows, []);
  return stored;
}

/**
 * Runs one row's save in a savepoint of the batch: a refusal (validation, a rule, a unique value, a
 * process refusing it) rolls back only that row, whatever its before-save processes had written.
 */
async function inSavepoint(
  trx: Knex.Transaction,
  ctx: ImportContext,
  row: number,
  history: HistoryEntry[],
  work: (sp: Knex.Transaction, history: HistoryEntry[]) => Promise<RowOutcome>,
): Promise<RowOutcome> {
  // The row's history joins the batch's only once its savepoint is released.
  const own: HistoryEntry[] = [];
  try {
    const outcome = await trx.transaction((sp) => work(sp, own));
    history.push(...own);
    return outcome;
  } catch (error) {
    const problems = problemsOf(row, uniqueViolationConflict(ctx.model, error) ?? error);
    if (!problems) throw error;
    return rejected(row, problems);
  }
}

async function createRecords(trx: Knex.Transaction, ctx: ImportContext, plans: ReadonlyArray<Extract<WritePlan, { kind: 'create' }>>, history: HistoryEntry[]): Promise<RowOutcome[]> {
  const { model, caller } = ctx;
  if (ctx.runsBeforeSave) {
    // Row by row, as the records service saves: each save's before-save runs are written with
    // that save's own record, and a refused row rolls back to its savepoint.
    const outcomes: RowOutcome[] = [];
    for (const plan of plans) {
      outcomes.push(
        await inSavepoint(trx, ctx, plan.row, history, async (sp, own) => {
          const id = crypto.randomUUID();
          await prepareSave({ trx: sp, model, recordId: id, hooks: ctx.hooks, action: 'create', before: null, after: plan.after, caller });
          const done: RowOutcome[] = [];
          await finishCreates(sp, ctx, [{ plan, id }], own, done);
          const [outcome] = done;
          if (!outcome) throw new Error('a created row has no outcome');
          return outcome;
        }),
      );
    }
    return outcomes;
  }
  const missing = await missingReferences(trx, model, plans);
  const outcomes: RowOutcome[] = [];
  const ready: Created[] = [];
  for (const plan of plans) {
    const problems = missing.get(plan.row);
    if (problems) outcomes.push(rejected(plan.row, problems));
    else ready.push({ plan, id: crypto.randomUUID() });
  }
  await finishCreates(trx, ctx, ready, history, outcomes);
  return outcomes;
}

async function finishCreates(trx: Knex.Transaction, ctx: ImportContext, items: readonly Created[], history: HistoryEntry[], outcomes: RowOutcome[]): Promise<void> {
  if (items.length === 0) return;
  const { model, caller } = ctx;
  const stored = await insertRecords(trx, ctx, items);
  for (const { plan, id } of items) {
    const record = stored.get(id);
    if (!record) throw new Error(`${model.table} ${id} was not returned by its own insert`);
    const changes = diffRecords(model, null, record.values);
    history.push({ entity: model.name, recordId: id, version: record.version, action: 'create', changes, caller });
    if (ctx.emitsOnCreate) {
      if (!record.full) throw new Error(`${model.table} ${id} was not read back whole for its event`);
      await ctx.events.recordWritten(trx, { entity: model.name, action: 'create', recordId: id, version: record.version, before: null, after: record.full, changes, caller });
    }
    outcomes.push({ row: plan.row, kind: 'created', id, keys: plan.keys });
  }
}

interface Locked {
  record: StoredRecord;
  readable: boolean;
  updatable: boolean;
}

async function lockRecords(trx: Knex, ctx: ImportContext, ids: readonly string[]): Promise<Map<string, Locked>> {
  const { model, access } = ctx;
  const read = access.recordFilter('read', model.table);
  const update = access.recordFilter('update', model.table);
  const rows: Array<Record<string, unknown>> = await trx(model.table)
    .select(recordColumns(model))
    .select(trx.raw(`COALESCE((${read.sql}), FALSE) AS ??`, [...read.bindings, READ_CHECK]))
    .select(trx.raw(`COALESCE((${update.sql}), FALSE) AS ??`, [...update.bindings, UPDATE_CHECK]))
    .whereIn('id', [...ids])
    .whereNull('deleted_at')
    .orderBy('id')
    .forUpdate();
  const records = await withLinks(
    trx,
    model,
    rows.map((row) => toStoredRecord(model, row)),
  );
  const locked = new Map<string, Locked>();
  rows.forEach((row, i) => {
    const record = records[i];
    if (record) locked.set(record.id, { record, readable: row[READ_CHECK] === true, updatable: row[UPDATE_CHECK] === true });
  });
  return locked;
}

async function updateOne(
  trx: Knex.Transaction,
  ctx: ImportContext,
  plan: Extract<WritePlan, { kind: 'update' }>,
  locked: Locked | undefined,
  history: HistoryEntry[],
): Promise<RowOutcome> {
  const { model, access, caller } = ctx;
  if (!locked || !locked.readable) return rejected(plan.row, problemsOf(plan.row, recordNotFound(model, plan.id)) ?? []);
  if (!locked.updatable) return rejected(plan.row, problemsOf(plan.row, operationForbidden(model, 'update', plan.id)) ?? []);
  const before = locked.record;
  if ('owner' in plan.values && access.refusedFields({ owner: plan.values['owner'] }, { kind: 'update', before }).length > 0) {
    return rejected(plan.row, [notWritable(plan.row, model.name, 'owner')]);
  }
  const after: RecordValues = { ...before, ...plan.values };
  if (ctx.runsBeforeSave) {
    return inSavepoint(trx, ctx, plan.row, history, async (sp, own) => {
      await prepareSave({ trx: sp, model, hooks: ctx.hooks, action: 'update', before, after, caller });
      return saveUpdate(sp, ctx, plan, before, after, own);
    });
  }
  computeFormulas(model, after);
  try {
    checkPipelineRules(model, before, after);
    await checkReferences(trx, model, before, after);
  } catch (error) {
    const problems = problemsOf(plan.row, error);
    if (!problems) throw error;
    return rejected(plan.row, problems);
  }
  return saveUpdate(trx, ctx, plan, before, after, history);
}

async function saveUpdate(
  trx: Knex.Transaction,
  ctx: ImportContext,
  plan: Extract<WritePlan, { kind: 'update' }>,
  before: StoredRecord,
  after: RecordValues,
  history: HistoryEntry[],
): Promise<RowOutcome> {
  const { model, caller } = ctx;
  const changes = diffRecords(model, before, after);
  if (changes.length === 0) return { row: plan.row, kind: 'unchanged', id: plan.id, keys: plan.keys };
  const changed = new Set(changes.map((c) => c.field));
  const [row]: Array<Record<string, unknown>> = await trx(model.table)
    .where({ id: plan.id, version: before.version })
    .update({ ...toColumnValues(model, after, changed), version: trx.raw('version + 1'), updated_at: trx.fn.now(), updated_by: ctx.actor.id })
    .returning(recordColumns(model));
  if (!row) throw new Error(`${model.table} ${plan.id} changed under its own lock`);
  const saved = toStoredRecord(model, row);
  for (const link of model.links) {
    if (changed.has(link.field.name)) {
      const ids = linkIds(after[link.field.name]);
      await replaceLinks(trx, link, plan.id, ids);
      saved[link.field.name] = ids;
    } else {
      saved[link.field.name] = before[link.field.name] ?? [];
    }
  }
  const stored = diffRecords(model, before, saved);
  const recorded = stored.length > 0 ? stored : changes;
  history.push({ entity: model.name, recordId: plan.id, version: saved.version, action: 'update', changes: recorded, caller });
  // Always: a waiting process run may be watching this record, whatever entity it runs on.
  await ctx.events.recordWritten(trx, { entity: model.name, action: 'update', recordId: plan.id, version: saved.version, before, after: saved, changes: recorded, caller });
  return { row: plan.row, kind: 'updated', id: plan.id, keys: plan.keys };
}

/** Writes the plans in `trx`; refused rows come back as outcomes, anything thrown fails the batch. */
export async function writePlans(trx: Knex.Transaction, ctx: ImportContext, plans: readonly WritePlan[]): Promise<RowOutcome[]> {
  const history: HistoryEntry[] = [];
  const creates = plans.filter((p): p is Extract<WritePlan, { kind: 'create' }> => p.kind === 'create');
  const updates = plans.filter((p): p is Extract<WritePlan, { kind: 'update' }> => p.kind === 'update');
  const outcomes = await createRecords(trx, ctx, creates, history);
  if (updates.length > 0) {
    const locked = await lockRecords(
      trx,
      ctx,
      updates.map((u) => u.id),
    );
    for (const plan of updates) outcomes.push(await updateOne(trx, ctx, plan, locked.get(plan.id), history));
  }
  await writeHistoryBatch(trx, history);
  return outcomes;
}

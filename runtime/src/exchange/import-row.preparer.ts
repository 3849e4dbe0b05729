import { getRecordValidator, type RecordFieldError } from '@crm/schemas';
import { KEY_VALUE_JOIN, keyMatchFields } from '../duplicates/index.js';
import { isAppError } from '../errors/index.js';
import { appTimezone, checkPipelineRules, computeFormulas, isUuid, withDefaults } from '../records/index.js';
import type { RecordValues } from '../records/index.js';
import type { CsvRow } from './csv-rows.reader.js';
import type { CellParser } from './import-cell.parser.js';
import type { ImportColumn } from './import-columns.resolver.js';
import type { ImportContext, MatchKey, PreparedRow, RowProblem } from './import.types.js';

/*
 * A CSV row on its way to a batch, checked in the order the records API checks a request:
 *
 *   cells -> typed values (import-cell.parser) -> fields the caller may not write (403 in the API:
 *   FIELD_NOT_WRITABLE naming each) -> the entity's record validator (400: per field) -> match keys
 *
 * A refused row lists every problem it has (each field once), not only those of the first step.
 *
 * and, once the batch knows the row creates a record (planCreate): defaults, the owner (set only
 * with changeOwner, and within the create scope), formulas and pipeline rules. Rows of an entity
 * with before-save processes get formulas and rules after their processes ran, in the write.
 */

export interface RowColumn extends ImportColumn {
  parse: CellParser;
}

function problem(row: number, field: string | null, code: string, message: string, messageRu: string): RowProblem {
  return { row, field, code, message, message_ru: messageRu };
}

export function notWritable(row: number, entity: string, field: string): RowProblem {
  return field === 'owner'
    ? problem(row, 'owner', 'FIELD_NOT_WRITABLE', 'You may not change the owner of this record.', 'Вам нельзя менять владельца записи.')
    : { row, field, code: 'FIELD_NOT_WRITABLE', message: `You may not set the field "${field}" of ${entity} records.`, message_ru: `Вам нельзя изменять поле «${field}».` };
}

function validationProblems(row: number, errors: readonly RecordFieldError[]): RowProblem[] {
  return errors.map((e) => problem(row, e.field === '' ? null : e.field, e.code, e.message.en, e.message.ru));
}

/** Problems from a refusal the records steps threw (their details name the fields). */
export function problemsOf(row: number, error: unknown): RowProblem[] | null {
  if (!isAppError(error)) return null;
  if (error.details.length === 0) return [problem(row, null, error.code, error.message, error.message)];
  return error.details.map((d) => problem(row, d.field ?? null, d.code, d.message, d.message_ru ?? d.message));
}

function matchKeys(ctx: ImportContext, values: RecordValues, id: string | null, match: readonly string[]): MatchKey[] {
  const keys: MatchKey[] = [];
  for (const field of match) {
    const value = field === 'id' ? id : keyMatchFields(field).length > 1 ? configuredKeyValue(ctx, values, field) : values[field];
    if (typeof value === 'string' || typeof value === 'number') keys.push({ field, value, text: `${field}\u0000${String(value)}` });
  }
  return keys;
}

/**
 * A configured duplicate key's value ("company+title"): its fields' values joined as the import
 * finder joins the stored ones (text lower-cased, as ../duplicates compares it); null when a field
 * is empty, which makes no key.
 */
function configuredKeyValue(ctx: ImportContext, values: RecordValues, name: string): string | null {
  const parts: string[] = [];
  for (const field of keyMatchFields(name)) {
    const value = values[field];
    if (typeof value !== 'string' && typeof value !== 'number') return null;
    if (value === '') return null;
    parts.push(ctx.model.field(field)?.type === 'text' ? String(value).toLowerCase() : String(value));
  }
  return parts.join(KEY_VALUE_JOIN);
}

const rowDefaults = new WeakMap<ImportContext, { userId: string; now: Date; timezone: string }>();

/** What defaults are filled from (the importer, the import's clock, the app's time zone): the same for every row. */
function defaultsOf(ctx: ImportContext): { userId: string; now: Date; timezone: string } {
  let defaults = rowDefaults.get(ctx);
  if (!defaults) {
    defaults = { userId: ctx.actor.id, now: ctx.now, timezone: appTimezone(ctx.model) };
    rowDefaults.set(ctx, defaults);
  }
  return defaults;
}

export type Prepared = { kind: 'row'; row: PreparedRow } | { kind: 'rejected'; problems: RowProblem[] } | { kind: 'blank' };

/** Reads, authorizes and validates one row; `upsert` rows are validated as partial updates. */
export function prepareRow(ctx: ImportContext, columns: readonly RowColumn[], match: readonly string[], upsert: boolean, csv: CsvRow): Prepared {
  const { model, access } = ctx;
  const input: RecordValues = {};
  const problems: RowProblem[] = [];
  let id: string | null = null;
  for (const column of columns) {
    if (column.target.kind === 'skip') continue;
    const name = column.target.kind === 'field' ? column.target.name : column.target.kind;
    const cell = column.parse(csv.cells[column.index] ?? '');
    if (cell.kind === 'absent') continue;
    if (cell.kind === 'invalid') {
      problems.push(problem(csv.row, name, cell.code, cell.message, cell.message_ru));
      continue;
    }
    if (column.target.kind !== 'id') input[name] = cell.value;
    else if (typeof cell.value === 'string' && isUuid(cell.value)) id = cell.value.toLowerCase();
    else problems.push(problem(csv.row, 'id', 'INVALID_VALUE', `"${String(cell.value)}" is not a record id.`, `«${String(cell.value)}» — не идентификатор записи.`));
  }
  if (problems.length === 0 && id === null && Object.keys(input).length === 0) return { kind: 'blank' };

  // Like the records API: every field but the owner is refused before the record is looked at.
  const { owner: _owner, ...withoutOwner } = input;
  problems.push(...access.refusedFields(withoutOwner, { kind: 'update', before: {} }).map((f) => notWritable(csv.row, model.name, f)));

  // Every problem of the row is reported at once (a person fixes the file in one go): fields
  // already refused are left out of validation, so each is named once, not again as "required".
  const reported = new Set(problems.map((p) => p.field));
  const checked = reported.size === 0 ? input : Object.fromEntries(Object.entries(input).filter(([field]) => !reported.has(field)));
  const result = upsert ? getRecordValidator(model.app, model.name, 'update')(checked) : getRecordValidator(model.app, model.name, 'create')(withDefaults(model, checked, defaultsOf(ctx)));
  if (!result.ok) problems.push(...validationProblems(csv.row, result.errors).filter((p) => p.field === null || !reported.has(p.field)));
  if (problems.length > 0 || !result.ok) return { kind: 'rejected', problems };
  return { kind: 'row', row: { row: csv.row, values: result.value, complete: !upsert, keys: matchKeys(ctx, result.value, id, match) } };
}

export type CreatePlanResult = { ok: true; after: RecordValues } | { ok: false; problems: RowProblem[] };

/** The record a row creates, complete, or why it cannot be created. */
export async function planCreate(ctx: ImportContext, row: PreparedRow): Promise<CreatePlanResult> {
  const { model, access, actor } = ctx;
  let values = row.values;
  if (!row.complete) {
    const result = getRecordValidator(model.app, model.name, 'create')(withDefaults(model, values, defaultsOf(ctx)));
    if (!result.ok) return { ok: false, problems: validationProblems(row.row, result.errors) };
    values = result.value;
  }
  const owner = 'owner' in values ? values['owner'] : actor.id;
  if ('owner' in values && access.refusedFields({ owner }, { kind: 'create' }).length > 0) return { ok: false, problems: [notWritable(row.row, model.name, 'owner')] };
  if (!(await access.allows('create', { owner }))) return { ok: false, problems: [notWritable(row.row, model.name, 'owner')] };
  const after: RecordValues = { owner: actor.id, ...values };
  if (!ctx.runsBeforeSave) {
    computeFormulas(model, after);
    try {
      checkPipelineRules(model, null, after);
    } catch (error) {
      const problems = problemsOf(row.row, error);
      if (!problems) throw error;
      return { ok: false, problems };
    }
  }
  return { ok: true, after };
}

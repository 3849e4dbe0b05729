import type { Knex } from 'knex';
import type { LiveDefinition } from '../runtime.context.js';
import { PreconditionFailedError, type AppError } from '../errors/index.js';
import { checkFileValues } from '../files/file-values.checker.js';
import { runBeforeSaveHooks, type BeforeSaveHook } from './before-save.hooks.js';
import { computeFormulas } from './formula-fields.calculator.js';
import { checkPipelineRules } from './pipeline-rules.checker.js';
import { validateRecordInput } from './record-input.validator.js';
import type { RecordEntityModel } from './record-entity.model.js';
import { checkReferences } from './record-references.checker.js';
import type { RecordCaller, RecordValues, StoredRecord } from './record.types.js';
import { sameStoredValue } from './stored-value.normalizer.js';

/*
 * The steps between "the caller's values are valid and allowed" and "write the row", in order:
 * before-save hooks -> validate what the hooks changed -> formulas -> pipeline rules -> references.
 * They run inside the transaction on the complete record about to be stored (`after`), so whatever
 * set a value (the caller, a default, a process), the same rules hold.
 */

function validateHookChanges(model: RecordEntityModel, snapshot: Readonly<RecordValues>, after: RecordValues): void {
  const changed: RecordValues = {};
  for (const key of new Set([...Object.keys(snapshot), ...Object.keys(after)])) {
    if (!sameStoredValue(model.field(key), snapshot[key], after[key])) changed[key] = after[key] ?? null;
  }
  if (Object.keys(changed).length === 0) return;
  Object.assign(after, validateRecordInput(model, 'update', changed));
}

export interface PrepareSaveOptions {
  /** The save's transaction, or the plain handle for a save stored in one statement (see BeforeSaveEvent.trx). */
  trx: Knex;
  model: RecordEntityModel;
  /** The definition the save is made under (BeforeSaveEvent.live). */
  live?: LiveDefinition | null;
  /** The record's id; a create mints it first (an update's is before.id). */
  recordId?: string;
  /**
   * Takes the statements the hooks hand over to be written with the record (before-save runs and
   * their steps). Without it they are sent on `trx` before prepareSave returns.
   */
  defer?: (statement: Knex.QueryBuilder) => void;
  hooks: readonly BeforeSaveHook[];
  action: 'create' | 'update';
  before: StoredRecord | null;
  after: RecordValues;
  caller: RecordCaller;
}

/** Fields set by before-save processes, with the process and run that set each. */
export type FieldAuthors = ReadonlyMap<string, { process: string; runId: string }>;

/**
 * Completes and checks `after` in place; throws a 400 naming the fields when a rule is broken.
 * Returns which fields before-save processes set, for history.
 */
export async function prepareSave({ trx, model, live = null, recordId = undefined, defer, hooks, action, before, after, caller }: PrepareSaveOptions): Promise<FieldAuthors> {
  const snapshot = { ...after };
  const authors = new Map<string, { process: string; runId: string }>();
  // A caller that mints the id after the hooks (none should) leaves the before-save runs without their record.
  const id = before?.id ?? recordId ?? null;
  const deferred: Knex.QueryBuilder[] = [];
  // People known to exist: the caller (just authenticated) and whoever a hook read as an active user.
  const knownUsers = new Set(caller.user ? [caller.user.id] : []);
  const event = { trx, live, entity: model.entity, recordId: id, action, before, after, caller, attribute: (field: string, by: { process: string; runId: string }) => authors.set(field, by) };
  await runBeforeSaveHooks(hooks, { ...event, defer: defer ?? ((statement) => deferred.push(statement)), knownUser: (user) => knownUsers.add(user) });
  validateHookChanges(model, snapshot, after);
  computeFormulas(model, after);
  checkPipelineRules(model, before, after);
  await checkReferences(trx, model, before, after, knownUsers);
  // Newly attached files must be the caller's own uploads for this field (files/file-values.checker).
  await checkFileValues({ trx, model, before, after, caller });
  for (const statement of deferred) await statement;
  return authors;
}

export function versionConflict(model: RecordEntityModel, id: string, current: number): AppError {
  return PreconditionFailedError.create(
    `The ${model.name} record ${id} was changed by someone else (it is at version ${current} now). Reload it and apply your change again.`,
    [
      {
        field: 'version',
        code: 'VERSION_CONFLICT',
        currentVersion: current,
        message: `The record is at version ${current}; your change was based on another version.`,
        message_ru: `Запись уже изменена (версия ${current}); обновите её и повторите изменение.`,
      },
    ],
  );
}

/** 412 unless the stored version is one the client named in If-Match (null: no condition). */
export function checkIfMatch(model: RecordEntityModel, record: StoredRecord, ifMatch: readonly number[] | null): void {
  if (ifMatch !== null && !ifMatch.includes(record.version)) throw versionConflict(model, record.id, record.version);
}

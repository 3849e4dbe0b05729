import { getRecordValidator, isSystemField, type RecordMode } from '@crm/schemas';
import { ForbiddenError, NotFoundError, type AppError, type ErrorDetail } from '../errors/index.js';
import type { AccessOperation, EntityAccess } from '../access/index.js';
import type { RecordEntityModel } from './record-entity.model.js';
import type { HistoryItem } from './record-history.reader.js';
import { fieldErrorDetail, validateRecordInput, validationFailed } from './record-input.validator.js';
import type { RecordValues, StoredRecord } from './record.types.js';

/*
 * The records API's side of the access policy: its refusals as errors, and records cut down to what
 * the caller may see. A record outside the read scope is reported exactly like a missing one.
 */

const VERBS: Readonly<Record<AccessOperation | 'restore', { en: string; ru: string }>> = {
  create: { en: 'create', ru: 'создавать' },
  read: { en: 'read', ru: 'читать' },
  update: { en: 'change', ru: 'изменять' },
  delete: { en: 'delete', ru: 'удалять' },
  restore: { en: 'restore', ru: 'восстанавливать' },
};

export function recordNotFound(model: RecordEntityModel, id: string): AppError {
  return NotFoundError.create(`There is no ${model.name} record ${id}.`, [
    { field: 'id', code: 'NOT_FOUND', message: `There is no ${model.name} record ${id}.`, message_ru: `Записи «${model.name}» ${id} нет.` },
  ]);
}

/** 403 for an operation the caller's roles do not allow (on this record, when `id` is given). */
export function operationForbidden(model: RecordEntityModel, operation: AccessOperation | 'restore', id?: string): AppError {
  const what = id === undefined ? `${model.name} records` : `the ${model.name} record ${id}`;
  const message = `You may not ${VERBS[operation].en} ${what}.`;
  return ForbiddenError.create(message, [
    {
      field: 'entity',
      code: 'OPERATION_NOT_ALLOWED',
      entity: model.name,
      operation,
      ...(id === undefined ? {} : { recordId: id }),
      message,
      message_ru: `Вам нельзя ${VERBS[operation].ru} ${id === undefined ? `записи «${model.name}»` : `запись «${model.name}» ${id}`}.`,
    },
  ]);
}

/** 403 naming every field of the input the caller may not set. */
export function fieldsForbidden(model: RecordEntityModel, fields: readonly string[]): AppError {
  const list = fields.map((f) => `"${f}"`).join(', ');
  return ForbiddenError.create(`You may not set ${fields.length === 1 ? 'the field' : 'the fields'} ${list} of ${model.name} records.`, [
    ...fields.map((field) => ({
      field,
      code: 'FIELD_NOT_WRITABLE',
      entity: model.name,
      message: field === 'owner' ? 'You may not change the owner of this record.' : `You may not set the field "${field}".`,
      message_ru: field === 'owner' ? 'Вам нельзя менять владельца записи.' : `Вам нельзя изменять поле «${field}».`,
    })),
  ]);
}

/**
 * 403 naming the fields the caller may read but not set. Hidden fields are left to validation,
 * which answers them exactly as unknown ones (validateCallerInput always refuses them), so
 * neither answer confirms that a hidden field exists.
 */
export function requireWritable(model: RecordEntityModel, access: EntityAccess, refused: readonly string[]): void {
  const named = refused.filter((name) => !isHiddenEntityField(model, access, name));
  if (named.length > 0) throw fieldsForbidden(model, named);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The validator's own words for a field the entity lacks (schemas record-error.messages unknownField). */
function unknownFieldDetail(model: RecordEntityModel, field: string): ErrorDetail {
  return { field, code: 'UNKNOWN_FIELD', message: `Entity "${model.name}" has no field "${field}"`, message_ru: `Поля «${field}» нет в сущности «${model.name}»` };
}

function readOnlyFieldDetail(field: string): ErrorDetail {
  return {
    field,
    code: 'READ_ONLY',
    message: `Field "${field}" is read-only: only the CRM's processes set it`,
    message_ru: `Поле «${field}» доступно только для чтения: его заполняют процессы CRM`,
  };
}

/** A field of the entity (not a system column) that the caller may not see. */
export function isHiddenEntityField(model: RecordEntityModel, access: EntityAccess, name: string): boolean {
  return model.field(name) !== undefined && !isSystemField(name) && !access.isFieldVisible(name);
}

/** The caller's input fields the validator must not see: hidden ones (as unknown) and definition-readOnly ones. */
export function inputFieldsToRefuse(model: RecordEntityModel, access: EntityAccess, input: unknown, readOnlyApplies: boolean): { hidden: string[]; readOnly: string[] } {
  const hidden: string[] = [];
  const readOnly: string[] = [];
  if (!isPlainObject(input)) return { hidden, readOnly };
  for (const key of Object.keys(input)) {
    if (isHiddenEntityField(model, access, key)) hidden.push(key);
    else if (readOnlyApplies && !isSystemField(key) && model.field(key)?.readOnly === true) readOnly.push(key);
  }
  return { hidden, readOnly };
}

/**
 * Validates the caller's own input as far as the caller may know the entity.
 *  - A field hidden from the caller is answered exactly as a field the entity does not have (400
 *    VALIDATION_FAILED, UNKNOWN_FIELD, in the validator's order), so writing does not confirm that a
 *    hidden field exists. The service's 403 for unwritable fields leaves hidden ones out for the same reason.
 *  - A field the definition marks `readOnly` is refused (READ_ONLY, naming it) for everyone but a
 *    process acting as itself (`readOnlyApplies` false); a default filling it is not the caller's doing.
 * `complete` adds what is not the caller's (defaults) to the input once the refused keys are out.
 */
export function validateCallerInput(
  model: RecordEntityModel,
  access: EntityAccess,
  mode: RecordMode,
  input: unknown,
  options: { readOnlyApplies: boolean; complete?: (input: unknown) => unknown },
): RecordValues {
  const complete = options.complete ?? ((value: unknown) => value);
  const { hidden, readOnly } = inputFieldsToRefuse(model, access, input, options.readOnlyApplies);
  if (!isPlainObject(input) || (hidden.length === 0 && readOnly.length === 0)) return validateRecordInput(model, mode, complete(input));
  const refused = new Set([...hidden, ...readOnly]);
  const rest = Object.fromEntries(Object.entries(input).filter(([key]) => !refused.has(key)));
  const result = getRecordValidator(model.app, model.name, mode)(complete(rest));
  const found = result.ok ? [] : result.errors.map(fieldErrorDetail);
  // The validator names refused keys (read-only, unknown) first, in input order, then value errors.
  const order = Object.keys(input);
  const keyErrors = [
    ...found.filter((d) => d.code === 'READ_ONLY' || d.code === 'UNKNOWN_FIELD'),
    ...hidden.map((field) => unknownFieldDetail(model, field)),
    ...readOnly.map(readOnlyFieldDetail),
  ].sort((a, b) => order.indexOf(String(a.field)) - order.indexOf(String(b.field)));
  throw validationFailed([...keyErrors, ...found.filter((d) => d.code !== 'READ_ONLY' && d.code !== 'UNKNOWN_FIELD')]);
}

/** The record without the fields hidden from the caller; system columns always stay. */
export function visibleRecord(access: EntityAccess, record: StoredRecord): StoredRecord {
  const out: StoredRecord = {
    id: record.id,
    version: record.version,
    owner: record.owner,
    created_at: record.created_at,
    created_by: record.created_by,
    updated_at: record.updated_at,
    updated_by: record.updated_by,
    deleted_at: record.deleted_at,
  };
  for (const [key, value] of Object.entries(record)) {
    // Own keys only: `key in out` would drop a field named `constructor` (every object inherits one).
    if (!Object.hasOwn(out, key) && access.isFieldVisible(key)) out[key] = value;
  }
  return out;
}

/** Removes, in place, the fields hidden from the caller (records loaded by expansion). */
export function hideFieldsInPlace(access: EntityAccess, record: Record<string, unknown>): void {
  for (const key of Object.keys(record)) if (!access.isFieldVisible(key)) delete record[key];
}

/**
 * History as the caller may see it: changes of hidden fields (and of fields no longer defined, whose
 * old names say nothing about who may see them) are left out, and so are entries that changed only
 * such fields. Unrestricted callers see everything.
 */
export function visibleHistory(access: EntityAccess, unrestricted: boolean, items: readonly HistoryItem[]): HistoryItem[] {
  if (unrestricted) return [...items];
  return items.flatMap((item) => {
    const changes = item.changes.filter((c) => access.isFieldVisible(c.field));
    if (changes.length === 0 && item.changes.length > 0) return [];
    return [{ ...item, changes }];
  });
}

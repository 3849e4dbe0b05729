import { ForbiddenError, NotFoundError, type AppError } from '../errors/index.js';
import type { AccessOperation, EntityAccess } from '../access/index.js';
import type { RecordEntityModel } from './record-entity.model.js';
import type { HistoryItem } from './record-history.reader.js';
import type { StoredRecord } from './record.types.js';

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
    if (!(key in out) && access.isFieldVisible(key)) out[key] = value;
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

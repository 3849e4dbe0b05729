import type { Knex } from 'knex';
import type { EntityAccess } from '../access/index.js';
import type { ErrorDetail } from '../errors/index.js';
import { fieldsForbidden, toColumnValues, writeHistory, type RecordCaller, type RecordEntityModel, type StoredRecord } from '../records/index.js';
import { MergeInvalidError } from './record-merge.parser.js';

/*
 * File values the person chose from a merged record. A save may attach only files its author
 * uploaded (files/file-values.checker: knowing a key is not enough), but a merged record's photo
 * was usually uploaded by someone else; what entitles the merger to it is that they may update and
 * delete the record it is on. So a chosen file value must be exactly one a merged record (or the
 * survivor) holds in that field, the merger must be allowed to write the field, and the value is
 * written here, as stored (name, size and type never from the client), with its history entry.
 */

interface FileValue {
  key: string;
}

function keysOf(value: unknown): string[] {
  const list = Array.isArray(value) ? value : value === null || value === undefined ? [] : [value];
  return list.map((v) => (typeof v === 'object' && v !== null && 'key' in v && typeof (v as FileValue).key === 'string' ? (v as FileValue).key : '')).sort();
}

/** Splits `values` into the file fields and the rest. */
export function splitFileValues(model: RecordEntityModel, values: Readonly<Record<string, unknown>>): { files: Record<string, unknown>; others: Record<string, unknown> } {
  const files: Record<string, unknown> = {};
  const others: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(values)) (model.field(name)?.type === 'file' ? files : others)[name] = value;
  return { files, others };
}

/** The stored values the file choices stand for; 403 for a field the caller may not write, 422 for a value no record holds. */
export function resolveFileValues(model: RecordEntityModel, access: EntityAccess, files: Readonly<Record<string, unknown>>, records: readonly StoredRecord[]): Record<string, unknown> {
  const forbidden = Object.keys(files).filter((name) => access.fieldAccess(name) !== 'write');
  if (forbidden.length > 0) throw fieldsForbidden(model, forbidden);
  const resolved: Record<string, unknown> = {};
  const problems: ErrorDetail[] = [];
  for (const [name, value] of Object.entries(files)) {
    const wanted = keysOf(value).join(',');
    const source = records.find((r) => keysOf(r[name]).join(',') === wanted);
    if (source) resolved[name] = source[name] ?? null;
    else problems.push({ field: name, code: 'FILE_NOT_FROM_MERGED', message: `The file value of "${name}" must be the one a merged record holds.`, message_ru: `Файл в поле «${name}» должен быть одним из файлов объединяемых записей.` });
  }
  if (problems.length > 0) throw MergeInvalidError.create(problems[0]?.message, problems);
  return resolved;
}

/** Writes the resolved file values onto the survivor: a new version and its history entry. */
export async function applyFileValues(trx: Knex, model: RecordEntityModel, survivor: StoredRecord, files: Readonly<Record<string, unknown>>, caller: RecordCaller): Promise<number> {
  const changed = Object.keys(files).filter((name) => keysOf(survivor[name]).join(',') !== keysOf(files[name]).join(','));
  if (changed.length === 0) return survivor.version;
  const version = survivor.version + 1;
  await trx(model.table)
    .where('id', survivor.id)
    .update({ ...toColumnValues(model, files, changed), version, updated_at: trx.fn.now(), updated_by: caller.user?.id ?? null });
  const changes = changed.map((field) => ({ field, old: survivor[field] ?? null, new: files[field] ?? null }));
  await writeHistory(trx, { entity: model.name, recordId: survivor.id, version, action: 'update', changes, caller });
  return version;
}

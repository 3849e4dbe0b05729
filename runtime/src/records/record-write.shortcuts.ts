import type { App } from '@crm/schemas';
import type { Knex } from 'knex';
import type { BeforeSaveHook } from './before-save.hooks.js';
import type { RecordEntityModel } from './record-entity.model.js';
import type { RecordValues, StoredRecord, WriteOptions } from './record.types.js';

/*
 * When a write may skip a step of the full pipeline (record.service.ts), decided from the
 * definition and the write alone, without a query: a create whose checks and hooks only read needs
 * no transaction around them, and an update nothing runs before may be sent on a copy of the record
 * read earlier instead of reading it locked first.
 */

/**
 * Whether a create's checks and hooks must run in a transaction: the service is inside one
 * already, a hook may write rows of its own, or a file is to be marked attached
 * (files/file-values.checker). Otherwise they only read, outside any transaction.
 */
export function createNeedsTransaction(db: Knex, hooks: readonly BeforeSaveHook[], app: App, model: RecordEntityModel, values: RecordValues): boolean {
  if (db.isTransaction) return true;
  if (model.entity.fields.some((f) => f.type === 'file' && Array.isArray(values[f.name]) && (values[f.name] as unknown[]).length > 0)) return true;
  return hooks.some((hook) => hook.writesOnSave?.(app, model.name, 'create') ?? true);
}

/**
 * The update's readCopy when the update may be sent on it (WriteOptions.readCopy), else null: a
 * live copy of this record with its version, no If-Match to judge on it, no many-to-many field
 * (links are read with the locked row), and no hook that runs on the update (a before-save run
 * judged on a copy behind the row could not be taken back when the UPDATE misses).
 */
export function readCopyFor(hooks: readonly BeforeSaveHook[], app: App, model: RecordEntityModel, id: string, options: WriteOptions): StoredRecord | null {
  const copy = options.readCopy;
  if (!copy || copy.id !== id || copy.deleted_at !== null || typeof copy.version !== 'number' || options.ifMatch) return null;
  if (model.links.length > 0 || hooks.some((hook) => hook.runsOnSave?.(app, model.name, 'update') ?? true)) return null;
  return copy;
}

import type { Field } from '@crm/schemas';
import type { Knex } from 'knex';
import { fileFieldLabel } from '@crm/schemas';
import { findFilesMeta, markAttached, type FileMeta } from './file.repository.js';
import { FileRefusedError } from './file-refused.error.js';

/*
 * Run by every record save (records/record-write.steps.ts prepareSave, inside its transaction):
 * each file key a save newly puts into a file field must be an upload that exists and, unless a
 * process or the system writes, that the caller uploaded for this entity and field. Knowing a key
 * (from a shared link, another record, a log) is not enough to attach someone's file. A key that
 * does not exist and one that is someone else's get the same answer, so it tells nothing. The
 * value's name, size and type are taken from the upload, never from the client, and the upload is
 * marked attached so the stale-uploads duty keeps it.
 */

interface FileValue {
  key: string;
  name: string;
  size: number;
  mime: string;
}

export interface FileValuesSave {
  trx: Knex;
  /** The entity's name and fields (a RecordEntityModel is one). */
  model: { name: string; entity: { fields: readonly Field[] } };
  before: Readonly<Record<string, unknown>> | null;
  after: Record<string, unknown>;
  /** Who writes: a person is checked as the uploader; a process (any actAs) or the system only needs the file to exist. */
  caller: { user: { id: string } | null; process?: unknown };
}

function isFileValue(value: unknown): value is FileValue {
  return typeof value === 'object' && value !== null && 'key' in value && typeof value.key === 'string';
}

function fileValues(value: unknown): FileValue[] {
  if (Array.isArray(value)) return value.filter(isFileValue);
  return isFileValue(value) ? [value] : [];
}

function notAttachable(field: Field & { type: 'file' }): Error {
  const label = fileFieldLabel(field);
  const message = `${label.en}: a file in it was not uploaded by you for this field, or no longer exists. Upload it again.`;
  return FileRefusedError.create(message, [
    { field: field.name, code: 'FILE_NOT_ATTACHABLE', message, message_ru: `${label.ru}: файл в поле загружен не вами для этого поля или уже удалён. Загрузите его снова.` },
  ]);
}

export async function checkFileValues({ trx, model, before, after, caller }: FileValuesSave): Promise<void> {
  const uploader = caller.process !== undefined ? null : (caller.user?.id ?? null);
  const fresh = new Map<Field & { type: 'file' }, FileValue[]>();
  for (const field of model.entity.fields) {
    if (field.type !== 'file' || !Object.hasOwn(after, field.name)) continue;
    const had = new Set(fileValues(before?.[field.name]).map((f) => f.key));
    const added = fileValues(after[field.name]).filter((f) => !had.has(f.key));
    if (added.length > 0) fresh.set(field, added);
  }
  if (fresh.size === 0) return;
  const keys = [...fresh.values()].flat().map((f) => f.key);
  // Keys that are not UUIDs cannot exist (and would break the uuid comparison in SQL).
  const metas = await findFilesMeta(trx, keys.filter((k) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(k)));
  const byKey = new Map<string, FileMeta>(metas.map((m) => [m.key, m]));
  for (const [field, added] of fresh) {
    for (const value of added) {
      const meta = byKey.get(value.key.toLowerCase());
      const own = meta !== undefined && (uploader === null || (meta.createdBy === uploader && meta.entity === model.name && meta.field === field.name));
      if (!meta || !own) throw notAttachable(field);
      value.key = meta.key;
      value.name = meta.name;
      value.size = meta.size;
      value.mime = meta.mime;
    }
  }
  await markAttached(trx, metas.map((m) => m.key));
}

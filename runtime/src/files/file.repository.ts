import type { Knex } from 'knex';

/* The `files` table (files.migrations.ts): one row per upload, its bytes included. */

export interface FileMeta {
  key: string;
  entity: string;
  field: string;
  name: string;
  mime: string;
  size: number;
  sha256: string;
  createdBy: string | null;
  createdAt: Date;
  attachedAt: Date | null;
}

export interface FileWithContent extends FileMeta {
  content: Buffer;
}

interface FileRow {
  key: string;
  entity: string;
  field: string;
  name: string;
  mime: string;
  size: string | number;
  sha256: string;
  created_by: string | null;
  created_at: Date | string;
  attached_at: Date | string | null;
  content?: Buffer | Uint8Array;
}

const META_COLUMNS = ['key', 'entity', 'field', 'name', 'mime', 'size', 'sha256', 'created_by', 'created_at', 'attached_at'];

function toMeta(row: FileRow): FileMeta {
  return {
    key: row.key,
    entity: row.entity,
    field: row.field,
    name: row.name,
    mime: row.mime,
    // bigint comes back as a string from PostgreSQL; a file is far below 2^53 bytes.
    size: Number(row.size),
    sha256: row.sha256,
    createdBy: row.created_by,
    createdAt: new Date(row.created_at),
    attachedAt: row.attached_at === null ? null : new Date(row.attached_at),
  };
}

export interface NewFile {
  entity: string;
  field: string;
  name: string;
  mime: string;
  sha256: string;
  content: Buffer;
  /** Null for a document a process made acting as itself. */
  createdBy: string | null;
}

export async function insertFile(knex: Knex, file: NewFile): Promise<FileMeta> {
  const [row] = await knex('files')
    .insert({
      entity: file.entity,
      field: file.field,
      name: file.name,
      mime: file.mime,
      size: file.content.length,
      sha256: file.sha256,
      content: file.content,
      created_by: file.createdBy,
    })
    .returning<FileRow[]>(META_COLUMNS);
  if (!row) throw new Error('inserting a file returned no row');
  return toMeta(row);
}

export async function findFilesMeta(knex: Knex, keys: readonly string[]): Promise<FileMeta[]> {
  if (keys.length === 0) return [];
  const rows = await knex('files').whereIn('key', keys).select<FileRow[]>(META_COLUMNS);
  return rows.map(toMeta);
}

export async function findFileWithContent(knex: Knex, key: string): Promise<FileWithContent | null> {
  const row = await knex('files').where({ key }).first<FileRow | undefined>([...META_COLUMNS, 'content']);
  if (!row || row.content === undefined) return null;
  return { ...toMeta(row), content: Buffer.from(row.content) };
}

/** Marks uploads as referenced by a saved record, so the stale-uploads duty keeps them. */
export async function markAttached(knex: Knex, keys: readonly string[]): Promise<void> {
  if (keys.length === 0) return;
  await knex('files').whereIn('key', keys).whereNull('attached_at').update({ attached_at: knex.fn.now() });
}

/** Deletes uploads no save ever referenced that are older than `before`; returns how many. */
export async function deleteUnattachedBefore(knex: Knex, before: Date): Promise<number> {
  const deleted = await knex('files').whereNull('attached_at').where('created_at', '<', before).delete().returning<{ key: string }[]>('key');
  return deleted.length;
}

/*
 * How definitions map onto tables. This is a contract shared by publishing (which creates the
 * tables), the records service (which reads and writes them) and the condition compiler in
 * schemas/src/condition (which emits SQL against them): records of entity `deal` live in
 * `rec_deal`, a field's column is the field's name, and these system columns exist on every table.
 */
export const RECORD_TABLE_PREFIX = 'rec_';

export const SYSTEM_COLUMNS = [
  'id',
  'version',
  'owner',
  'created_at',
  'created_by',
  'updated_at',
  'updated_by',
  'deleted_at',
] as const;

export type SystemColumn = (typeof SYSTEM_COLUMNS)[number];

/** Columns that no API caller may write; `owner` is writable subject to permissions. */
export const READ_ONLY_SYSTEM_COLUMNS: ReadonlySet<string> = new Set([
  'id',
  'version',
  'created_at',
  'created_by',
  'updated_at',
  'updated_by',
  'deleted_at',
]);

/** The generated full-text column (Russian and English stemming over the entity's search fields). */
export const SEARCH_COLUMN = '_search';

export function recordTable(entity: string): string {
  return `${RECORD_TABLE_PREFIX}${entity}`;
}

/** Link table of a many-to-many relation field: rows (source_id, target_id). */
export function linkTable(entity: string, field: string): string {
  return `lnk_${entity}__${field}`;
}

/*
 * The columns every record has besides its entity's fields. Shared with the runtime's storage
 * naming (runtime/src/storage/storage.naming.ts keeps the same list for its tables).
 */

export const SYSTEM_FIELDS = ['id', 'version', 'owner', 'created_at', 'created_by', 'updated_at', 'updated_by', 'deleted_at'] as const;

export type SystemField = (typeof SYSTEM_FIELDS)[number];

/** System fields no caller may write; `owner` is writable (subject to permissions). */
export const READ_ONLY_SYSTEM_FIELDS: readonly SystemField[] = ['id', 'version', 'created_at', 'created_by', 'updated_at', 'updated_by', 'deleted_at'];

/** How a system field's value looks: a uuid, a version number or a timestamp. */
export type SystemFieldKind = 'uuid' | 'integer' | 'datetime';

export const SYSTEM_FIELD_KINDS: Readonly<Record<SystemField, SystemFieldKind>> = {
  id: 'uuid',
  version: 'integer',
  owner: 'uuid',
  created_at: 'datetime',
  created_by: 'uuid',
  updated_at: 'datetime',
  updated_by: 'uuid',
  deleted_at: 'datetime',
};

export function isSystemField(name: string): name is SystemField {
  return (SYSTEM_FIELDS as readonly string[]).includes(name);
}

export function isReadOnlySystemField(name: string): boolean {
  return (READ_ONLY_SYSTEM_FIELDS as readonly string[]).includes(name);
}

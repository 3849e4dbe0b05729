import crypto from 'node:crypto';

/*
 * Names of the database objects publishing creates besides tables and columns (see storage.naming.ts
 * for those). Indexes and constraints are named after the stable ids of entities and fields, never
 * after their names: renaming an entity or a field then renames nothing else, and a new entity that
 * takes a freed name cannot clash with the old one's indexes. PostgreSQL silently truncates names to
 * 63 bytes, so longer ones are shortened here, deterministically, with a hash that keeps them apart.
 */
const MAX_IDENTIFIER_LENGTH = 63;

export function boundedName(full: string): string {
  if (Buffer.byteLength(full) <= MAX_IDENTIFIER_LENGTH) return full;
  const hash = crypto.createHash('sha256').update(full).digest('hex').slice(0, 12);
  return `${full.slice(0, MAX_IDENTIFIER_LENGTH - hash.length - 1)}_${hash}`;
}

function stableName(prefix: string, ...parts: string[]): string {
  return boundedName([prefix, ...parts].join('_'));
}

/** Primary key of an entity's table. */
export function primaryKeyName(entityId: string): string {
  return stableName('pk', entityId);
}

/** Index on a system column (owner, created_at) of an entity's table. */
export function systemIndexName(entityId: string, column: string): string {
  return stableName('ixs', entityId, column);
}

/** Foreign key of a system column (owner, created_by, updated_by); unique per table is enough. */
export function systemForeignKeyName(column: string): string {
  return stableName('fks', column);
}

/** Plain btree index of a field (indexed: true, and every reference column). */
export function fieldIndexName(fieldId: string): string {
  return stableName('ixf', fieldId);
}

/**
 * The companion of a field's index that leads with the owner: lists scoped to "my records" (own,
 * team) filter and sort on the field within one owner's rows.
 */
export function fieldOwnerIndexName(fieldId: string): string {
  return stableName('ixo', fieldId);
}

/** The owner companion of an index named by fieldIndexName, or null for any other index name. */
export function ownerCompanionOf(indexName: string): string | null {
  const match = /^ixf_(.+)$/.exec(indexName);
  return match?.[1] ? fieldOwnerIndexName(match[1]) : null;
}

/** Partial unique index of a field (unique: true), over records not deleted. */
export function fieldUniqueIndexName(fieldId: string): string {
  return stableName('uxf', fieldId);
}

/** Foreign key of a reference column (many-to-one relation, user). */
export function fieldForeignKeyName(fieldId: string): string {
  return stableName('fkf', fieldId);
}

/** GIN index over the `_search` column. */
export function searchIndexName(entityId: string): string {
  return stableName('gin', entityId, 'search');
}

/** Primary key (source_id, target_id) of a many-to-many link table. */
export function linkPrimaryKeyName(fieldId: string): string {
  return stableName('pkl', fieldId);
}

/** Index on target_id of a many-to-many link table, for reading the relation from the other side. */
export function linkTargetIndexName(fieldId: string): string {
  return stableName('ixl', fieldId, 'target');
}

/** Where a dropped entity's table goes: `arc_v<version>_<entity>`. */
export function archivedEntityTable(version: number, entity: string): string {
  return boundedName(`arc_v${version}_${entity}`);
}

/** Where a dropped field's values are copied: `arc_v<version>_<entity>__<field>`. */
export function archivedFieldTable(version: number, entity: string, field: string): string {
  return boundedName(`arc_v${version}_${entity}__${field}`);
}

/** Where a dropped many-to-many link table goes: `arc_v<version>_lnk_<entity>__<field>`. */
export function archivedLinkTable(version: number, entity: string, field: string): string {
  return boundedName(`arc_v${version}_lnk_${entity}__${field}`);
}

/**
 * A name no definition can use (names start with a letter), for the middle of a rename cycle such
 * as two fields swapping names.
 */
export function swapName(index: number): string {
  return `_swap_${index}`;
}

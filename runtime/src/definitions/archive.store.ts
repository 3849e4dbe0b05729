import type { Entity, Field } from '@crm/schemas';
import type { Knex } from 'knex';
import { archivedEntityTable, archivedFieldTable, archivedLinkTable } from '../storage/db-object.naming.js';
import { dropColumn, renameTable } from '../storage/entity-table.ddl.js';
import type { ArchiveRef } from './schema.differ.js';

/*
 * Publishing never deletes data. A dropped field's values are copied to `arc_v<version>_<entity>__<field>`
 * (id and value), a dropped entity's table and a dropped link table are renamed to `arc_v<version>_...`,
 * and each is registered in definition_archives with the definition it had, stable id included. When a
 * later publish brings back something with the same stable id (a rollback, typically), the data is put
 * back and the archive is marked restored.
 */

export type ArchiveKind = 'entity' | 'field' | 'link';

interface ArchiveRow {
  id: number;
  version: number;
  kind: ArchiveKind;
  entity: string;
  field: string | null;
  table_name: string;
  definition: Entity | Field;
  created_at: string;
  restored_at: string | null;
}

/** An archive as GET /api/definitions/archives lists it. */
export interface ArchiveSummary {
  id: number;
  version: number;
  kind: ArchiveKind;
  entity: string;
  field: string | null;
  tableName: string;
  definition: Entity | Field;
  createdAt: string;
  restoredAt: string | null;
}

const TABLE = 'definition_archives';

function isEntityRow(row: ArchiveRow): row is ArchiveRow & { kind: 'entity'; definition: Entity } {
  return row.kind === 'entity' && 'fields' in row.definition;
}

function isFieldRow(row: ArchiveRow): row is ArchiveRow & { kind: 'field' | 'link'; definition: Field } {
  return row.kind !== 'entity' && 'type' in row.definition;
}

export async function listArchives(knex: Knex): Promise<ArchiveSummary[]> {
  const rows: ArchiveRow[] = await knex(TABLE).select('*').orderBy('id');
  return rows.map((row) => ({
    id: row.id,
    version: row.version,
    kind: row.kind,
    entity: row.entity,
    field: row.field,
    tableName: row.table_name,
    definition: row.definition,
    createdAt: row.created_at,
    restoredAt: row.restored_at,
  }));
}

/** Archives not restored yet: what the differ may bring back. */
export async function listRestorableArchives(knex: Knex): Promise<ArchiveRef[]> {
  const rows: ArchiveRow[] = await knex(TABLE).whereNull('restored_at').orderBy('id');
  return rows.flatMap((row): ArchiveRef[] => {
    const common = { id: row.id, version: row.version, entity: row.entity, tableName: row.table_name };
    if (isEntityRow(row)) return [{ ...common, kind: 'entity', definition: row.definition }];
    if (isFieldRow(row)) return [{ ...common, kind: row.kind, definition: row.definition }];
    return [];
  });
}

async function register(
  trx: Knex.Transaction,
  entry: { version: number; kind: ArchiveKind; entity: string; field: string | null; table: string; definition: Entity | Field },
): Promise<void> {
  await trx(TABLE).insert({
    version: entry.version,
    kind: entry.kind,
    entity: entry.entity,
    field: entry.field,
    table_name: entry.table,
    definition: JSON.stringify(entry.definition),
  });
}

async function markRestored(trx: Knex.Transaction, archiveId: number): Promise<void> {
  await trx(TABLE).where({ id: archiveId }).update({ restored_at: trx.fn.now() });
}

/** Copies the non-empty values of a column with their record ids, then drops the column. */
export async function archiveAndDropColumn(
  trx: Knex.Transaction,
  drop: { version: number; entity: string; table: string; column: string; definition: Field },
): Promise<void> {
  const archive = archivedFieldTable(drop.version, drop.entity, drop.column);
  await trx.raw('CREATE TABLE ?? AS SELECT id, ?? FROM ?? WHERE ?? IS NOT NULL', [archive, drop.column, drop.table, drop.column]);
  await register(trx, { version: drop.version, kind: 'field', entity: drop.entity, field: drop.column, table: archive, definition: drop.definition });
  await dropColumn(trx, drop.table, drop.column);
}

/** Moves a link table aside whole; its foreign keys keep cascading, so it never points at removed records. */
export async function archiveLinkTable(
  trx: Knex.Transaction,
  drop: { version: number; entity: string; table: string; definition: Field },
): Promise<void> {
  const archive = archivedLinkTable(drop.version, drop.entity, drop.definition.name);
  await renameTable(trx, drop.table, archive);
  await register(trx, { version: drop.version, kind: 'link', entity: drop.entity, field: drop.definition.name, table: archive, definition: drop.definition });
}

/** Moves an entity's table aside whole, with its indexes (named by stable id, so they do not clash). */
export async function archiveEntityTable(
  trx: Knex.Transaction,
  drop: { version: number; entity: string; table: string; definition: Entity },
): Promise<void> {
  const archive = archivedEntityTable(drop.version, drop.entity);
  await renameTable(trx, drop.table, archive);
  await register(trx, { version: drop.version, kind: 'entity', entity: drop.entity, field: null, table: archive, definition: drop.definition });
}

/** Puts an archived table (entity or link) back under its live name. */
export async function restoreTable(trx: Knex.Transaction, restore: { archiveId: number; archiveTable: string; table: string }): Promise<void> {
  await renameTable(trx, restore.archiveTable, restore.table);
  await markRestored(trx, restore.archiveId);
}

/**
 * Copies archived values back into an existing (just re-added) column, by record id, and drops the
 * copy. Records created after the drop have no archived value and stay empty.
 */
export async function restoreColumnValues(
  trx: Knex.Transaction,
  restore: { archiveId: number; archiveTable: string; archiveColumn: string; table: string; column: string },
): Promise<void> {
  await trx.raw('UPDATE ?? AS t SET ?? = a.?? FROM ?? AS a WHERE a.id = t.id', [
    restore.table,
    restore.column,
    restore.archiveColumn,
    restore.archiveTable,
  ]);
  await trx.schema.dropTable(restore.archiveTable);
  await markRestored(trx, restore.archiveId);
}

import type { Knex } from 'knex';
import { addColumn, addForeignKey, createIndex, createRecordTable, renameTable } from '../storage/entity-table.ddl.js';
import { createLinkTable } from '../storage/link-table.ddl.js';
import { archiveEntityTable, archiveLinkTable, restoreTable } from './archive.store.js';
import type {
  AddLinkStep,
  CreateEntityStep,
  DropEntityStep,
  DropLinkStep,
  RenameEntityStep,
  RestoreEntityStep,
  RestoreLinkStep,
} from './plan-step.types.js';

/** Steps on whole tables: record tables and many-to-many link tables. */

export async function createEntity(trx: Knex.Transaction, step: CreateEntityStep): Promise<void> {
  await createRecordTable(trx, step.entityId, step.table);
  for (const column of step.columns) {
    await addColumn(trx, step.table, column);
    await addForeignKey(trx, step.table, column);
  }
  for (const index of step.indexes) await createIndex(trx, step.table, index);
}

export async function restoreEntity(trx: Knex.Transaction, step: RestoreEntityStep): Promise<void> {
  await restoreTable(trx, { archiveId: step.archiveId, archiveTable: step.archiveTable, table: step.table });
  for (const link of step.links) await restoreTable(trx, link);
}

export async function dropEntity(trx: Knex.Transaction, step: DropEntityStep, version: number): Promise<void> {
  for (const link of step.links) {
    await archiveLinkTable(trx, { version, entity: step.entity, table: link.table, definition: link.definition });
  }
  await archiveEntityTable(trx, { version, entity: step.entity, table: step.table, definition: step.definition });
}

export async function renameEntity(trx: Knex.Transaction, step: RenameEntityStep): Promise<void> {
  await renameTable(trx, step.from, step.to);
  for (const link of step.links) await renameTable(trx, link.from, link.to);
}

export async function addLink(trx: Knex.Transaction, step: AddLinkStep): Promise<void> {
  await createLinkTable(trx, { fieldId: step.fieldId, table: step.table, sourceTable: step.sourceTable, targetTable: step.targetTable });
}

export async function restoreLink(trx: Knex.Transaction, step: RestoreLinkStep): Promise<void> {
  await restoreTable(trx, step);
}

export async function dropLink(trx: Knex.Transaction, step: DropLinkStep, version: number): Promise<void> {
  await archiveLinkTable(trx, { version, entity: step.entity, table: step.table, definition: step.definition });
}

import type { Knex } from 'knex';
import {
  fieldForeignKeyName,
  fieldIndexName,
  fieldOwnerIndexName,
  ownerCompanionOf,
  fieldUniqueIndexName,
  primaryKeyName,
  systemForeignKeyName,
  systemIndexName,
} from './db-object.naming.js';

/*
 * DDL for record tables. Every identifier goes through a `??` binding. SQL types come from
 * column-type.mapping.ts, never from a definition, and are checked against a pattern before they are
 * written into a statement (a type cannot be a binding).
 */

/** A column of a field, as publishing creates it. */
export interface ColumnSpec {
  fieldId: string;
  column: string;
  sqlType: string;
  /** Referenced table (`users` or `rec_<target>`); the column gets a foreign key ON DELETE SET NULL. */
  references: string | null;
}

/** An index of a field: plain btree, or unique over the records that are not deleted. */
export interface IndexSpec {
  fieldId: string;
  column: string;
  unique: boolean;
}

const SQL_TYPE = /^[a-z][a-z0-9 ]*(\(\d+(,\d+)?\))?(\[\])?$/;

export function checkedSqlType(sqlType: string): string {
  if (!SQL_TYPE.test(sqlType)) throw new Error(`refusing an unexpected SQL type: ${sqlType}`);
  return sqlType;
}

export function indexName(index: IndexSpec): string {
  return index.unique ? fieldUniqueIndexName(index.fieldId) : fieldIndexName(index.fieldId);
}

/**
 * A record table with the system columns of the storage contract. The who-columns reference users
 * without an ON DELETE action: people are disabled, not deleted, and a delete that would orphan
 * their records should fail loudly.
 */
export async function createRecordTable(trx: Knex.Transaction, entityId: string, table: string): Promise<void> {
  await trx.raw(
    `CREATE TABLE ?? (
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      version integer NOT NULL DEFAULT 1,
      owner uuid,
      created_at timestamptz NOT NULL DEFAULT now(),
      created_by uuid,
      updated_at timestamptz NOT NULL DEFAULT now(),
      updated_by uuid,
      deleted_at timestamptz,
      CONSTRAINT ?? PRIMARY KEY (id),
      CONSTRAINT ?? FOREIGN KEY (owner) REFERENCES users (id),
      CONSTRAINT ?? FOREIGN KEY (created_by) REFERENCES users (id),
      CONSTRAINT ?? FOREIGN KEY (updated_by) REFERENCES users (id)
    )`,
    [
      table,
      primaryKeyName(entityId),
      systemForeignKeyName('owner'),
      systemForeignKeyName('created_by'),
      systemForeignKeyName('updated_by'),
    ],
  );
  // (owner, created_at) serves "my records, newest first" (a person's default list) and any lookup
  // by owner; created_at alone serves everybody's.
  await trx.raw('CREATE INDEX ?? ON ?? (owner, created_at)', [systemIndexName(entityId, 'owner'), table]);
  await trx.raw('CREATE INDEX ?? ON ?? (created_at)', [systemIndexName(entityId, 'created_at'), table]);
}

/** Adds the column; its foreign key is separate so restored values can be cleaned before it is checked. */
export async function addColumn(trx: Knex.Transaction, table: string, spec: ColumnSpec): Promise<void> {
  await trx.raw(`ALTER TABLE ?? ADD COLUMN ?? ${checkedSqlType(spec.sqlType)}`, [table, spec.column]);
}

export async function addForeignKey(trx: Knex.Transaction, table: string, spec: ColumnSpec): Promise<void> {
  if (spec.references === null) return;
  await trx.raw('ALTER TABLE ?? ADD CONSTRAINT ?? FOREIGN KEY (??) REFERENCES ?? (id) ON DELETE SET NULL', [
    table,
    fieldForeignKeyName(spec.fieldId),
    spec.column,
    spec.references,
  ]);
}

/**
 * A field's index, and for a plain one its owner companion (owner, field): record scopes are
 * predicates on the owner, so a rep's filtered, sorted page reads one owner's range in field order
 * instead of walking the whole field index and discarding other people's rows.
 */
export async function createIndex(trx: Knex.Transaction, table: string, index: IndexSpec): Promise<void> {
  if (index.unique) {
    await trx.raw('CREATE UNIQUE INDEX ?? ON ?? (??) WHERE deleted_at IS NULL', [indexName(index), table, index.column]);
  } else {
    await trx.raw('CREATE INDEX ?? ON ?? (??)', [indexName(index), table, index.column]);
    await trx.raw('CREATE INDEX ?? ON ?? (owner, ??)', [fieldOwnerIndexName(index.fieldId), table, index.column]);
  }
}

export async function dropIndex(trx: Knex.Transaction, name: string): Promise<void> {
  await trx.raw('DROP INDEX IF EXISTS ??', [name]);
  const companion = ownerCompanionOf(name);
  if (companion) await trx.raw('DROP INDEX IF EXISTS ??', [companion]);
}

export async function renameTable(trx: Knex.Transaction, from: string, to: string): Promise<void> {
  await trx.raw('ALTER TABLE ?? RENAME TO ??', [from, to]);
}

export async function renameColumn(trx: Knex.Transaction, table: string, from: string, to: string): Promise<void> {
  await trx.raw('ALTER TABLE ?? RENAME COLUMN ?? TO ??', [table, from, to]);
}

export async function dropColumn(trx: Knex.Transaction, table: string, column: string): Promise<void> {
  await trx.raw('ALTER TABLE ?? DROP COLUMN ??', [table, column]);
}

/** Converts a column in place with a plain cast; type-change.rules.ts decides which casts are safe. */
export async function changeColumnType(trx: Knex.Transaction, table: string, column: string, sqlType: string): Promise<void> {
  const type = checkedSqlType(sqlType);
  await trx.raw(`ALTER TABLE ?? ALTER COLUMN ?? TYPE ${type} USING ??::${type}`, [table, column, column]);
}

/** Sets every row's value: how a required field added to a table with records gets its default. */
export async function fillColumn(trx: Knex.Transaction, table: string, column: string, value: Knex.Value | Knex.Raw): Promise<void> {
  await trx(table).update({ [column]: value });
}

/** A restored reference may point at a record removed since; such references become empty. */
export async function clearDanglingReferences(trx: Knex.Transaction, table: string, spec: ColumnSpec): Promise<void> {
  if (spec.references === null) return;
  await trx.raw('UPDATE ?? AS t SET ?? = NULL WHERE ?? IS NOT NULL AND NOT EXISTS (SELECT 1 FROM ?? AS r WHERE r.id = ??)', [
    table,
    spec.column,
    `t.${spec.column}`,
    spec.references,
    `t.${spec.column}`,
  ]);
}

import type { Knex } from 'knex';
import { linkPrimaryKeyName, linkTargetIndexName } from './db-object.naming.js';

export interface LinkTableSpec {
  fieldId: string;
  table: string;
  sourceTable: string;
  targetTable: string;
}

/*
 * A many-to-many relation keeps pairs (source_id, target_id). Removing either record removes the
 * pair, and the primary key keeps a pair from being stored twice. The extra index serves reading
 * the relation from the target's side.
 */
export async function createLinkTable(trx: Knex.Transaction, spec: LinkTableSpec): Promise<void> {
  await trx.raw(
    `CREATE TABLE ?? (
      source_id uuid NOT NULL REFERENCES ?? (id) ON DELETE CASCADE,
      target_id uuid NOT NULL REFERENCES ?? (id) ON DELETE CASCADE,
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT ?? PRIMARY KEY (source_id, target_id)
    )`,
    [spec.table, spec.sourceTable, spec.targetTable, linkPrimaryKeyName(spec.fieldId)],
  );
  await trx.raw('CREATE INDEX ?? ON ?? (target_id)', [linkTargetIndexName(spec.fieldId), spec.table]);
}

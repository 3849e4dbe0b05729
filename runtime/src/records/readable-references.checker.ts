import type { Knex } from 'knex';
import type { AccessPolicy } from '../access/index.js';
import type { ErrorDetail } from '../errors/index.js';
import { recordTable } from '../storage/storage.naming.js';
import { validationFailed } from './record-input.validator.js';
import type { RecordEntityModel } from './record-entity.model.js';
import { addedIds, referenceProblem } from './record-references.checker.js';
import type { RecordValues } from './record.types.js';

/*
 * A person may link a record only to records they may read: a relation id they add (many-to-one or
 * many-to-many, in their own input) must be within the target's read scope. One they cannot read is
 * refused exactly like one that does not exist, so linking cannot be used to probe for records.
 * Links kept from before, and links a before-save process adds, are not the caller's doing and are
 * left to record-references.checker (existence only).
 */

function relationTargets(model: RecordEntityModel): Array<{ field: string; target: string }> {
  const out: Array<{ field: string; target: string }> = [];
  for (const { field, column } of model.columns) if (field.type === 'relation') out.push({ field: column, target: field.target });
  for (const link of model.links) out.push({ field: link.field.name, target: link.target });
  return out;
}

/** Throws 400 (as for a missing record) naming each field of `input` that links to a record the caller cannot read. */
export async function checkReadableReferences(
  trx: Knex,
  model: RecordEntityModel,
  policy: AccessPolicy,
  before: RecordValues | null,
  input: Readonly<RecordValues>,
): Promise<void> {
  if (policy.unrestricted) return;
  const problems: ErrorDetail[] = [];
  for (const { field, target } of relationTargets(model)) {
    if (!(field in input)) continue;
    const ids = addedIds(before, input, field);
    if (ids.length === 0) continue;
    const table = recordTable(target);
    const readable = policy.entity(target).recordFilter('read', table);
    const rows: Array<{ id: string }> = await trx(table).select('id').whereIn('id', ids).whereNull('deleted_at').whereRaw(readable.sql, readable.bindings);
    const found = new Set(rows.map((r) => r.id));
    const missing = ids.filter((id) => !found.has(id));
    if (missing.length > 0) problems.push(referenceProblem(model, { field, target }, missing));
  }
  if (problems.length > 0) throw validationFailed(problems);
}

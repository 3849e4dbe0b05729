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
    if (!Object.hasOwn(input, field)) continue;
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

/*
 * On the way out, relation values obey the target's read scope as expand does: an id of a record
 * the caller cannot read is shown as null (many-to-one) or left out (many-to-many), never as the
 * id, which would confirm the record exists and let its id be used to probe elsewhere. Null, not a
 * marker object, keeps the value's type what the record schema says. A PATCH is partial, so a
 * client that sends back only what it changed loses nothing; a to-many list the caller replaces
 * keeps the links they cannot see (keepUnreadableLinks).
 */

async function readableIds(db: Knex, policy: AccessPolicy, target: string, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const table = recordTable(target);
  const readable = policy.entity(target).recordFilter('read', table);
  const rows: Array<{ id: string }> = await db(table).select('id').whereIn('id', [...ids]).whereRaw(readable.sql, readable.bindings);
  return new Set(rows.map((r) => r.id));
}

function idsIn(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** Replaces, in place, relation ids of records the caller cannot read (null, or left out of lists). */
export async function hideUnreadableReferences(db: Knex, model: RecordEntityModel, policy: AccessPolicy, records: readonly RecordValues[]): Promise<void> {
  if (policy.unrestricted || records.length === 0) return;
  for (const { field, target } of relationTargets(model)) {
    const ids = new Set(records.flatMap((r) => (Object.hasOwn(r, field) ? idsIn(r[field]) : [])));
    if (ids.size === 0) continue;
    const readable = await readableIds(db, policy, target, [...ids]);
    for (const record of records) {
      if (!Object.hasOwn(record, field)) continue;
      const value = record[field];
      if (typeof value === 'string') record[field] = readable.has(value) ? value : null;
      else if (Array.isArray(value)) record[field] = value.filter((id) => typeof id === 'string' && readable.has(id));
    }
  }
}

/** History as the caller sees it: old and new relation ids of records they cannot read become null / are left out. */
export async function hideUnreadableReferencesInChanges(
  db: Knex,
  model: RecordEntityModel,
  policy: AccessPolicy,
  changes: ReadonlyArray<{ field: string; old: unknown; new: unknown }>,
): Promise<void> {
  const byField = new Map(relationTargets(model).map((r) => [r.field, r.target]));
  const records: RecordValues[] = [];
  for (const change of changes) {
    if (byField.has(change.field)) records.push({ [change.field]: change.old }, { [change.field]: change.new });
  }
  if (records.length === 0) return;
  await hideUnreadableReferences(db, model, policy, records);
  let i = 0;
  for (const change of changes) {
    if (!byField.has(change.field)) continue;
    Object.assign(change, { old: records[i]?.[change.field] ?? null, new: records[i + 1]?.[change.field] ?? null });
    i += 2;
  }
}

/**
 * A caller replacing a to-many list replaces what they can see: links to records they cannot read
 * (which they were shown without) stay. Changes `values` in place.
 */
export async function keepUnreadableLinks(trx: Knex, model: RecordEntityModel, policy: AccessPolicy, before: RecordValues, values: RecordValues): Promise<void> {
  if (policy.unrestricted) return;
  for (const link of model.links) {
    const name = link.field.name;
    if (!Object.hasOwn(values, name)) continue;
    const old = idsIn(before[name]);
    if (old.length === 0) continue;
    const readable = await readableIds(trx, policy, link.target, old);
    const given = idsIn(values[name]);
    const kept = old.filter((id) => !readable.has(id) && !given.includes(id));
    if (kept.length > 0) values[name] = [...given, ...kept];
  }
}

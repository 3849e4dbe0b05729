import type { Knex } from 'knex';
import type { ErrorDetail } from '../errors/index.js';
import { recordTable } from '../storage/storage.naming.js';
import { validationFailed } from './record-input.validator.js';
import type { RecordEntityModel } from './record-entity.model.js';
import type { RecordValues } from './record.types.js';

/*
 * Many-to-one, many-to-many and user values must name a record that exists and is not deleted, or
 * a person who exists. Only values the write adds are checked: a link kept from before stays valid
 * even if its target was deleted since, so saving a record never fails over data the caller did
 * not touch. Foreign keys would catch a missing id too, but not a deleted one, and not by field.
 */

interface ReferenceSet {
  field: string;
  table: string;
  /** The entity referenced; null for people. */
  target: string | null;
  /** Record tables hide soft-deleted rows; `users` has no soft delete. */
  softDeleted: boolean;
  ids: string[];
}

function stringsOf(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

export function addedIds(before: RecordValues | null, after: RecordValues, name: string): string[] {
  const previous = new Set(before === null ? [] : stringsOf(before[name]));
  return stringsOf(after[name]).filter((id) => !previous.has(id));
}

function referenceSets(model: RecordEntityModel, before: RecordValues | null, after: RecordValues): ReferenceSet[] {
  const sets: ReferenceSet[] = [{ field: 'owner', table: 'users', target: null, softDeleted: false, ids: addedIds(before, after, 'owner') }];
  for (const { field, column } of model.columns) {
    const ids = addedIds(before, after, column);
    if (field.type === 'user') sets.push({ field: column, table: 'users', target: null, softDeleted: false, ids });
    if (field.type === 'relation') sets.push({ field: column, table: recordTable(field.target), target: field.target, softDeleted: true, ids });
  }
  for (const link of model.links) {
    sets.push({ field: link.field.name, table: recordTable(link.target), target: link.target, softDeleted: true, ids: addedIds(before, after, link.field.name) });
  }
  return sets.filter((set) => set.ids.length > 0);
}

async function missingIds(trx: Knex, set: ReferenceSet): Promise<string[]> {
  const query = trx(set.table).select('id').whereIn('id', set.ids);
  if (set.softDeleted) query.whereNull('deleted_at');
  const rows: Array<{ id: string }> = await query;
  const found = new Set(rows.map((r) => r.id));
  return set.ids.filter((id) => !found.has(id));
}

/** The 400 detail for references to records (or people, target null) that are not there. */
export function referenceProblem(model: RecordEntityModel, set: { field: string; target: string | null }, missing: readonly string[]): ErrorDetail {
  const ids = missing.join(', ');
  if (set.target === null) {
    return {
      field: set.field,
      code: 'INVALID_REFERENCE',
      message: `Field "${set.field}": there is no user ${ids}.`,
      message_ru: `Поле «${set.field}»: нет пользователя ${ids}.`,
    };
  }
  const { target } = set;
  return {
    field: set.field,
    code: 'INVALID_REFERENCE',
    message: `Field "${set.field}" of ${model.name}: there is no ${target} record ${ids} (or it was deleted).`,
    message_ru: `Поле «${set.field}»: записи «${target}» ${ids} нет (или она удалена).`,
  };
}

/**
 * Throws 400 naming every field that points at a record or person that is not there. `knownUsers`
 * are people known to exist (the caller, just authenticated): the common "owner is me" costs no query.
 */
export async function checkReferences(trx: Knex, model: RecordEntityModel, before: RecordValues | null, after: RecordValues, knownUsers: ReadonlySet<string> = new Set()): Promise<void> {
  const problems: ErrorDetail[] = [];
  for (const found of referenceSets(model, before, after)) {
    const set = found.target === null ? { ...found, ids: found.ids.filter((id) => !knownUsers.has(id)) } : found;
    if (set.ids.length === 0) continue;
    const missing = await missingIds(trx, set);
    if (missing.length > 0) problems.push(referenceProblem(model, set, missing));
  }
  if (problems.length > 0) throw validationFailed(problems);
}

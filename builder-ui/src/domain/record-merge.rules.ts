import type { Entity, Field, FieldAccess } from '@crm/schemas';

/*
 * The merge dialog's choices, as pure functions: which fields the person chooses between (those
 * the records hold differently and the person may write), which value each starts with (the
 * survivor's, or the first record that has one when the survivor's is empty), and the request the
 * choices make (`values`: only the fields taken from another record). Values are compared as JSON:
 * a file or a list of links is the same when it holds the same things.
 */

export type MergeRecord = Readonly<Record<string, unknown>> & { readonly id: string; readonly version: number };

/** Which record's value each field takes: the id of one of the records. */
export type MergeChoices = Record<string, string>;

/** Fields a merge can carry over: stored by a person, not computed, not the other side of a relation. */
function isChoosable(field: Field, access: Readonly<Record<string, FieldAccess>> | undefined): boolean {
  if (field.type === 'formula') return false;
  if (field.type === 'relation' && field.cardinality === 'one-to-many') return false;
  if (field.readOnly === true) return false;
  return access === undefined || access[field.name] === 'write';
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

export function isEmptyMergeValue(value: unknown): boolean {
  return value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0);
}

/** The fields whose values differ between the records, in definition order, that the person may write. */
export function differingFields(entity: Entity, records: readonly MergeRecord[], access?: Readonly<Record<string, FieldAccess>>): Field[] {
  return entity.fields.filter((field) => isChoosable(field, access) && records.some((r) => !same(r[field.name], records[0]?.[field.name])));
}

/** The survivor's value where it has one, else the first record's (in the given order) that has one. */
export function defaultChoices(fields: readonly Field[], records: readonly MergeRecord[], survivorId: string): MergeChoices {
  const survivor = records.find((r) => r.id === survivorId);
  const choices: MergeChoices = {};
  for (const field of fields) {
    const own = survivor?.[field.name];
    const filled = isEmptyMergeValue(own) ? records.find((r) => !isEmptyMergeValue(r[field.name])) : undefined;
    choices[field.name] = filled?.id ?? survivorId;
  }
  return choices;
}

/** A new survivor keeps the choices the person made, and each field they left alone follows the new survivor. */
export function rechooseForSurvivor(fields: readonly Field[], records: readonly MergeRecord[], previous: Readonly<MergeChoices>, oldSurvivor: string, survivorId: string): MergeChoices {
  const defaults = defaultChoices(fields, records, survivorId);
  const untouched = defaultChoices(fields, records, oldSurvivor);
  const out: MergeChoices = {};
  for (const field of fields) out[field.name] = previous[field.name] === untouched[field.name] ? (defaults[field.name] ?? survivorId) : (previous[field.name] ?? survivorId);
  return out;
}

export interface MergeRequestBody {
  survivor: string;
  merged: string[];
  values: Record<string, unknown>;
  versions: Record<string, number>;
}

/** The request: the other records merged into the survivor, the values taken from them, the versions seen. */
export function mergeRequest(records: readonly MergeRecord[], survivorId: string, choices: Readonly<MergeChoices>): MergeRequestBody {
  const values: Record<string, unknown> = {};
  for (const [field, from] of Object.entries(choices)) {
    if (from === survivorId) continue;
    const source = records.find((r) => r.id === from);
    if (source) values[field] = source[field] ?? null;
  }
  return {
    survivor: survivorId,
    merged: records.filter((r) => r.id !== survivorId).map((r) => r.id),
    values,
    versions: Object.fromEntries(records.map((r) => [r.id, r.version])),
  };
}

/** How many of the chosen values come from each merged record (the dialog's summary). */
export function takenFrom(choices: Readonly<MergeChoices>, survivorId: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [field, from] of Object.entries(choices)) {
    if (from === survivorId) continue;
    out.set(from, [...(out.get(from) ?? []), field]);
  }
  return out;
}

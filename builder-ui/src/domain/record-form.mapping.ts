import type { Field } from '@crm/schemas';

/*
 * Between a record as the API sends it (relations and people possibly expanded to objects) and the
 * values a form edits and sends back (ids): the form starts from the ids, and only what the person
 * changed is sent, so a save never overwrites a field someone else changed meanwhile.
 */

function idOf(value: unknown): unknown {
  if (typeof value === 'object' && value !== null && !Array.isArray(value) && 'id' in value) return value.id;
  return value;
}

/** The value as the API takes it: ids instead of expanded records and people. */
export function formValueOf(field: Field, value: unknown): unknown {
  if (field.type === 'relation' || field.type === 'user') return Array.isArray(value) ? value.map(idOf) : idOf(value ?? null);
  return value === undefined ? null : value;
}

/** The form's starting values for these fields. */
export function formValuesOf(record: Readonly<Record<string, unknown>>, fields: readonly Field[]): Record<string, unknown> {
  return Object.fromEntries(fields.map((f) => [f.name, formValueOf(f, record[f.name])]));
}

function sameValue(a: unknown, b: unknown): boolean {
  const empty = (v: unknown) => v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0);
  if (empty(a) && empty(b)) return true;
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The values that differ from the original, among `fields` (the editable, visible ones). */
export function changedValues(original: Readonly<Record<string, unknown>>, values: Readonly<Record<string, unknown>>, fields: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of fields) {
    if (!sameValue(original[field], values[field])) out[field] = values[field] === undefined || values[field] === '' ? null : values[field];
  }
  return out;
}

/** Whether anything differs at all (the leave guard asks before dropping it). */
export function hasChanges(original: Readonly<Record<string, unknown>>, values: Readonly<Record<string, unknown>>): boolean {
  const keys = new Set([...Object.keys(original), ...Object.keys(values)]);
  return [...keys].some((k) => !sameValue(original[k], values[k]));
}

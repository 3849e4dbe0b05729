import type { Field } from '@crm/schemas';

/*
 * The form a value takes once stored, so "did this write change anything?" can be answered before
 * writing: a timestamp sent with an offset is the same instant as the stored UTC one, money keeps two
 * decimals, and a many-to-many list is a set of ids.
 */

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

function storedForm(field: Field | undefined, value: unknown): unknown {
  if (value === undefined || value === null) return null;
  if (!field) return value;
  switch (field.type) {
    case 'datetime':
      return typeof value === 'string' && !Number.isNaN(Date.parse(value)) ? new Date(value).toISOString() : value;
    case 'money':
      return typeof value === 'number' ? Math.round(value * 100) / 100 : value;
    case 'relation':
      return Array.isArray(value) ? [...value].map(String).sort() : value;
    default:
      return value;
  }
}

/** Whether two values of the field are the same once stored. */
export function sameStoredValue(field: Field | undefined, a: unknown, b: unknown): boolean {
  return canonicalJson(storedForm(field, a)) === canonicalJson(storedForm(field, b));
}

/** Empty for "required" purposes: nothing, blank text or an empty list. */
export function isEmptyValue(value: unknown): boolean {
  if (value === null || value === undefined) return true;
  if (typeof value === 'string') return value.trim() === '';
  if (Array.isArray(value)) return value.length === 0;
  return false;
}

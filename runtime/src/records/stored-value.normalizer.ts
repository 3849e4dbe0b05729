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

type StoredForm = (value: unknown) => unknown;

const asIs: StoredForm = (value) => value;

/** timestamptz keeps the instant: "…+03:00" and the stored UTC "…Z" are one value. */
const instant: StoredForm = (value) => (typeof value === 'string' && !Number.isNaN(Date.parse(value)) ? new Date(value).toISOString() : value);

/** numeric(18,2) keeps two decimals. */
const cents: StoredForm = (value) => (typeof value === 'number' ? Math.round(value * 100) / 100 : value);

/** A many-to-many list is a set of ids (a link table has no order). */
const idSet: StoredForm = (value) => (Array.isArray(value) ? [...value].map(String).sort() : value);

/** Keyed by the field-type union, so a new type must say what storing does to its values. */
const STORED_FORMS: Readonly<Record<Field['type'], StoredForm>> = {
  text: asIs,
  longtext: asIs,
  integer: asIs,
  number: asIs,
  money: cents,
  percent: asIs,
  boolean: asIs,
  date: asIs,
  datetime: instant,
  email: asIs,
  phone: asIs,
  url: asIs,
  enum: asIs,
  multienum: asIs,
  relation: idSet,
  user: asIs,
  formula: asIs,
  file: asIs,
};

function storedForm(field: Field | undefined, value: unknown): unknown {
  if (value === undefined || value === null) return null;
  return field ? STORED_FORMS[field.type](value) : value;
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

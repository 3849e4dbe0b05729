import type { App, Field } from '@crm/schemas';
import { enumValuesOf, type Language } from './field-labels.catalog.js';

/*
 * One stored value as the text of a CSV cell, in the forms the import reads back: numbers with a
 * dot and no grouping (money is its amount), dates as YYYY-MM-DD, datetimes in ISO 8601 UTC,
 * booleans as true/false, lists (multienum values, many-to-many ids, file names) joined by "; ",
 * relations and people as ids. With labels, enum values are written as their labels.
 *
 * Text a spreadsheet would run as a formula (starting with =, @, a tab or CR, or + / - not followed
 * by a number) gets a leading apostrophe, as OWASP advises against CSV injection; the import takes
 * that apostrophe off again.
 */

export const LIST_SEPARATOR = '; ';

const FORMULA_START = /^[=@\t\r]/;
const SIGNED = /^[+-]/;
const NUMBER_LIKE = /^[+-]?[\d\s().-]*\d[\d\s().-]*$/;

/** The value with a protective apostrophe when a spreadsheet would read it as a formula. */
export function guardFormula(text: string): string {
  if (FORMULA_START.test(text)) return `'${text}`;
  if (SIGNED.test(text) && !NUMBER_LIKE.test(text)) return `'${text}`;
  return text;
}

/** The reverse of guardFormula, for import. */
export function unguardFormula(text: string): string {
  return text.startsWith("'") && (FORMULA_START.test(text.slice(1)) || SIGNED.test(text.slice(1))) ? text.slice(1) : text;
}

export interface CellFormatOptions {
  /** Write enum values as labels in this language; null: as values. */
  labels: Language | null;
}

function fileName(value: unknown): string {
  if (typeof value === 'object' && value !== null && 'name' in value && typeof value.name === 'string') return value.name;
  return '';
}

function scalarText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** Formats values of one field (or system column, `field` undefined); built once per column. */
export function cellFormatter(app: App, entity: string, field: Field | undefined, options: CellFormatOptions): (value: unknown) => string {
  if (!field) return scalarText;
  const values = enumValuesOf(app, entity, field);
  if (values) {
    const lang = options.labels;
    const labelOf = new Map(values.map((v) => [v.value, lang ? v.label[lang] : v.value]));
    const one = (v: unknown): string => (typeof v === 'string' ? guardFormula(labelOf.get(v) ?? v) : scalarText(v));
    return (value) => (Array.isArray(value) ? value.map(one).join(LIST_SEPARATOR) : one(value));
  }
  switch (field.type) {
    case 'text':
    case 'longtext':
    case 'email':
    case 'url':
    case 'phone':
      return (value) => (typeof value === 'string' ? guardFormula(value) : scalarText(value));
    case 'formula':
      return (value) => (typeof value === 'string' ? guardFormula(value) : scalarText(value));
    case 'file':
      return (value) => (Array.isArray(value) ? value.map(fileName).join(LIST_SEPARATOR) : fileName(value));
    case 'relation':
      return (value) => (Array.isArray(value) ? value.map(scalarText).join(LIST_SEPARATOR) : scalarText(value));
    default:
      return scalarText;
  }
}

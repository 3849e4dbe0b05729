import type { FormulaField } from '../../generated/definition.types.js';

export type FormulaResultType = NonNullable<FormulaField['resultType']>;

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The value a formula's column stores: a result of the declared type, or null. A result that does
 * not fit (text where a number is declared, NaN from 0 / 0, Infinity) is stored as empty rather
 * than failing the save: the record's own data is valid, only the computed value is undefined.
 */
export function coerceFormulaResult(value: unknown, resultType: FormulaResultType = 'number'): string | number | boolean | null {
  switch (resultType) {
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? value : null;
    case 'text':
      if (typeof value === 'string') return value;
      if (typeof value === 'number' && Number.isFinite(value)) return String(value);
      if (typeof value === 'boolean') return String(value);
      return null;
    case 'boolean':
      return typeof value === 'boolean' ? value : null;
    case 'date':
      if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString().slice(0, 10);
      if (typeof value !== 'string') return null;
      if (ISO_DATE.test(value)) return Number.isNaN(Date.parse(`${value}T00:00:00Z`)) ? null : value;
      return Number.isNaN(Date.parse(value)) ? null : new Date(value).toISOString().slice(0, 10);
  }
}

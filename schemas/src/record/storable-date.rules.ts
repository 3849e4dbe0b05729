import { fullFormats } from 'ajv-formats/dist/formats.js';
import { YEAR_RANGE } from './field-limits.catalog.js';

/*
 * The `date` and `date-time` formats of record values: RFC 3339 as ajv-formats checks it, and a year
 * both PostgreSQL and JavaScript keep. PostgreSQL has no year 0 ("0000-01-01" is a database error),
 * and a date-time whose offset moves it out of years 1..9999 no longer prints as an ISO string.
 */

function yearInRange(year: number): boolean {
  return year >= YEAR_RANGE.min && year <= YEAR_RANGE.max;
}

function formatCheck(format: unknown): (value: string) => boolean {
  if (typeof format === 'function') return (value) => format(value) === true;
  if (typeof format === 'object' && format !== null && 'validate' in format && typeof format.validate === 'function') {
    const validate: (value: string) => unknown = format.validate.bind(format);
    return (value) => validate(value) === true;
  }
  throw new Error('ajv-formats changed the shape of its date formats');
}

const rfcDate = formatCheck(fullFormats.date);
const rfcDateTime = formatCheck(fullFormats['date-time']);

export function isStorableDate(value: string): boolean {
  return rfcDate(value) && yearInRange(Number(value.slice(0, 4)));
}

export function isStorableDateTime(value: string): boolean {
  if (!rfcDateTime(value) || !yearInRange(Number(value.slice(0, 4)))) return false;
  const instant = new Date(value);
  return !Number.isNaN(instant.getTime()) && yearInRange(instant.getUTCFullYear());
}

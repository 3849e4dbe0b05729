import { isSupportedCountry, parsePhoneNumberFromString } from 'libphonenumber-js';
import type { Entity, Field } from '../../generated/definition.types.js';
import { recordErrorMessages } from './record-error.messages.js';
import type { RecordFieldError } from './record-schema.types.js';

/*
 * Puts values into their stored form before they are validated: text trimmed; emails trimmed and
 * lower-cased; phones in E.164 ("8 (912) 345-67-89" -> "+79123456789"); a blank email, phone, url,
 * date or datetime means "empty" (null). Values of the wrong type are left for the schema to report.
 */

const BLANK_MEANS_EMPTY: ReadonlySet<Field['type']> = new Set(['email', 'phone', 'url', 'date', 'datetime']);

export interface NormalisedInput {
  value: Record<string, unknown>;
  errors: RecordFieldError[];
}

/** The phone number in E.164, or undefined when it is not a valid number. */
export function normalisePhone(text: string, defaultCountry: string | undefined): string | undefined {
  const country = defaultCountry ?? 'RU';
  const parsed = parsePhoneNumberFromString(text, isSupportedCountry(country) ? country : 'RU');
  return parsed?.isValid() ? parsed.number : undefined;
}

function normaliseValue(field: Field, value: string): { ok: true; value: string | null } | { ok: false; error: RecordFieldError } {
  const trimmed = value.trim();
  if (BLANK_MEANS_EMPTY.has(field.type) && trimmed === '') return { ok: true, value: null };
  switch (field.type) {
    case 'text':
    case 'url':
    case 'date':
    case 'datetime':
      return { ok: true, value: trimmed };
    case 'email':
      return { ok: true, value: trimmed.toLowerCase() };
    case 'phone': {
      const phone = normalisePhone(trimmed, field.defaultCountry);
      if (phone !== undefined) return { ok: true, value: phone };
      return { ok: false, error: { field: field.name, code: 'INVALID_VALUE', message: recordErrorMessages.invalidPhone(field.name, value) } };
    }
    default:
      return { ok: true, value };
  }
}

export function normaliseRecordInput(entity: Entity, input: Readonly<Record<string, unknown>>): NormalisedInput {
  const fields = new Map(entity.fields.map((f) => [f.name, f]));
  const value: Record<string, unknown> = {};
  const errors: RecordFieldError[] = [];
  for (const [key, raw] of Object.entries(input)) {
    const field = fields.get(key);
    if (!field || typeof raw !== 'string') {
      value[key] = raw;
      continue;
    }
    const normalised = normaliseValue(field, raw);
    if (normalised.ok) value[key] = normalised.value;
    else errors.push(normalised.error);
  }
  return { value, errors };
}

import { getRecordValidator, type RecordFieldError, type RecordMode } from '@crm/schemas';
import { ValidationError, type AppError, type ErrorDetail } from '../errors/index.js';
import type { RecordEntityModel } from './record-entity.model.js';
import type { RecordValues } from './record.types.js';

/*
 * The validate step: the entity's record JSON Schema (via @crm/schemas) refuses unknown, read-only
 * and mistyped values and normalises the rest (phones to E.164, emails lower-cased). Its per-field
 * errors become one 400 naming every field.
 */

export function fieldErrorDetail(error: RecordFieldError): ErrorDetail {
  return { field: error.field, code: error.code, message: error.message.en, message_ru: error.message.ru };
}

/** One 400 VALIDATION_FAILED whose message is the single problem, or a count of them. */
export function validationFailed(details: readonly ErrorDetail[]): AppError {
  const [first] = details;
  const summary = details.length === 1 && first ? first.message : `${details.length} fields are not valid.`;
  return ValidationError.create(summary, [...details]);
}

export function validateRecordInput(model: RecordEntityModel, mode: RecordMode, input: unknown): RecordValues {
  const result = getRecordValidator(model.app, model.name, mode)(input);
  if (!result.ok) throw validationFailed(result.errors.map(fieldErrorDetail));
  return result.value;
}

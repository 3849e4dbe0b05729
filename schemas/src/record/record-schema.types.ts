import type { LocalizedMessage } from '../issues/definition-issue.types.js';

/** A JSON Schema as a plain object (draft 2020-12 keywords). */
export type JsonSchema = { [keyword: string]: unknown };

/** create: required fields must be given; update: any subset of writable fields. */
export type RecordMode = 'create' | 'update';

/** The JSON Schema of what a caller may send for records of one entity. */
export interface RecordSchema extends JsonSchema {
  $schema: string;
  title: string;
  type: 'object';
  properties: Record<string, JsonSchema>;
  required: string[];
  additionalProperties: false;
}

export type RecordFieldErrorCode = 'UNKNOWN_FIELD' | 'INVALID_TYPE' | 'REQUIRED' | 'INVALID_VALUE' | 'READ_ONLY';

export interface RecordFieldError {
  field: string;
  code: RecordFieldErrorCode;
  message: LocalizedMessage;
}

export type RecordValidationResult = { ok: true; value: Record<string, unknown> } | { ok: false; errors: RecordFieldError[] };

export type RecordValidator = (input: unknown) => RecordValidationResult;

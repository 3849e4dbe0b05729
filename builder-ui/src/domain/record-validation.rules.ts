import { Validator } from '@cfworker/json-schema';
import { compileRecordSchema, type App, type JsonSchema, type RecordSchema } from '@crm/schemas';
import type { FieldState } from './form-rules.policy.js';
import type { RecordFormMode } from './form-rules.mapping.js';

/*
 * Client-side validation of what a form is about to send, from the record JSON Schema the server
 * validates with (@crm/schemas compileRecordSchema), checked by @cfworker/json-schema: it compiles
 * nothing at run time, so it works under the workspace's Content-Security-Policy (no eval), where
 * Ajv cannot. Required-ness comes from the form's live states (rules included), not the schema's
 * list, so a field hidden by a rule is not required. Each problem names its field and a code the
 * form words in the person's language.
 */

export type RecordIssueCode = 'required' | 'number' | 'integer' | 'min' | 'max' | 'minLength' | 'maxLength' | 'email' | 'phone' | 'url' | 'date' | 'choice' | 'pattern' | 'invalid';

export interface RecordIssue {
  field: string;
  code: RecordIssueCode;
  /** The limit broken (min, max, length), when there is one. */
  limit?: number;
}

function isEmpty(value: unknown): boolean {
  return value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0);
}

function numberKeyword(schema: JsonSchema | undefined, keyword: string): number | undefined {
  const value = schema?.[keyword];
  return typeof value === 'number' ? value : undefined;
}

function issueFor(field: string, keyword: string, schema: JsonSchema | undefined): RecordIssue {
  const description = typeof schema?.['description'] === 'string' ? schema['description'] : '';
  const type = schema?.['type'];
  const types = Array.isArray(type) ? type : [type];
  switch (keyword) {
    case 'type':
      if (types.includes('integer')) return { field, code: 'integer' };
      return { field, code: types.includes('number') ? 'number' : 'invalid' };
    case 'minimum':
      return { field, code: 'min', limit: numberKeyword(schema, 'minimum') };
    case 'maximum':
      return { field, code: 'max', limit: numberKeyword(schema, 'maximum') };
    case 'minLength':
      return { field, code: 'minLength', limit: numberKeyword(schema, 'minLength') };
    case 'maxLength':
      return { field, code: 'maxLength', limit: numberKeyword(schema, 'maxLength') };
    case 'enum':
      return { field, code: 'choice' };
    case 'format': {
      const format = schema?.['format'];
      if (format === 'email') return { field, code: 'email' };
      if (format === 'uri') return { field, code: 'url' };
      if (format === 'date' || format === 'date-time') return { field, code: 'date' };
      return { field, code: 'invalid' };
    }
    case 'pattern':
      if (description.startsWith('E.164')) return { field, code: 'phone' };
      if (schema?.['format'] === 'uri') return { field, code: 'url' };
      return { field, code: 'pattern' };
    default:
      return { field, code: 'invalid' };
  }
}

/** The field an error's instance location points into (`#/amount` or `#/tags/0` -> the field). */
function fieldOfLocation(location: string): string | null {
  const name = location.replace(/^#?\//, '').split('/')[0];
  return name ? decodeURIComponent(name) : null;
}

/** The first problem of each field of `values`, in field order; empty when it may be sent. */
export function validateRecordValues(
  definition: App,
  entity: string,
  mode: RecordFormMode,
  values: Readonly<Record<string, unknown>>,
  states: Readonly<Record<string, FieldState>>,
): RecordIssue[] {
  return validateValuesAgainst(compileRecordSchema(definition, entity, mode), values, states);
}

/**
 * The same check against a schema already built from fields: a record's, or a manual start form's
 * answers (@crm/schemas startInputSchema), whose questions are fields of the form.
 */
export function validateValuesAgainst(schema: RecordSchema, values: Readonly<Record<string, unknown>>, states: Readonly<Record<string, FieldState>>): RecordIssue[] {
  const issues = new Map<string, RecordIssue>();
  for (const [field, state] of Object.entries(states)) {
    if (state.visible && state.required && isEmpty(values[field])) issues.set(field, { field, code: 'required' });
  }
  // Empty values are checked above (required) or mean "clear it": only filled ones go to the schema.
  const filled = Object.fromEntries(Object.entries(values).filter(([field, value]) => !isEmpty(value) && !issues.has(field) && field in schema.properties));
  const result = new Validator({ ...schema, required: [] }, '2020-12', false).validate(filled);
  for (const error of result.errors) {
    const field = fieldOfLocation(error.instanceLocation);
    if (!field || issues.has(field) || error.keyword === 'properties' || error.keyword === 'items') continue;
    issues.set(field, issueFor(field, error.keyword, schema.properties[field]));
  }
  const order = Object.keys(states);
  return [...issues.values()].sort((a, b) => order.indexOf(a.field) - order.indexOf(b.field));
}

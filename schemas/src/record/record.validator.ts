import type { ErrorObject } from 'ajv';
import type { App, Entity } from '../../generated/definition.types.js';
import { buildCatalog, relationCardinality, type DefinitionCatalog } from '../definition/definition.catalog.js';
import { isReadOnlySystemField } from '../definition/system-field.catalog.js';
import { pointerTokens } from '../issues/json-pointer.js';
import { describeAjvError } from '../validation/shape-issue.messages.js';
import { recordAjv } from './record-ajv.instance.js';
import { recordErrorMessages as messages, type ReadOnlyReason } from './record-error.messages.js';
import { compileRecordSchemaFrom, entityOf, readOnlyFieldNames } from './record-schema.compiler.js';
import type { RecordFieldError, RecordMode, RecordSchema, RecordValidator } from './record-schema.types.js';
import { normaliseRecordInput } from './record-value.normalizer.js';

/*
 * input -> read-only / unknown keys refused -> values normalised (phones, emails, text) -> JSON
 * Schema -> { ok, value } or { ok: false, errors } with one error per field. Validators are compiled
 * once per app object, entity and mode.
 */

const catalogs = new WeakMap<App, DefinitionCatalog>();
const validators = new WeakMap<App, Map<string, RecordValidator>>();

function catalogOf(app: App): DefinitionCatalog {
  let catalog = catalogs.get(app);
  if (!catalog) {
    catalog = buildCatalog(app);
    catalogs.set(app, catalog);
  }
  return catalog;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readOnlyReason(entity: Entity, key: string): ReadOnlyReason {
  if (isReadOnlySystemField(key)) return 'system';
  const field = entity.fields.find((f) => f.name === key);
  return field?.type === 'relation' && relationCardinality(field) === 'one-to-many' ? 'relation' : 'formula';
}

function fieldOfError(error: ErrorObject): string {
  if (error.instancePath === '' && error.keyword === 'required') {
    const missing: unknown = error.params['missingProperty'];
    return typeof missing === 'string' ? missing : '';
  }
  if (error.instancePath === '' && error.keyword === 'additionalProperties') {
    const extra: unknown = error.params['additionalProperty'];
    return typeof extra === 'string' ? extra : '';
  }
  return pointerTokens(error.instancePath)[0] ?? '';
}

function errorFrom(error: ErrorObject, schema: RecordSchema, entity: Entity): RecordFieldError {
  const field = fieldOfError(error);
  const topLevel = error.instancePath === `/${field}`;
  const required = schema.required.includes(field) || entity.fields.some((f) => f.name === field && f.required === true);
  if (error.keyword === 'required' && error.instancePath === '') return { field, code: 'REQUIRED', message: messages.required(field) };
  if (error.keyword === 'additionalProperties' && error.instancePath === '') return { field, code: 'UNKNOWN_FIELD', message: messages.unknownField(entity.name, field) };
  const emptied = topLevel && required && (error.data === null || error.data === '');
  if (emptied) return { field, code: 'REQUIRED', message: messages.required(field) };
  const what = describeAjvError(error).what;
  return { field, code: error.keyword === 'type' ? 'INVALID_TYPE' : 'INVALID_VALUE', message: messages.about(field, what) };
}

function onePerField(errors: readonly RecordFieldError[]): RecordFieldError[] {
  const seen = new Set<string>();
  return errors.filter((error) => {
    if (seen.has(error.field)) return false;
    seen.add(error.field);
    return true;
  });
}

function buildValidator(catalog: DefinitionCatalog, entityName: string, mode: RecordMode): RecordValidator {
  return validatorOf(entityOf(catalog, entityName), compileRecordSchemaFrom(catalog, entityName, mode));
}

/**
 * A validator of values keyed by the fields of `entity`, against `schema` (built from those
 * fields): the records API's, and a manual start form's (process/start-input.rules.ts), whose
 * questions are fields of a form rather than of an entity.
 */
export function validatorOf(entity: Entity, schema: RecordSchema): RecordValidator {
  const validate = recordAjv.compile(schema);
  recordAjv.removeSchema(schema);
  const readOnly = new Set(readOnlyFieldNames(entity));
  const writable = new Set(Object.keys(schema.properties));

  return (input) => {
    if (!isPlainObject(input)) return { ok: false, errors: [{ field: '', code: 'INVALID_TYPE', message: messages.notAnObject() }] };
    const errors: RecordFieldError[] = [];
    const accepted: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(input)) {
      if (readOnly.has(key)) errors.push({ field: key, code: 'READ_ONLY', message: messages.readOnly(key, readOnlyReason(entity, key)) });
      else if (!writable.has(key)) errors.push({ field: key, code: 'UNKNOWN_FIELD', message: messages.unknownField(entity.name, key) });
      else accepted[key] = value;
    }
    const normalised = normaliseRecordInput(entity, accepted);
    errors.push(...normalised.errors);
    if (!validate(normalised.value)) errors.push(...(validate.errors ?? []).map((error) => errorFrom(error, schema, entity)));
    return errors.length === 0 ? { ok: true, value: normalised.value } : { ok: false, errors: onePerField(errors) };
  };
}

/**
 * The validator of records of `entityName` sent on create or update, compiled once per app object.
 * Throws UnknownEntityError when the app has no such entity.
 */
export function getRecordValidator(app: App, entityName: string, mode: RecordMode): RecordValidator {
  let perApp = validators.get(app);
  if (!perApp) {
    perApp = new Map();
    validators.set(app, perApp);
  }
  const key = `${entityName}\u0000${mode}`;
  let validator = perApp.get(key);
  if (!validator) {
    validator = buildValidator(catalogOf(app), entityName, mode);
    perApp.set(key, validator);
  }
  return validator;
}

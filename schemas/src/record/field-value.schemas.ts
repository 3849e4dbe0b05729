import type { Field, FileField } from '../../generated/definition.types.js';
import { relationCardinality, type DefinitionCatalog } from '../definition/definition.catalog.js';
import type { FormulaResultType } from '../formula/formula-result.coercer.js';
import { INTEGER_RANGE, lowerBound, MONEY_RANGE, NUMBER_RANGE, TEXT_MAX_LENGTH, upperBound } from './field-limits.catalog.js';
import type { JsonSchema } from './record-schema.types.js';

/*
 * The JSON Schema of one field's value in a record. `writeSchema` is what a caller may send
 * (undefined: the field cannot be written); `readSchema` is what a stored record holds.
 */

export const UUID: JsonSchema = { type: 'string', format: 'uuid' };
export const E164_PATTERN = '^\\+[1-9][0-9]{6,14}$';
const HTTP_URL_PATTERN = '^[Hh][Tt][Tt][Pp][Ss]?://';

function fileObject(field: FileField): JsonSchema {
  const size: JsonSchema = { type: 'integer', minimum: 0 };
  if (field.maxSizeMb !== undefined) size['maximum'] = Math.floor(field.maxSizeMb * 1024 * 1024);
  return {
    type: 'object',
    properties: {
      name: { type: 'string', minLength: 1 },
      size,
      mime: { type: 'string', minLength: 1 },
      key: { type: 'string', minLength: 1 },
    },
    required: ['name', 'size', 'mime', 'key'],
    additionalProperties: false,
  };
}

/** The field's own bounds within what its column stores (field-limits.catalog.ts). */
function withBounds(schema: JsonSchema, min: number | undefined, max: number | undefined, range: { min: number; max: number }): JsonSchema {
  schema['minimum'] = lowerBound(min, range.min);
  schema['maximum'] = upperBound(max, range.max);
  return schema;
}

/** The values an enum field takes: its options, or its pipeline's stages. */
export function enumValues(catalog: DefinitionCatalog, entity: string, field: Field): string[] | undefined {
  if (field.type === 'multienum') return field.options.map((o) => o.value);
  if (field.type !== 'enum') return undefined;
  return field.options?.map((o) => o.value) ?? catalog.pipelineOnField(entity, field.name)?.stages.map((s) => s.name);
}

/** The value schema of a writable field, before nullability; undefined when it cannot be written. */
function baseWriteSchema(catalog: DefinitionCatalog, entity: string, field: Field, required: boolean): JsonSchema | undefined {
  switch (field.type) {
    case 'text': {
      const schema: JsonSchema = { type: 'string' };
      const minLength = Math.max(field.minLength ?? 0, required ? 1 : 0);
      if (minLength > 0) schema['minLength'] = minLength;
      schema['maxLength'] = upperBound(field.maxLength, TEXT_MAX_LENGTH);
      if (field.pattern !== undefined) schema['pattern'] = field.pattern;
      return schema;
    }
    case 'longtext': {
      const schema: JsonSchema = { type: 'string' };
      if (required) schema['minLength'] = 1;
      if (field.maxLength !== undefined) schema['maxLength'] = field.maxLength;
      return schema;
    }
    case 'integer':
      return withBounds({ type: 'integer' }, field.min, field.max, INTEGER_RANGE);
    case 'number':
    case 'percent':
      return withBounds({ type: 'number' }, field.min, field.max, NUMBER_RANGE);
    case 'money':
      return withBounds({ type: 'number', description: `Amount in ${field.currency ?? 'RUB'}` }, field.min, field.max, MONEY_RANGE);
    case 'boolean':
      return { type: 'boolean' };
    case 'date':
      return { type: 'string', format: 'date' };
    case 'datetime':
      return { type: 'string', format: 'date-time' };
    case 'email':
      return { type: 'string', format: 'email' };
    case 'phone':
      return { type: 'string', pattern: E164_PATTERN, description: 'E.164, e.g. +79123456789' };
    case 'url':
      return { type: 'string', format: 'uri', pattern: HTTP_URL_PATTERN };
    case 'enum': {
      const values = enumValues(catalog, entity, field);
      return values ? { type: 'string', enum: values } : { type: 'string' };
    }
    case 'multienum':
      return { type: 'array', items: { type: 'string', enum: field.options.map((o) => o.value) }, uniqueItems: true };
    case 'relation': {
      const cardinality = relationCardinality(field);
      if (cardinality === 'one-to-many') return undefined;
      return cardinality === 'many-to-many' ? { type: 'array', items: UUID, uniqueItems: true } : { ...UUID };
    }
    case 'user':
      return { ...UUID };
    case 'file':
      return field.multiple === true ? { type: 'array', items: fileObject(field) } : fileObject(field);
    case 'formula':
      return undefined;
  }
}

/** Adds null to the accepted values. */
export function nullable(schema: JsonSchema): JsonSchema {
  const type = schema['type'];
  const out: JsonSchema = { ...schema, type: typeof type === 'string' ? [type, 'null'] : type };
  const values = schema['enum'];
  if (Array.isArray(values)) out['enum'] = [...values, null];
  return out;
}

/** The field's label as the schema's description (not its title: a title would name a type). */
function described(schema: JsonSchema, field: Field): JsonSchema {
  const label = field.label?.en;
  const note = schema['description'];
  if (label === undefined) return schema;
  return { ...schema, description: typeof note === 'string' ? `${label}. ${note}` : label };
}

/** What a caller may send for the field; `required` fields do not accept null. */
export function writeSchema(catalog: DefinitionCatalog, entity: string, field: Field, required: boolean): JsonSchema | undefined {
  const base = baseWriteSchema(catalog, entity, field, required);
  if (!base) return undefined;
  return described(required ? base : nullable(base), field);
}

/** What a formula's value is, by result type (field-type.rules.ts stores it in a column of that type). */
const FORMULA_RESULT: Readonly<Record<FormulaResultType, JsonSchema>> = {
  number: { type: 'number' },
  text: { type: 'string' },
  boolean: { type: 'boolean' },
  date: { type: 'string', format: 'date' },
};

/** What a stored record holds for the field (null when empty); undefined when it has no column. */
export function readSchema(catalog: DefinitionCatalog, entity: string, field: Field): JsonSchema | undefined {
  if (field.type === 'formula') return described(nullable(FORMULA_RESULT[field.resultType ?? 'number']), field);
  const base = baseWriteSchema(catalog, entity, field, false);
  if (!base) return undefined;
  return described(field.required === true ? base : nullable(base), field);
}

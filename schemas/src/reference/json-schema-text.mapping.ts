import type { JsonSchema } from '../record/record-schema.types.js';

/*
 * A JSON Schema as a reader of the reference wants to see it: a short TypeScript-like type
 * (`{ status: integer; body?: any }`, `"one" | "any" | "all"`, `Duration`), plus the constraints
 * worth stating (`1 … 10000`, `≥ 100`). Only what the definition language's schemas use is covered;
 * anything else prints as `any` rather than inventing a meaning.
 */

function isSchema(value: unknown): value is JsonSchema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function refName(ref: string): string {
  if (ref === 'condition.schema.json') return 'Condition';
  const last = ref.split('/').pop() ?? ref;
  return last.replace(/\.schema\.json$/, '');
}

function literal(value: unknown): string {
  return JSON.stringify(value);
}

function typeWord(type: string, schema: JsonSchema): string {
  const format = schema['format'];
  if (type === 'string' && typeof format === 'string') return `string<${format}>`;
  return type;
}

/** Schemas printed by name instead of spelled out (record types), keyed by their JSON text. */
export type NamedSchemas = ReadonlyMap<string, string>;

const NO_NAMES: NamedSchemas = new Map();

/** The schema as a one-line type; nested objects are spelled out up to `depth` levels. */
export function schemaTypeText(schema: unknown, depth = 3, names: NamedSchemas = NO_NAMES): string {
  if (!isSchema(schema) || Object.keys(schema).length === 0) return 'any';
  const named = names.size === 0 ? undefined : names.get(JSON.stringify(schema));
  if (named !== undefined) return named;
  const ref = schema['$ref'];
  if (typeof ref === 'string') return refName(ref);
  if ('const' in schema) return literal(schema['const']);
  const enumValues = schema['enum'];
  if (Array.isArray(enumValues)) return enumValues.map(literal).join(' | ');
  const anyOf = schema['anyOf'] ?? schema['oneOf'];
  if (Array.isArray(anyOf)) return anyOf.map((member) => schemaTypeText(member, depth, names)).join(' | ');
  const type = schema['type'];
  if (Array.isArray(type)) return type.map((t) => (typeof t === 'string' ? typeWord(t, schema) : 'any')).join(' | ');
  if (type === 'array') return `${wrapUnion(schemaTypeText(schema['items'], depth, names))}[]`;
  if (type === 'object') return objectText(schema, depth, names);
  if (typeof type === 'string') return typeWord(type, schema);
  return 'any';
}

function wrapUnion(text: string): string {
  return text.includes(' | ') ? `(${text})` : text;
}

function objectText(schema: JsonSchema, depth: number, names: NamedSchemas): string {
  const properties = schema['properties'];
  const additional = schema['additionalProperties'];
  if (!isSchema(properties) || Object.keys(properties).length === 0) {
    return isSchema(additional) ? `{ [key: string]: ${schemaTypeText(additional, depth, names)} }` : 'object';
  }
  if (depth <= 0) return 'object';
  const required = new Set(Array.isArray(schema['required']) ? schema['required'].filter((r): r is string => typeof r === 'string') : []);
  const members = Object.entries(properties).map(([key, member]) => `${key}${required.has(key) ? '' : '?'}: ${schemaTypeText(member, depth - 1, names)}`);
  return `{ ${members.join('; ')} }`;
}

/** Bounds and lengths worth telling the reader: `1 … 10000`, `≥ 100`, `1–64 characters`. */
export function constraintText(schema: unknown): string {
  if (!isSchema(schema)) return '';
  const parts: string[] = [];
  const min = schema['minimum'];
  const max = schema['maximum'];
  if (typeof min === 'number' && typeof max === 'number') parts.push(`${min} … ${max}`);
  else if (typeof min === 'number') parts.push(`≥ ${min}`);
  else if (typeof max === 'number') parts.push(`≤ ${max}`);
  const minLength = schema['minLength'];
  const maxLength = schema['maxLength'];
  if (typeof maxLength === 'number') parts.push(`${typeof minLength === 'number' ? minLength : 0}–${maxLength} characters`);
  else if (typeof minLength === 'number' && minLength > 0) parts.push('not empty');
  const minItems = schema['minItems'];
  if (typeof minItems === 'number' && minItems > 0) parts.push(`at least ${minItems} item${minItems === 1 ? '' : 's'}`);
  const pattern = schema['pattern'];
  if (typeof pattern === 'string') parts.push(`matches \`${pattern}\``);
  return parts.join(', ');
}

/** Text safe inside a Markdown table cell. */
export function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

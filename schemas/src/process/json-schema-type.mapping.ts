import type { JsonSchema } from '../record/record-schema.types.js';

/*
 * JSON Schema -> a TypeScript type expression, for what scripts see of `steps` and `trigger`
 * (script-type.checker.ts). Small and synchronous on purpose (json-schema-to-typescript formats
 * with prettier and is async): it covers the keywords the node-type and trigger catalogs and the
 * record schemas use. Everything it does not understand is `unknown`, which a script must narrow.
 */

const MAX_DEPTH = 12;
const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

function isSchema(value: unknown): value is JsonSchema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function literal(value: unknown): string {
  return value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? JSON.stringify(value) : 'unknown';
}

function union(parts: readonly string[]): string {
  const unique = [...new Set(parts)];
  if (unique.includes('unknown')) return 'unknown';
  return unique.length === 1 ? (unique[0] ?? 'unknown') : unique.map((part) => `(${part})`).join(' | ');
}

function key(name: string): string {
  return IDENTIFIER.test(name) ? name : JSON.stringify(name);
}

function objectType(schema: JsonSchema, depth: number): string {
  const properties = isSchema(schema['properties']) ? schema['properties'] : {};
  const required = new Set(Array.isArray(schema['required']) ? schema['required'].filter((r): r is string => typeof r === 'string') : []);
  const members = Object.entries(properties).map(([name, member]) =>
    `readonly ${key(name)}${required.has(name) ? '' : '?'}: ${isSchema(member) ? typeExpressionOf(member, depth + 1) : 'unknown'};`,
  );
  const extra = schema['additionalProperties'];
  if (extra !== false) {
    // An index signature must admit every named member, so with members it can only be unknown.
    const value = members.length === 0 && isSchema(extra) ? typeExpressionOf(extra, depth + 1) : 'unknown';
    members.push(`readonly [key: string]: ${value};`);
  }
  return `{ ${members.join(' ')} }`;
}

function typeOfName(type: string, schema: JsonSchema, depth: number): string {
  switch (type) {
    case 'string':
      return 'string';
    case 'integer':
    case 'number':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'null':
      return 'null';
    case 'array':
      return `ReadonlyArray<${isSchema(schema['items']) ? typeExpressionOf(schema['items'], depth + 1) : 'unknown'}>`;
    case 'object':
      return objectType(schema, depth);
    default:
      return 'unknown';
  }
}

/** The TypeScript type of values the schema accepts (as far as it says). */
export function typeExpressionOf(schema: JsonSchema, depth = 0): string {
  if (depth > MAX_DEPTH) return 'unknown';
  for (const keyword of ['anyOf', 'oneOf']) {
    const list = schema[keyword];
    if (Array.isArray(list)) return union(list.map((item) => (isSchema(item) ? typeExpressionOf(item, depth + 1) : 'unknown')));
  }
  if (Array.isArray(schema['enum'])) return union(schema['enum'].map(literal));
  if ('const' in schema) return literal(schema['const']);
  const type = schema['type'];
  if (typeof type === 'string') return typeOfName(type, schema, depth);
  if (Array.isArray(type)) return union(type.map((name) => (typeof name === 'string' ? typeOfName(name, schema, depth) : 'unknown')));
  if (isSchema(schema['properties'])) return objectType(schema, depth);
  return 'unknown';
}

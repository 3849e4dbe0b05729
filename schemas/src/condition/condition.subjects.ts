import type { DefinitionCatalog } from '../definition/definition.catalog.js';
import type { JsonSchema } from '../record/record-schema.types.js';
import { resolvePath, type FieldInfo, type PathFailure, type ResolvedPath } from './condition.fields.js';
import type { ValueFamily } from './condition.operators.js';
import type { ConditionScope, FieldVisibility, LocalizedMessage } from './condition.types.js';

/*
 * Subjects of a condition in a process node: `record.<path>` (or a bare field name), and values
 * reached through the scope's roots (`trigger.<path>`, `steps.<nodeId>.<path>`, `$user.<attr>`,
 * `$now`), typed by the roots' JSON Schemas. A value's family comes from its schema; a value the
 * schema leaves open is untyped, and the leaf takes its family from its operand (README).
 */

/** Where a leaf reads its value: the record (absent), or a path into the scope's values. */
export interface ValueSubject {
  kind: 'value';
  /** The full path, root included: ['steps', 'fetch', 'status']. */
  segments: string[];
  /** The schema does not fix the type: the family was taken from the operand. */
  untyped: boolean;
}

export type SubjectResolution =
  | { ok: true; kind: 'record'; path: ResolvedPath }
  | { ok: true; kind: 'value'; subject: ValueSubject; leaf: ValueLeaf | 'untyped' }
  | { ok: false; failure: SubjectFailure };

export interface ValueLeaf {
  family: ValueFamily;
  options?: readonly string[];
}

export type SubjectFailure =
  | { code: 'record'; failure: PathFailure }
  | { code: 'unavailable'; reason: LocalizedMessage }
  | { code: 'unknown-key'; path: string; key: string }
  | { code: 'invalid' };

/** The roots a scoped condition may start with; anything else is a record field. */
export const SCOPE_ROOTS: readonly string[] = ['record', 'trigger', 'steps', '$user', '$now'];

function isSchema(value: unknown): value is JsonSchema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Drops null from `type: [x, "null"]`, `anyOf/oneOf: [x, {type: "null"}]`: empty is read as empty anyway. */
function unwrap(schema: JsonSchema): JsonSchema {
  for (const key of ['anyOf', 'oneOf']) {
    const list = schema[key];
    if (!Array.isArray(list)) continue;
    const rest = list.filter((item) => !(isSchema(item) && item['type'] === 'null'));
    const [only] = rest;
    return rest.length === 1 && isSchema(only) ? unwrap(only) : {};
  }
  const type = schema['type'];
  if (Array.isArray(type)) {
    const rest = type.filter((item) => item !== 'null');
    const [only] = rest;
    return rest.length === 1 && typeof only === 'string' ? { ...schema, type: only } : { ...schema, type: undefined };
  }
  return schema;
}

function typeOf(schema: JsonSchema): string | undefined {
  const type = schema['type'];
  if (typeof type === 'string') return type;
  if (isSchema(schema['properties'])) return 'object';
  if (isSchema(schema['items'])) return 'array';
  return undefined;
}

function stringOptions(schema: JsonSchema): string[] | undefined {
  const values = Array.isArray(schema['enum']) ? schema['enum'] : 'const' in schema ? [schema['const']] : undefined;
  if (!values) return undefined;
  const strings = values.filter((value): value is string => typeof value === 'string');
  return strings.length > 0 && strings.length === values.filter((value) => value !== null).length ? strings : undefined;
}

/** The family of a typed value, or 'untyped' when its schema fixes no type. */
export function familyOfSchema(raw: JsonSchema): ValueLeaf | 'untyped' {
  const schema = unwrap(raw);
  const options = stringOptions(schema);
  if (options) return { family: 'enum', options };
  switch (typeOf(schema)) {
    case 'integer':
    case 'number':
      return { family: 'number' };
    case 'boolean':
      return { family: 'boolean' };
    case 'string': {
      const format = schema['format'];
      if (format === 'date') return { family: 'date' };
      if (format === 'date-time') return { family: 'datetime' };
      if (format === 'uuid') return { family: 'uuid' };
      return { family: 'text' };
    }
    case 'array': {
      const items = isSchema(schema['items']) ? unwrap(schema['items']) : {};
      if (typeOf(items) === 'string') {
        const itemOptions = stringOptions(items);
        return itemOptions ? { family: 'multienum', options: itemOptions } : { family: 'multienum' };
      }
      // Lists of objects or numbers: only isEmpty / isNotEmpty, like a file field.
      return { family: 'file' };
    }
    case 'object':
      return { family: 'file' };
    default:
      return 'untyped';
  }
}

/** Follows `keys` into a schema; 'untyped' once the schema stops saying what is there. */
function walk(root: string, schema: JsonSchema, keys: readonly string[]): { ok: true; schema: JsonSchema | 'untyped' } | { ok: false; path: string; key: string } {
  let current = schema;
  let path = root;
  for (const key of keys) {
    const here = unwrap(current);
    const type = typeOf(here);
    if (type === undefined) return { ok: true, schema: 'untyped' };
    if (type === 'object') {
      const properties = isSchema(here['properties']) ? here['properties'] : {};
      const next = properties[key];
      const extra = here['additionalProperties'];
      if (isSchema(next)) current = next;
      else if (extra === false) return { ok: false, path, key };
      else if (isSchema(extra)) current = extra;
      else return { ok: true, schema: 'untyped' };
    } else if (type === 'array' && /^\d+$/.test(key)) {
      const items = here['items'];
      if (!isSchema(items)) return { ok: true, schema: 'untyped' };
      current = items;
    } else {
      return { ok: false, path, key };
    }
    path = `${path}.${key}`;
  }
  return { ok: true, schema: current };
}

function recordSubject(catalog: DefinitionCatalog, scope: ConditionScope, path: string, isFieldVisible: FieldVisibility | undefined): SubjectResolution {
  if (scope.entity === undefined) {
    const reason = scope.unavailable?.['record'] ?? { ru: 'у процесса нет записи', en: 'the process has no record' };
    return { ok: false, failure: { code: 'unavailable', reason } };
  }
  const resolved = resolvePath(catalog, scope.entity, path, isFieldVisible);
  return resolved.ok ? { ok: true, kind: 'record', path: resolved.path } : { ok: false, failure: { code: 'record', failure: resolved.failure } };
}

/** Resolves a scoped condition's `field`. */
export function resolveSubject(catalog: DefinitionCatalog, scope: ConditionScope, field: string, isFieldVisible: FieldVisibility | undefined): SubjectResolution {
  const segments = field.split('.');
  const [first = '', second, third] = segments;
  if (first === 'record') return segments.length < 2 ? { ok: false, failure: { code: 'invalid' } } : recordSubject(catalog, scope, segments.slice(1).join('.'), isFieldVisible);
  if (!SCOPE_ROOTS.includes(first)) return recordSubject(catalog, scope, field, isFieldVisible);
  let root = first;
  let rest = segments.slice(1);
  if (first === 'steps') {
    if (second === undefined) return { ok: false, failure: { code: 'invalid' } };
    root = `steps.${second}`;
    rest = segments.slice(2);
    const notHere = scope.unavailable?.[root] ?? (third === undefined ? undefined : scope.unavailable?.[`${root}.${third}`]);
    if (notHere) return { ok: false, failure: { code: 'unavailable', reason: notHere } };
  }
  const schema = scope.roots[root];
  if (!schema) return { ok: false, failure: { code: 'unknown-key', path: first, key: first === 'steps' ? (second ?? '') : first } };
  const found = walk(root, schema, rest);
  if (!found.ok) return { ok: false, failure: { code: 'unknown-key', path: found.path, key: found.key } };
  const leaf = found.schema === 'untyped' ? 'untyped' : familyOfSchema(found.schema);
  return { ok: true, kind: 'value', subject: { kind: 'value', segments, untyped: leaf === 'untyped' }, leaf };
}

/** The stand-in field description a value leaf is planned with (it has no column). */
export function valueFieldInfo(field: string, leaf: ValueLeaf): FieldInfo {
  return { entity: '', name: field, family: leaf.family, sqlType: 'jsonb', comparable: true, ...(leaf.options ? { options: leaf.options } : {}) };
}

/** The value at a subject's path in the scope's values; undefined when absent. */
export function readSubject(values: Readonly<Record<string, unknown>>, segments: readonly string[]): unknown {
  let current: unknown = values;
  for (const key of segments) {
    if (Array.isArray(current) && /^\d+$/.test(key)) current = current[Number(key)];
    else if (isSchema(current) && Object.prototype.hasOwnProperty.call(current, key)) current = current[key];
    else return undefined;
  }
  return current;
}

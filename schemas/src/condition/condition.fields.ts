import type { Field } from '../../generated/definition.types.js';
import { relationCardinality, type DefinitionCatalog } from '../definition/definition.catalog.js';
import { SYSTEM_FIELD_KINDS, isSystemField, type SystemFieldKind } from '../definition/system-field.catalog.js';
import type { ValueFamily } from './condition.operators.js';
import type { FieldVisibility } from './condition.types.js';

/**
 * Resolves the `field` of a condition (a name or a dot path through many-to-one relations) against
 * the app definition, and says how each field is stored (the contract with the records engine:
 * table rec_<entity>, one column per field, named like the field).
 */

export type SqlType = 'text' | 'bigint' | 'numeric' | 'boolean' | 'date' | 'timestamptz' | 'text[]' | 'uuid' | 'jsonb';

export interface FieldInfo {
  /** The entity the field belongs to. */
  entity: string;
  /** The field name, which is also its column. */
  name: string;
  family: ValueFamily;
  sqlType: SqlType;
  /** enum / multienum: the allowed values, when the definition lists them. */
  options?: readonly string[];
  /** many-to-one relations: the entity a dot path continues into. */
  target?: string;
  /** one-to-many / many-to-many relations have no column: nothing can be compared on them. */
  comparable: boolean;
}

/** One step of a dot path: from `entity`, follow the many-to-one `column` into `target`. */
export interface Hop {
  entity: string;
  column: string;
  target: string;
}

export interface ResolvedPath {
  hops: Hop[];
  leaf: FieldInfo;
}

export type PathFailure =
  | { code: 'unknown-field'; entity: string; field: string; segment: number }
  | { code: 'not-traversable'; entity: string; field: string; segment: number };

export type PathResolution = { ok: true; path: ResolvedPath } | { ok: false; failure: PathFailure };

const SYSTEM_FAMILIES: Readonly<Record<SystemFieldKind, Pick<FieldInfo, 'family' | 'sqlType'>>> = {
  uuid: { family: 'uuid', sqlType: 'uuid' },
  integer: { family: 'number', sqlType: 'bigint' },
  datetime: { family: 'datetime', sqlType: 'timestamptz' },
};

export function tableName(entity: string): string {
  return `rec_${entity}`;
}

/**
 * A field of an entity by name: a declared field first, then a system column (the order the
 * definition's own field-path resolver uses).
 */
export function fieldInfo(catalog: DefinitionCatalog, entity: string, name: string): FieldInfo | undefined {
  if (!catalog.entity(entity)) return undefined;
  const field = catalog.field(entity, name);
  if (field) return describeField(catalog, entity, field);
  if (isSystemField(name)) return { entity, name, ...SYSTEM_FAMILIES[SYSTEM_FIELD_KINDS[name]], comparable: true };
  return undefined;
}

function describeField(catalog: DefinitionCatalog, entity: string, field: Field): FieldInfo {
  const base = { entity, name: field.name, comparable: true };
  switch (field.type) {
    case 'text':
    case 'longtext':
    case 'email':
    case 'phone':
    case 'url':
      return { ...base, family: 'text', sqlType: 'text' };
    case 'integer':
      return { ...base, family: 'number', sqlType: 'bigint' };
    case 'number':
    case 'percent':
    case 'money':
      return { ...base, family: 'number', sqlType: 'numeric' };
    case 'boolean':
      return { ...base, family: 'boolean', sqlType: 'boolean' };
    case 'date':
      return { ...base, family: 'date', sqlType: 'date' };
    case 'datetime':
      return { ...base, family: 'datetime', sqlType: 'timestamptz' };
    case 'enum':
      return { ...base, family: 'enum', sqlType: 'text', ...optionsOf(catalog, entity, field.name, field.options) };
    case 'multienum':
      return { ...base, family: 'multienum', sqlType: 'text[]', ...optionsOf(catalog, entity, field.name, field.options) };
    case 'user':
      return { ...base, family: 'uuid', sqlType: 'uuid' };
    case 'relation':
      if (relationCardinality(field) === 'many-to-one') {
        return { ...base, family: 'uuid', sqlType: 'uuid', target: field.target };
      }
      return { ...base, family: 'uuid', sqlType: 'uuid', comparable: false };
    case 'formula':
      return { ...base, ...FORMULA_RESULTS[field.resultType ?? 'number'] };
    case 'file':
      return { ...base, family: 'file', sqlType: 'jsonb' };
  }
}

/** A formula is stored in a column of its result type and compares like a field of that type. */
const FORMULA_RESULTS: Readonly<Record<'number' | 'text' | 'boolean' | 'date', Pick<FieldInfo, 'family' | 'sqlType'>>> = {
  number: { family: 'number', sqlType: 'numeric' },
  text: { family: 'text', sqlType: 'text' },
  boolean: { family: 'boolean', sqlType: 'boolean' },
  date: { family: 'date', sqlType: 'date' },
};

/** The options listed on the field plus, for a pipeline's stage field, the stage names. */
function optionsOf(
  catalog: DefinitionCatalog,
  entity: string,
  field: string,
  options: readonly { value: string }[] | undefined,
): { options?: readonly string[] } {
  const values = (options ?? []).map((option) => option.value);
  values.push(...(catalog.pipelineOnField(entity, field)?.stages.map((stage) => stage.name) ?? []));
  return values.length > 0 ? { options: values } : {};
}

/**
 * Resolves `company.city` into the hops to follow and the field at the end. Hidden fields resolve
 * exactly like missing ones.
 */
export function resolvePath(
  catalog: DefinitionCatalog,
  entity: string,
  path: string,
  isFieldVisible: FieldVisibility | undefined,
): PathResolution {
  const segments = path.split('.');
  const hops: Hop[] = [];
  let current = entity;
  for (const [index, segment] of segments.entries()) {
    const visible = isFieldVisible ? isFieldVisible(current, segment) : true;
    const info = visible ? fieldInfo(catalog, current, segment) : undefined;
    if (!info) return { ok: false, failure: { code: 'unknown-field', entity: current, field: segment, segment: index } };
    if (index === segments.length - 1) return { ok: true, path: { hops, leaf: info } };
    if (info.target === undefined || !catalog.entity(info.target)) {
      return { ok: false, failure: { code: 'not-traversable', entity: current, field: segment, segment: index } };
    }
    hops.push({ entity: current, column: segment, target: info.target });
    current = info.target;
  }
  return { ok: false, failure: { code: 'unknown-field', entity, field: path, segment: 0 } };
}

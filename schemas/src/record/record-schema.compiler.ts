import type { App, Entity, Field } from '../../generated/definition.types.js';
import { buildCatalog, relationCardinality, type DefinitionCatalog } from '../definition/definition.catalog.js';
import { READ_ONLY_SYSTEM_FIELDS } from '../definition/system-field.catalog.js';
import { UUID, writeSchema } from './field-value.schemas.js';
import type { RecordMode, RecordSchema } from './record-schema.types.js';

/*
 * app + entity + mode -> the JSON Schema of a record a caller may send. System fields other than
 * owner, formula fields and one-to-many relations are not writable, so they are not properties;
 * on create, required fields must be given unless they have a default or hold a pipeline's stage.
 */

export class UnknownEntityError extends Error {
  readonly code = 'UNKNOWN_ENTITY';
  constructor(readonly entity: string) {
    super(`The app has no entity "${entity}".`);
  }
}

export function entityOf(catalog: DefinitionCatalog, entityName: string): Entity {
  const entity = catalog.entity(entityName);
  if (!entity) throw new UnknownEntityError(entityName);
  return entity;
}

/** Required on create: required, no default, not a pipeline's stage field (that starts at the first stage). */
export function isRequiredOnCreate(catalog: DefinitionCatalog, entity: string, field: Field): boolean {
  if (field.required !== true) return false;
  if ('default' in field && field.default !== undefined) return false;
  return catalog.pipelineOnField(entity, field.name) === undefined;
}

/** Fields present in the definition that no caller may write. */
export function readOnlyFieldNames(entity: Entity): string[] {
  const computed = entity.fields.filter((f) => f.type === 'formula' || (f.type === 'relation' && relationCardinality(f) === 'one-to-many'));
  return [...READ_ONLY_SYSTEM_FIELDS, ...computed.map((f) => f.name)];
}

export function compileRecordSchemaFrom(catalog: DefinitionCatalog, entityName: string, mode: RecordMode): RecordSchema {
  const entity = entityOf(catalog, entityName);
  const properties: RecordSchema['properties'] = { owner: { ...UUID, description: 'The user who owns the record' } };
  const required: string[] = [];
  for (const field of entity.fields) {
    const isRequired = field.required === true;
    const schema = writeSchema(catalog, entity.name, field, isRequired);
    if (!schema) continue;
    properties[field.name] = schema;
    if (mode === 'create' && isRequiredOnCreate(catalog, entity.name, field)) required.push(field.name);
  }
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: `${entity.name} (${mode})`,
    type: 'object',
    properties,
    required,
    additionalProperties: false,
  };
}

/**
 * The JSON Schema of a record of `entityName` as sent on create or update. Throws
 * UnknownEntityError when the app has no such entity (validate the app first).
 */
export function compileRecordSchema(app: App, entityName: string, mode: RecordMode): RecordSchema {
  return compileRecordSchemaFrom(buildCatalog(app), entityName, mode);
}

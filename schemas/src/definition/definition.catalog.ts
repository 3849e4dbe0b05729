import type { App, Entity, Field, Pipeline, Process, RelationField, Role } from '../../generated/definition.types.js';

/*
 * Lookups over an app definition by name. Where a name is defined twice the first definition wins
 * (the duplicate is reported separately), so every other check sees one consistent picture.
 */

export interface DefinitionCatalog {
  readonly app: App;
  entity(name: string): Entity | undefined;
  field(entity: string, name: string): Field | undefined;
  pipeline(name: string): Pipeline | undefined;
  /** The pipeline whose stages live in entity.field, if any. */
  pipelineOnField(entity: string, field: string): Pipeline | undefined;
  role(name: string): Role | undefined;
  process(name: string): Process | undefined;
}

function firstByName<T extends { name: string }>(items: readonly T[] | undefined): Map<string, T> {
  const map = new Map<string, T>();
  for (const item of items ?? []) if (!map.has(item.name)) map.set(item.name, item);
  return map;
}

export function buildCatalog(app: App): DefinitionCatalog {
  const entities = firstByName(app.entities);
  const fields = new Map<string, Map<string, Field>>();
  for (const [name, entity] of entities) fields.set(name, firstByName(entity.fields));
  const pipelines = firstByName(app.pipelines);
  const pipelinesOnFields = new Map<string, Pipeline>();
  for (const pipeline of pipelines.values()) {
    const key = `${pipeline.entity}.${pipeline.field}`;
    if (!pipelinesOnFields.has(key)) pipelinesOnFields.set(key, pipeline);
  }
  const roles = firstByName(app.roles);
  const processes = firstByName(app.processes);
  return {
    app,
    entity: (name) => entities.get(name),
    field: (entity, name) => fields.get(entity)?.get(name),
    pipeline: (name) => pipelines.get(name),
    pipelineOnField: (entity, field) => pipelinesOnFields.get(`${entity}.${field}`),
    role: (name) => roles.get(name),
    process: (name) => processes.get(name),
  };
}

export function relationCardinality(field: RelationField): NonNullable<RelationField['cardinality']> {
  return field.cardinality ?? 'many-to-one';
}

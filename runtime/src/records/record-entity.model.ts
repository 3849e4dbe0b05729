import type { App, Entity, Field, FormulaField, Pipeline, RelationField } from '@crm/schemas';
import { NotFoundError } from '../errors/index.js';
import { fieldUniqueIndexName } from '../storage/db-object.naming.js';
import { fieldStorage, relationCardinality } from '../storage/field-storage.mapping.js';
import { recordTable, linkTable } from '../storage/storage.naming.js';

/*
 * What the records pipeline needs to know about one entity, worked out once per published app:
 * which fields are columns, which live in link tables, which are computed, which pipelines run on
 * it. Every step reads this instead of walking the definition again.
 */

/** A field stored in a column of the record table (every field except to-many relations). */
export interface ColumnField {
  field: Field;
  column: string;
  sqlType: string;
  /** `users` or `rec_<target>` for reference columns. */
  references: string | null;
}

export interface LinkField {
  field: RelationField;
  table: string;
  target: string;
}

export interface InverseField {
  field: RelationField;
  target: string;
  /** The many-to-one field on the target that points back here. */
  inverse: string;
}

export interface RecordEntityModel {
  readonly app: App;
  readonly entity: Entity;
  readonly name: string;
  readonly table: string;
  readonly columns: readonly ColumnField[];
  readonly links: readonly LinkField[];
  readonly inverses: readonly InverseField[];
  readonly formulas: readonly FormulaField[];
  readonly pipelines: readonly Pipeline[];
  /** The entity lists fields for full-text search, so its table has a `_search` column. */
  readonly searchable: boolean;
  field(name: string): Field | undefined;
  column(name: string): ColumnField | undefined;
  link(name: string): LinkField | undefined;
  /** The field a unique index (named after the field's stable id) guards. */
  fieldOfUniqueIndex(indexName: string): string | undefined;
}

function buildModel(app: App, entity: Entity): RecordEntityModel {
  const columns: ColumnField[] = [];
  const links: LinkField[] = [];
  const inverses: InverseField[] = [];
  const uniqueIndexes = new Map<string, string>();
  for (const field of entity.fields) {
    const storage = fieldStorage(field);
    if (storage.kind === 'column') columns.push({ field, column: field.name, sqlType: storage.sqlType, references: storage.references });
    if (storage.kind === 'link' && field.type === 'relation') links.push({ field, table: linkTable(entity.name, field.name), target: field.target });
    if (field.type === 'relation' && relationCardinality(field) === 'one-to-many' && field.inverse !== undefined) {
      inverses.push({ field, target: field.target, inverse: field.inverse });
    }
    if (field.unique === true && field.id !== undefined) uniqueIndexes.set(fieldUniqueIndexName(field.id), field.name);
  }
  const byName = new Map(entity.fields.map((f) => [f.name, f]));
  const columnByName = new Map(columns.map((c) => [c.column, c]));
  const linkByName = new Map(links.map((l) => [l.field.name, l]));
  return {
    app,
    entity,
    name: entity.name,
    table: recordTable(entity.name),
    columns,
    links,
    inverses,
    formulas: entity.fields.filter((f): f is FormulaField => f.type === 'formula'),
    pipelines: (app.pipelines ?? []).filter((p) => p.entity === entity.name),
    searchable: (entity.search ?? []).length > 0,
    field: (name) => byName.get(name),
    column: (name) => columnByName.get(name),
    link: (name) => linkByName.get(name),
    fieldOfUniqueIndex: (indexName) => uniqueIndexes.get(indexName),
  };
}

// Keyed by the app object: the live definition is cached and replaced as a whole on publish.
const models = new WeakMap<App, Map<string, RecordEntityModel>>();

export function findEntityModel(app: App, entityName: string): RecordEntityModel | undefined {
  let perApp = models.get(app);
  if (!perApp) {
    perApp = new Map();
    models.set(app, perApp);
  }
  const cached = perApp.get(entityName);
  if (cached) return cached;
  const entity = app.entities.find((e) => e.name === entityName);
  if (!entity) return undefined;
  const model = buildModel(app, entity);
  perApp.set(entityName, model);
  return model;
}

/** The entity's model, or 404 naming the entity. */
export function requireEntityModel(app: App, entityName: string): RecordEntityModel {
  const model = findEntityModel(app, entityName);
  if (!model) {
    throw NotFoundError.create(`There is no entity "${entityName}".`, [
      { field: 'entity', code: 'UNKNOWN_ENTITY', message: `There is no entity "${entityName}".`, message_ru: `Сущности «${entityName}» нет.` },
    ]);
  }
  return model;
}

import type { App, Entity, Field } from '@crm/schemas';
import { indexName as indexNameOf, type ColumnSpec, type IndexSpec } from '../storage/entity-table.ddl.js';
import { swapName } from '../storage/db-object.naming.js';
import { fieldStorage, wantsIndex } from '../storage/field-storage.mapping.js';
import { linkTable, recordTable } from '../storage/storage.naming.js';
import { keyOf, stepId, type EntityPair, type Plan, type PhaseOrder } from './diff-plan.builder.js';
import { describeStep } from './plan-step.descriptions.js';
import type { Fill, PlanStep } from './plan-step.types.js';
import { orderRenames } from './rename.planner.js';
import { decideTypeChange, describeType, isTypeChange, type FieldShape } from './type-change.rules.js';

/*
 * The field half of the differ: for one entity present on both sides, which fields are dropped,
 * renamed, changed or added (restored from an archive when their stable id has one).
 */

function entityKeyByName(app: App | null, name: string): string {
  const entity = app?.entities.find((e) => e.name === name);
  return entity ? keyOf(entity) : `name:${name}`;
}

function allowedValues(app: App | null, entity: Entity, field: Field): string[] | null {
  if (field.type !== 'enum' && field.type !== 'multienum') return null;
  const values = new Set((field.options ?? []).map((o) => o.value));
  for (const pipeline of app?.pipelines ?? []) {
    if (pipeline.entity === entity.name && pipeline.field === field.name) for (const stage of pipeline.stages) values.add(stage.name);
  }
  return [...values];
}

function shapeOf(app: App | null, entity: Entity, field: Field): FieldShape {
  return {
    type: field.type,
    cardinality: field.type === 'relation' ? (field.cardinality ?? 'many-to-one') : null,
    target: field.type === 'relation' ? entityKeyByName(app, field.target) : null,
    resultType: field.type === 'formula' ? (field.resultType ?? 'number') : null,
    allowedValues: allowedValues(app, entity, field),
  };
}

export function fieldId(field: Field): string {
  return field.id ?? field.name;
}

export function entityId(entity: Entity): string {
  return entity.id ?? entity.name;
}

export function columnSpec(field: Field, sqlType: string, references: string | null): ColumnSpec {
  return { fieldId: fieldId(field), column: field.name, sqlType, references };
}

export function indexesOf(field: Field): IndexSpec[] {
  const indexes: IndexSpec[] = [];
  if (wantsIndex(field)) indexes.push({ fieldId: fieldId(field), column: field.name, unique: false });
  if (field.unique) indexes.push({ fieldId: fieldId(field), column: field.name, unique: true });
  return indexes;
}

/** A required field's default, as the value existing records get when the field is added. */
function fillFor(field: Field): Fill | null {
  if (!field.required || !('default' in field) || field.default === undefined) return null;
  const value = field.default;
  if (value === '$today') return { kind: 'today' };
  if (value === '$now') return { kind: 'now' };
  // "$user" means the person creating a record; existing records have no such person.
  if (value === '$user') return null;
  return { kind: 'value', value };
}

export function dropFieldStep(pair: EntityPair, field: Field): PlanStep | null {
  const entity = pair.nameBefore;
  const storage = fieldStorage(field);
  if (storage.kind === 'column') {
    return {
      id: stepId('drop-field', entity, field.name),
      kind: 'drop-field',
      entity,
      field: field.name,
      destructive: true,
      description: describeStep.dropField(entity, field.name),
      table: recordTable(entity),
      column: field.name,
      definition: field,
    };
  }
  if (storage.kind === 'link') {
    return {
      id: stepId('drop-link', entity, field.name),
      kind: 'drop-link',
      entity,
      field: field.name,
      destructive: true,
      description: describeStep.dropLink(entity, field.name),
      table: linkTable(entity, field.name),
      definition: field,
    };
  }
  return null;
}

export function renameFieldSteps(plan: Plan, pair: EntityPair, draftFields: Map<string, Field>): void {
  const entity = pair.draft.name;
  const renames = pair.base.fields.flatMap((base) => {
    const draft = draftFields.get(keyOf(base));
    if (!draft || draft.name === base.name) return [];
    const from = fieldStorage(base).kind;
    // A change of storage is a refused type change; one-to-many has nothing to rename.
    if (from === 'none' || from !== fieldStorage(draft).kind) return [];
    return [{ from: base.name, to: draft.name, item: { base, draft, storage: from } }];
  });
  for (const move of orderRenames(renames, swapName)) {
    const { base, draft, storage } = move.item;
    const link = storage === 'link';
    plan.add(pair.order.renameField, {
      id: move.temporary ? `${stepId('rename-field', entity, draft.name)}:swap` : stepId('rename-field', entity, draft.name),
      kind: 'rename-field',
      entity,
      field: draft.name,
      destructive: false,
      description: move.temporary ? describeStep.parkField(entity, base.name) : describeStep.renameField(entity, base.name, draft.name),
      storage,
      table: recordTable(entity),
      from: link ? linkTable(entity, move.from) : move.from,
      to: link ? linkTable(entity, move.to) : move.to,
    });
  }
}

interface ExistingIndexes {
  plain: boolean;
  unique: boolean;
}

/** Changes to a field that exists on both sides: its type, options, indexes and whether it is required. */
export function diffField(plan: Plan, pair: EntityPair, base: Field, draft: Field, changeOrder: number, existing: ExistingIndexes): void {
  const entity = pair.draft.name;
  const table = recordTable(entity);
  const storage = fieldStorage(draft);
  const from = shapeOf(pair.baseApp, pair.base, base);
  const to = shapeOf(pair.draftApp, pair.draft, draft);
  if (isTypeChange(from, to)) {
    const decision = decideTypeChange({ entity, field: draft.name, from, to });
    if (!decision.ok) {
      plan.refuse({ code: decision.code, entity, field: draft.name, message: decision.message });
      return;
    }
    if (decision.conversion.kind !== 'none' && storage.kind === 'column') {
      plan.add(changeOrder, {
        id: stepId('change-type', entity, draft.name),
        kind: 'change-type',
        entity,
        field: draft.name,
        destructive: false,
        description: describeStep.changeType(entity, draft.name, describeType(from), describeType(to)),
        table,
        column: draft.name,
        fromType: describeType(from),
        toType: describeType(to),
        sqlType: storage.sqlType,
        conversion: decision.conversion,
      });
    }
  } else if (from.allowedValues && to.allowedValues && storage.kind === 'column') {
    const kept = new Set(to.allowedValues);
    const removed = from.allowedValues.filter((v) => !kept.has(v));
    if (removed.length > 0) {
      plan.add(changeOrder, {
        id: stepId('check-options', entity, draft.name),
        kind: 'check-options',
        entity,
        field: draft.name,
        destructive: false,
        description: describeStep.checkOptions(entity, draft.name, removed),
        table,
        column: draft.name,
        removed,
        multiple: draft.type === 'multienum',
      });
    }
  }
  if (storage.kind !== 'column' || fieldStorage(base).kind !== 'column') return;

  const id = fieldId(draft);
  for (const unique of [false, true]) {
    const had = unique ? existing.unique : existing.plain;
    const wants = unique ? draft.unique === true : wantsIndex(draft);
    const index: IndexSpec = { fieldId: id, column: draft.name, unique };
    if (had && !wants) {
      plan.add(pair.order.dropDerived, {
        id: stepId(unique ? 'drop-unique' : 'drop-index', pair.nameBefore, base.name),
        kind: unique ? 'drop-unique' : 'drop-index',
        entity: pair.nameBefore,
        field: base.name,
        destructive: false,
        description: describeStep.dropIndex(pair.nameBefore, base.name, unique),
        indexName: indexNameOf(index),
      });
    }
    if (!had && wants) {
      plan.add(pair.order.final, {
        id: stepId(unique ? 'add-unique' : 'add-index', entity, draft.name),
        kind: unique ? 'add-unique' : 'add-index',
        entity,
        field: draft.name,
        destructive: false,
        description: describeStep.addIndex(entity, draft.name, unique),
        table,
        index,
      });
    }
  }
  if (!base.required && draft.required) {
    plan.add(pair.order.final, {
      id: stepId('require-field', entity, draft.name),
      kind: 'require-field',
      entity,
      field: draft.name,
      destructive: false,
      description: describeStep.requireField(entity, draft.name),
      table,
      column: draft.name,
    });
  }
}

/** A field new to the entity: restored from its archive when its stable id has one, else created. */
export function addField(plan: Plan, pair: EntityPair, draft: Field): void {
  const entity = pair.draft.name;
  const table = recordTable(entity);
  const storage = fieldStorage(draft);
  const archived = draft.id ? pair.archives.fields.get(draft.id) : undefined;

  if (storage.kind === 'column' && archived?.kind === 'field') {
    const before = fieldStorage(archived.definition);
    if (before.kind === 'column') {
      // The column comes back with its archived type; the usual rules then convert it if the type changed.
      const references = before.references === null ? null : storage.references;
      plan.add(pair.order.add, {
        id: stepId('restore-field', entity, draft.name),
        kind: 'restore-field',
        entity,
        field: draft.name,
        destructive: false,
        description: describeStep.restoreField(entity, draft.name, archived.version),
        table,
        column: columnSpec(draft, before.sqlType, references),
        archiveId: archived.id,
        archiveTable: archived.tableName,
        archiveColumn: archived.definition.name,
      });
      const restoredPair: EntityPair = { ...pair, baseApp: pair.draftApp };
      diffField(plan, restoredPair, archived.definition, draft, pair.order.addChange, { plain: false, unique: false });
      return;
    }
  }
  if (storage.kind === 'link' && archived?.kind === 'link' && archived.definition.type === 'relation' && draft.type === 'relation') {
    const sameTarget = entityKeyByName(pair.draftApp, archived.definition.target) === entityKeyByName(pair.draftApp, draft.target);
    if (sameTarget) {
      plan.add(pair.order.add, {
        id: stepId('restore-link', entity, draft.name),
        kind: 'restore-link',
        entity,
        field: draft.name,
        destructive: false,
        description: describeStep.restoreLink(entity, draft.name, archived.version),
        table: linkTable(entity, draft.name),
        archiveId: archived.id,
        archiveTable: archived.tableName,
      });
      return;
    }
  }
  addNewField(plan, pair.order, pair.draft, draft);
}

export function addNewField(plan: Plan, order: PhaseOrder, entity: Entity, field: Field): void {
  const storage = fieldStorage(field);
  if (storage.kind === 'column') {
    plan.add(order.add, {
      id: stepId('add-field', entity.name, field.name),
      kind: 'add-field',
      entity: entity.name,
      field: field.name,
      destructive: false,
      description: describeStep.addField(entity.name, field.name, field.type),
      table: recordTable(entity.name),
      column: columnSpec(field, storage.sqlType, storage.references),
      indexes: indexesOf(field),
      required: field.required === true,
      fill: fillFor(field),
    });
  } else if (storage.kind === 'link') {
    plan.add(order.add, {
      id: stepId('add-link', entity.name, field.name),
      kind: 'add-link',
      entity: entity.name,
      field: field.name,
      destructive: false,
      description: describeStep.addLink(entity.name, field.name, storage.target),
      fieldId: fieldId(field),
      table: linkTable(entity.name, field.name),
      sourceTable: recordTable(entity.name),
      targetTable: recordTable(storage.target),
    });
  }
}

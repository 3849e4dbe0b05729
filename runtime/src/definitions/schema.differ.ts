import type { App, Entity } from '@crm/schemas';
import type { ColumnSpec, IndexSpec } from '../storage/entity-table.ddl.js';
import { swapName } from '../storage/db-object.naming.js';
import { fieldStorage, searchCastFor, wantsIndex } from '../storage/field-storage.mapping.js';
import type { SearchTerm } from '../storage/search-column.ddl.js';
import { linkTable, recordTable } from '../storage/storage.naming.js';
import {
  createPlan,
  indexArchives,
  keyOf,
  LIVE_ORDER,
  RESTORED_ORDER,
  stepId,
  type ArchiveIndex,
  type ArchiveRef,
  type EntityPair,
  type Plan,
  type SchemaDiff,
} from './diff-plan.builder.js';
import { addField, addNewField, columnSpec, diffField, dropFieldStep, entityId, indexesOf, renameFieldSteps } from './field.differ.js';
import { describeStep } from './plan-step.descriptions.js';
import type { PlanStep } from './plan-step.types.js';
import { orderRenames } from './rename.planner.js';

export type { ArchiveRef, Refusal, SchemaDiff } from './diff-plan.builder.js';

/*
 * Live definition + draft -> the ordered steps that take the database from one to the other. Pure:
 * no database, no clock. Entities and fields are matched by their stable id (by name when a
 * definition has none), so a rename is a rename and not a drop plus an add.
 *
 * Steps run in phases, so that every step finds the names it expects:
 *   derived objects that would block a change go first (search column, indexes being removed),
 *   then drops (they free names), renames (entities, then fields), type changes, new tables,
 *   restored tables, new columns and link tables (all tables exist by then, so references resolve),
 *   and last what checks or indexes data (required, indexes, unique, search).
 * A restored entity's own changes (against the definition it was archived with) run right after
 * its table is back.
 */

interface SearchColumnTerm extends SearchTerm {
  key: string;
  sqlType: string;
  field: string;
}

function searchTermsOf(entity: Entity): SearchColumnTerm[] {
  return (entity.search ?? []).flatMap((name) => {
    const field = entity.fields.find((f) => f.name === name);
    if (!field) return [];
    const storage = fieldStorage(field);
    const cast = searchCastFor(field);
    if (storage.kind !== 'column' || cast === null) return [];
    return [{ key: keyOf(field), sqlType: storage.sqlType, field: field.name, column: field.name, cast }];
  });
}

/** What the generated column depends on; names are not in it, as PostgreSQL follows column renames. */
function searchSignature(entity: Entity): string {
  return searchTermsOf(entity)
    .map((t) => `${t.key}:${t.sqlType}:${t.cast}`)
    .join('|');
}

function addSearchStep(entity: Entity): PlanStep {
  const terms = searchTermsOf(entity);
  return {
    id: stepId('add-search', entity.name),
    kind: 'add-search',
    entity: entity.name,
    destructive: false,
    description: describeStep.addSearch(entity.name, terms.map((t) => t.field)),
    entityId: entityId(entity),
    table: recordTable(entity.name),
    terms: terms.map(({ column, cast }) => ({ column, cast })),
  };
}

function diffEntity(plan: Plan, pair: EntityPair): void {
  const baseFields = new Map(pair.base.fields.map((f) => [keyOf(f), f]));
  const draftFields = new Map(pair.draft.fields.map((f) => [keyOf(f), f]));
  const rebuildSearch = searchSignature(pair.base) !== searchSignature(pair.draft);
  if (rebuildSearch) {
    plan.add(pair.order.dropDerived, {
      id: stepId('drop-search', pair.nameBefore),
      kind: 'drop-search',
      entity: pair.nameBefore,
      destructive: false,
      description: describeStep.dropSearch(pair.nameBefore),
      table: recordTable(pair.nameBefore),
    });
  }
  for (const base of pair.base.fields) {
    if (draftFields.has(keyOf(base))) continue;
    const step = dropFieldStep(pair, base);
    if (step) plan.add(pair.order.drop, step);
  }
  renameFieldSteps(plan, pair, draftFields);
  for (const draft of pair.draft.fields) {
    const base = baseFields.get(keyOf(draft));
    if (base) diffField(plan, pair, base, draft, pair.order.change, { plain: wantsIndex(base), unique: base.unique === true });
    else addField(plan, pair, draft);
  }
  if (rebuildSearch) plan.add(pair.order.final, addSearchStep(pair.draft));
}

function dropEntityStep(base: Entity): PlanStep {
  return {
    id: stepId('drop-entity', base.name),
    kind: 'drop-entity',
    entity: base.name,
    destructive: true,
    description: describeStep.dropEntity(base.name),
    table: recordTable(base.name),
    definition: base,
    links: base.fields.filter((f) => fieldStorage(f).kind === 'link').map((f) => ({ table: linkTable(base.name, f.name), definition: f })),
  };
}

function renameEntitySteps(plan: Plan, live: App, draftByKey: Map<string, Entity>): void {
  const renames = live.entities.flatMap((base) => {
    const draft = draftByKey.get(keyOf(base));
    return draft && draft.name !== base.name ? [{ from: base.name, to: draft.name, item: { base, draft } }] : [];
  });
  for (const move of orderRenames(renames, swapName)) {
    const { base, draft } = move.item;
    const draftFieldKeys = new Set(draft.fields.map(keyOf));
    // Link tables of fields dropped in this publish are archived already; the rest move with the entity.
    const links = base.fields
      .filter((f) => fieldStorage(f).kind === 'link' && draftFieldKeys.has(keyOf(f)))
      .map((f) => ({ from: linkTable(move.from, f.name), to: linkTable(move.to, f.name) }));
    plan.add(LIVE_ORDER.renameEntity, {
      id: move.temporary ? `${stepId('rename-entity', draft.name)}:swap` : stepId('rename-entity', draft.name),
      kind: 'rename-entity',
      entity: draft.name,
      destructive: false,
      description: move.temporary ? describeStep.parkEntity(base.name) : describeStep.renameEntity(base.name, draft.name),
      from: recordTable(move.from),
      to: recordTable(move.to),
      links,
    });
  }
}

function createEntity(plan: Plan, draft: Entity): void {
  const columns: ColumnSpec[] = [];
  const indexes: IndexSpec[] = [];
  for (const field of draft.fields) {
    const storage = fieldStorage(field);
    // Columns referencing other record tables wait for the add phase, when every table exists.
    if (storage.kind === 'column' && (storage.references === null || storage.references === 'users')) {
      columns.push(columnSpec(field, storage.sqlType, storage.references));
      indexes.push(...indexesOf(field));
    } else {
      addNewField(plan, LIVE_ORDER, draft, field);
    }
  }
  plan.add(LIVE_ORDER.create, {
    id: stepId('create-entity', draft.name),
    kind: 'create-entity',
    entity: draft.name,
    destructive: false,
    description: describeStep.createEntity(draft.name),
    entityId: entityId(draft),
    table: recordTable(draft.name),
    columns,
    indexes,
  });
  plan.add(LIVE_ORDER.final, addSearchStep(draft));
}

function restoreEntity(plan: Plan, archived: Extract<ArchiveRef, { kind: 'entity' }>, draft: Entity, draftApp: App, archives: ArchiveIndex): void {
  const archivedLinkFields = new Map(
    archived.definition.fields.filter((f) => fieldStorage(f).kind === 'link' && f.id).map((f) => [f.id, f]),
  );
  const links = archives.links.flatMap((link) => {
    const field = link.definition.id ? archivedLinkFields.get(link.definition.id) : undefined;
    const sameDrop = link.version === archived.version && link.entity === archived.entity;
    return field && sameDrop ? [{ archiveId: link.id, archiveTable: link.tableName, table: linkTable(draft.name, field.name) }] : [];
  });
  plan.add(LIVE_ORDER.restoreEntity, {
    id: stepId('restore-entity', draft.name),
    kind: 'restore-entity',
    entity: draft.name,
    destructive: false,
    description: describeStep.restoreEntity(draft.name, archived.version),
    table: recordTable(draft.name),
    archiveId: archived.id,
    archiveTable: archived.tableName,
    links,
  });
  const restoredLinkIds = new Set(links.map((l) => l.archiveId));
  const remaining: ArchiveIndex = { ...archives, links: archives.links.filter((l) => !restoredLinkIds.has(l.id)) };
  diffEntity(plan, {
    base: archived.definition,
    baseApp: draftApp,
    draft,
    draftApp,
    nameBefore: draft.name,
    order: RESTORED_ORDER,
    archives: remaining,
  });
}

export function diffDefinitions(live: App | null, draft: App, archives: readonly ArchiveRef[] = []): SchemaDiff {
  const plan = createPlan();
  const index = indexArchives(archives);
  const liveEntities = live?.entities ?? [];
  const liveByKey = new Map(liveEntities.map((e) => [keyOf(e), e]));
  const draftByKey = new Map(draft.entities.map((e) => [keyOf(e), e]));

  for (const base of liveEntities) {
    if (!draftByKey.has(keyOf(base))) plan.add(LIVE_ORDER.dropEntity, dropEntityStep(base));
  }
  if (live) renameEntitySteps(plan, live, draftByKey);
  for (const base of liveEntities) {
    const entity = draftByKey.get(keyOf(base));
    if (entity) {
      diffEntity(plan, { base, baseApp: live, draft: entity, draftApp: draft, nameBefore: base.name, order: LIVE_ORDER, archives: index });
    }
  }
  for (const entity of draft.entities) {
    if (liveByKey.has(keyOf(entity))) continue;
    const archived = entity.id ? index.entities.get(entity.id) : undefined;
    if (archived) restoreEntity(plan, archived, entity, draft, index);
    else createEntity(plan, entity);
  }
  return plan.result();
}

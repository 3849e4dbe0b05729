import type { App, Entity, LocalizedText, SortKey, View } from '@crm/schemas';
import type { DraftChange, DraftPatch } from './definition-draft.apply.js';
import { nameFromLabel, uniqueName } from './field-name.rules.js';

/*
 * The view designer's edits as DraftChanges: columns in order, the default filter (a condition),
 * sort keys, and the kind: a list, a kanban over a pipeline's stages (or an enum field), or a
 * calendar over a date field. Switching the kind fills in what the new kind needs from the entity,
 * so a view is valid after one click.
 */

export type ViewKind = NonNullable<View['kind']>;
export const VIEW_KINDS: readonly ViewKind[] = ['list', 'kanban', 'calendar'];

function viewAt(app: App, v: number): View {
  const view = app.views?.[v];
  if (!view) throw new RangeError(`There is no view ${v}.`);
  return view;
}

const set = (v: number, key: keyof View, value: unknown): DraftPatch => ({ op: 'set', path: ['views', v, key], value });

export function newView(app: App, entity: Entity, label: LocalizedText): View {
  const name = uniqueName(nameFromLabel(`${entity.name}_list`, 'view'), (app.views ?? []).map((view) => view.name));
  const columns = entity.fields.filter((f) => !(f.type === 'relation' && f.cardinality === 'one-to-many')).slice(0, 5).map((f) => f.name);
  return { name, label, entity: entity.name, kind: 'list', columns };
}

export function addView(app: App, view: View): DraftChange {
  const patch: DraftPatch = app.views ? { op: 'insert', path: ['views', app.views.length], value: view } : { op: 'set', path: ['views'], value: [view] };
  return { label: `Add view ${view.name}`, patches: [patch] };
}

export function removeView(app: App, v: number): DraftChange {
  const view = viewAt(app, v);
  return { label: `Delete view ${view.name}`, patches: [app.views?.length === 1 ? { op: 'set', path: ['views'], value: undefined } : { op: 'remove', path: ['views', v] }] };
}

export function setViewLabel(app: App, v: number, label: LocalizedText): DraftChange {
  return { label: `Rename view ${viewAt(app, v).name}`, patches: [set(v, 'label', label)] };
}

export function addColumn(app: App, v: number, field: string): DraftChange {
  const view = viewAt(app, v);
  const columns = view.columns ?? [];
  if (columns.includes(field)) return { label: 'Nothing', patches: [] };
  return { label: `View ${view.name}: add column ${field}`, patches: [set(v, 'columns', [...columns, field])] };
}

export function removeColumn(app: App, v: number, field: string): DraftChange {
  const view = viewAt(app, v);
  return { label: `View ${view.name}: remove column ${field}`, patches: [set(v, 'columns', (view.columns ?? []).filter((c) => c !== field))] };
}

export function moveColumn(app: App, v: number, from: number, to: number): DraftChange {
  const view = viewAt(app, v);
  const columns = [...(view.columns ?? [])];
  const [moved] = columns.splice(from, 1);
  if (moved === undefined || to < 0 || to > columns.length || from === to) return { label: 'Nothing', patches: [] };
  columns.splice(to, 0, moved);
  return { label: `View ${view.name}: move column ${moved}`, patches: [set(v, 'columns', columns)] };
}

/** The default filter; undefined removes it (every record the person may read). */
export function setFilter(app: App, v: number, condition: unknown): DraftChange {
  const view = viewAt(app, v);
  return { label: `View ${view.name}: filter`, patches: [set(v, 'filter', condition ?? undefined)] };
}

export function setSort(app: App, v: number, sort: readonly SortKey[]): DraftChange {
  const view = viewAt(app, v);
  return { label: `View ${view.name}: sort`, patches: [set(v, 'sort', sort.length > 0 ? [...sort] : undefined)] };
}

/** Adds a sort key on the first field not sorted by yet. */
export function addSortKey(app: App, v: number, entity: Entity): DraftChange {
  const view = viewAt(app, v);
  const sort = view.sort ?? [];
  const field = entity.fields.find((f) => !sort.some((k) => k.field === f.name))?.name ?? 'created_at';
  return setSort(app, v, [...sort, { field, dir: 'asc' }]);
}

export function setSortKey(app: App, v: number, k: number, key: SortKey): DraftChange {
  const view = viewAt(app, v);
  const sort = [...(view.sort ?? [])];
  if (k < 0 || k >= sort.length) throw new RangeError(`There is no sort key ${k}.`);
  sort[k] = key;
  return setSort(app, v, sort);
}

export function removeSortKey(app: App, v: number, k: number): DraftChange {
  const view = viewAt(app, v);
  return setSort(app, v, (view.sort ?? []).filter((_, i) => i !== k));
}

/** Pipelines whose stages can be a kanban's columns for this entity. */
export function pipelinesFor(app: App, entity: string): string[] {
  return (app.pipelines ?? []).filter((p) => p.entity === entity).map((p) => p.name);
}

/**
 * Changes the kind: a kanban takes the entity's first pipeline (or its first enum field), a
 * calendar its first date field; settings of the other kinds are dropped.
 */
export function setKind(app: App, v: number, kind: ViewKind): DraftChange {
  const view = viewAt(app, v);
  const entity = app.entities.find((e) => e.name === view.entity);
  const patches: DraftPatch[] = [set(v, 'kind', kind)];
  const pipeline = kind === 'kanban' ? (view.pipeline ?? pipelinesFor(app, view.entity)[0]) : undefined;
  const groupBy = kind === 'kanban' && pipeline === undefined ? (view.groupBy ?? entity?.fields.find((f) => f.type === 'enum')?.name) : undefined;
  const dateField = kind === 'calendar' ? (view.dateField ?? entity?.fields.find((f) => f.type === 'date' || f.type === 'datetime')?.name) : undefined;
  if (pipeline !== view.pipeline) patches.push(set(v, 'pipeline', pipeline));
  if (groupBy !== view.groupBy) patches.push(set(v, 'groupBy', groupBy));
  if (dateField !== view.dateField) patches.push(set(v, 'dateField', dateField));
  return { label: `View ${view.name}: ${kind}`, patches };
}

export function setPipeline(app: App, v: number, pipeline: string | undefined): DraftChange {
  const view = viewAt(app, v);
  const patches: DraftPatch[] = [set(v, 'pipeline', pipeline)];
  if (pipeline !== undefined && view.groupBy !== undefined) patches.push(set(v, 'groupBy', undefined));
  return { label: `View ${view.name}: pipeline ${pipeline ?? '-'}`, patches };
}

export function setViewSetting(app: App, v: number, key: 'groupBy' | 'dateField', field: string | undefined): DraftChange {
  const view = viewAt(app, v);
  return { label: `View ${view.name}: ${key}`, patches: [set(v, key, field)] };
}

import type { App, Entity, Field, LocalizedText, View } from '@crm/schemas';

/*
 * What a list shows and asks the server for, from the definition's view, a saved view and what the
 * person changed: the columns as fields, the sort as the records API's `sort` string, the filter
 * as one condition (the view's AND the person's), and which views of an entity are lists.
 */

export interface ListSortKey {
  field: string;
  dir: 'asc' | 'desc';
}

/** System columns a list may show, typed so the field widgets format them. */
const SYSTEM_COLUMNS: Readonly<Record<string, Field>> = {
  owner: { name: 'owner', type: 'user', label: { ru: 'Ответственный', en: 'Owner' } },
  created_at: { name: 'created_at', type: 'datetime', label: { ru: 'Создана', en: 'Created' } },
  updated_at: { name: 'updated_at', type: 'datetime', label: { ru: 'Изменена', en: 'Updated' } },
};

/** Types a list can show in a cell (to-many relations and files are left to the record page). */
export function showable(field: Field): boolean {
  if (field.type === 'file' || field.type === 'longtext') return false;
  return !(field.type === 'relation' && field.cardinality !== undefined && field.cardinality !== 'many-to-one');
}

/** The system columns a person may add to a list, in the order the column picker offers them. */
export const SYSTEM_COLUMN_NAMES: readonly string[] = Object.keys(SYSTEM_COLUMNS);

export function fieldByName(entity: Entity, name: string): Field | undefined {
  return entity.fields.find((f) => f.name === name) ?? SYSTEM_COLUMNS[name];
}

/** The list views of an entity (kanban and calendar views are other screens). */
export function listViewsOf(app: Pick<App, 'views'>, entity: string): View[] {
  return (app.views ?? []).filter((v) => v.entity === entity && (v.kind === undefined || v.kind === 'list'));
}

/** Without a view: the title field first, then the next showable fields, six in all. */
export function defaultColumns(entity: Entity): string[] {
  const names = entity.fields.filter(showable).map((f) => f.name);
  const first = entity.display && names.includes(entity.display) ? [entity.display] : [];
  return [...first, ...names.filter((n) => !first.includes(n))].slice(0, 6);
}

/** The columns to show as fields: the chosen names the entity has (hidden fields are absent from it). */
export function listColumns(entity: Entity, chosen: readonly string[]): Field[] {
  const names = chosen.length > 0 ? chosen : defaultColumns(entity);
  return names.map((n) => fieldByName(entity, n)).filter((f): f is Field => f !== undefined);
}

export function viewSort(view: View | undefined): ListSortKey[] {
  return (view?.sort ?? []).map((k) => ({ field: k.field, dir: k.dir ?? 'asc' }));
}

/** `[{amount desc}, {title asc}]` as `-amount,title`. */
export function sortParam(keys: readonly ListSortKey[]): string {
  return keys.map((k) => (k.dir === 'desc' ? `-${k.field}` : k.field)).join(',');
}

/** A click on a header: a new column sorts ascending; the sorted column flips its direction. */
export function toggleSort(current: readonly ListSortKey[], field: string): ListSortKey[] {
  const first = current[0];
  if (!first || first.field !== field) return [{ field, dir: 'asc' }];
  return [{ field, dir: first.dir === 'asc' ? 'desc' : 'asc' }];
}

export function sortOf(keys: readonly ListSortKey[], field: string): 'asc' | 'desc' | null {
  const first = keys[0];
  return first && first.field === field ? first.dir : null;
}

function isEmptyCondition(value: unknown): boolean {
  return value === null || value === undefined;
}

/** The view's filter and the person's, both applying. */
export function combinedFilter(viewFilter: unknown, ownFilter: unknown): unknown {
  if (isEmptyCondition(viewFilter)) return isEmptyCondition(ownFilter) ? null : ownFilter;
  if (isEmptyCondition(ownFilter)) return viewFilter;
  return { and: [viewFilter, ownFilter] };
}

export function labelOf(text: LocalizedText | undefined, locale: string, fallback: string): string {
  if (!text) return fallback;
  return (locale === 'ru' ? (text.ru ?? text.en) : (text.en ?? text.ru)) ?? fallback;
}

/** What identifies the list the person looks at, so a late answer for another one is dropped. */
export function listKey(parts: { entity: string; filter: unknown; sort: readonly ListSortKey[]; q: string }): string {
  return JSON.stringify([parts.entity, parts.filter, sortParam(parts.sort), parts.q.trim()]);
}

/** Load the next page when the visible rows come this close to the end. */
export const NEXT_PAGE_MARGIN_PX = 400;

export function nearEnd(scrollTop: number, clientHeight: number, scrollHeight: number, margin = NEXT_PAGE_MARGIN_PX): boolean {
  return scrollHeight - (scrollTop + clientHeight) <= margin;
}

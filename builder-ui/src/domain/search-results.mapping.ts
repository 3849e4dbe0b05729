import type { Entity } from '@crm/schemas';

/*
 * Global search: the records found per entity as groups in the order of the navigation, their
 * titles, and moving the highlighted hit with the arrow keys across groups.
 */

export interface SearchHit {
  entity: string;
  id: string;
  title: string;
}

export interface SearchGroup {
  entity: string;
  hits: SearchHit[];
}

/** The record's title: its display field (or the first text field), else its id. */
export function recordTitle(entity: Pick<Entity, 'display' | 'fields'>, record: Readonly<Record<string, unknown>>): string {
  const name = entity.display ?? entity.fields.find((f) => f.type === 'text')?.name;
  const value = name ? record[name] : undefined;
  if (typeof value === 'string' && value.trim() !== '') return value;
  if (typeof value === 'number') return String(value);
  return String(record['id'] ?? '');
}

export function toGroup(entity: Pick<Entity, 'name' | 'display' | 'fields'>, records: ReadonlyArray<Readonly<Record<string, unknown>>>): SearchGroup {
  return { entity: entity.name, hits: records.map((r) => ({ entity: entity.name, id: String(r['id']), title: recordTitle(entity, r) })) };
}

/** The hits in display order (empty groups are not shown). */
export function flatHits(groups: readonly SearchGroup[]): SearchHit[] {
  return groups.flatMap((g) => g.hits);
}

/** The next highlighted index after an arrow key; wraps around; -1 when there is nothing. */
export function moveActive(active: number, delta: 1 | -1, count: number): number {
  if (count === 0) return -1;
  if (active < 0) return delta === 1 ? 0 : count - 1;
  return (active + delta + count) % count;
}

/** Shorter queries would match nearly everything; the search waits for this many characters. */
export const MIN_QUERY_LENGTH = 2;

export function searchable(q: string): boolean {
  return q.trim().length >= MIN_QUERY_LENGTH;
}

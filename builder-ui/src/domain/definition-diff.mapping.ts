import type { App, Entity, Field, LocalizedText } from '@crm/schemas';

/*
 * What changed between two versions of the app, as the version history shows it: entities and
 * fields matched by their stable id when they have one (so a rename reads as a rename, not as a
 * drop and an add), the other parts (pipelines, roles, processes, views, forms) by name.
 */

export type DiffChange = 'added' | 'removed' | 'changed' | 'renamed';
export type DiffPart = 'entity' | 'field' | 'pipeline' | 'role' | 'process' | 'view' | 'form';

export interface DiffEntry {
  part: DiffPart;
  change: DiffChange;
  name: string;
  /** The field's entity. */
  entity?: string;
  /** The name before a rename. */
  from?: string;
  label?: LocalizedText | undefined;
  /** Which settings changed (field: type, required, options…). */
  keys?: string[];
}

interface Named {
  id?: string | undefined;
  name: string;
  label?: LocalizedText | undefined;
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([k, v]) => `${k}:${canonical(v)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

const keyOf = (item: Named): string => item.id ?? `name:${item.name}`;

function changedKeys(before: object, after: object, skip: readonly string[]): string[] {
  const a = new Map(Object.entries(before));
  const b = new Map(Object.entries(after));
  const keys = new Set([...a.keys(), ...b.keys()]);
  return [...keys].filter((k) => !skip.includes(k) && canonical(a.get(k)) !== canonical(b.get(k))).sort();
}

function diffList<T extends Named>(part: DiffPart, before: readonly T[], after: readonly T[], skip: readonly string[], entity?: string): DiffEntry[] {
  const old = new Map(before.map((item) => [keyOf(item), item]));
  const seen = new Set<string>();
  const entries: DiffEntry[] = [];
  const base = (item: T): Pick<DiffEntry, 'part' | 'name' | 'label' | 'entity'> => ({ part, name: item.name, label: item.label, ...(entity ? { entity } : {}) });
  for (const item of after) {
    const key = keyOf(item);
    const was = old.get(key) ?? old.get(`name:${item.name}`);
    if (!was) {
      entries.push({ ...base(item), change: 'added' });
      continue;
    }
    seen.add(keyOf(was));
    if (was.name !== item.name) entries.push({ ...base(item), change: 'renamed', from: was.name });
    const keys = changedKeys(was, item, ['id', 'name', ...skip]);
    if (keys.length > 0) entries.push({ ...base(item), change: 'changed', keys });
  }
  for (const item of before) if (!seen.has(keyOf(item))) entries.push({ ...base(item), change: 'removed' });
  return entries;
}

function entityDiff(before: readonly Entity[], after: readonly Entity[]): DiffEntry[] {
  const entries = diffList('entity', before, after, ['fields']);
  const old = new Map(before.map((e) => [keyOf(e), e]));
  for (const entity of after) {
    const was = old.get(keyOf(entity)) ?? old.get(`name:${entity.name}`);
    const fields: readonly Field[] = was?.fields ?? [];
    if (was) entries.push(...diffList<Field>('field', fields, entity.fields, [], entity.name));
  }
  return entries;
}

/** Every difference from `before` (null: nothing was published) to `after`. */
export function diffDefinitions(before: App | null, after: App): DiffEntry[] {
  const b: Partial<App> = before ?? {};
  return [
    ...entityDiff(b.entities ?? [], after.entities),
    ...diffList('pipeline', b.pipelines ?? [], after.pipelines ?? [], []),
    ...diffList('role', b.roles ?? [], after.roles ?? [], []),
    ...diffList('process', b.processes ?? [], after.processes ?? [], []),
    ...diffList('view', b.views ?? [], after.views ?? [], []),
    ...diffList('form', b.forms ?? [], after.forms ?? [], []),
  ];
}

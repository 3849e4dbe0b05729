import type { ImportFieldInfo } from '../api/import.api.js';
import { headerKey, type ColumnMapping } from './import-columns.mapping.js';

/*
 * The wizard's value mapping for columns going to an enum (a pipeline stage among them) or to a
 * person (the owner, a user field). The server takes an enum by its value or its en / ru label and
 * a person by id or e-mail; values it would not recognise ("Переговоры" where the stage is called
 * "Согласование", "Дмитрий Петров" for a person) are listed here so the person maps each to an
 * option or to "leave empty". People are also recognised by their name.
 */

export interface Person {
  id: string;
  name?: string | null;
  email?: string | null;
}

/** Per field, CSV text -> the value to send ('' leaves the cell empty). */
export type ValueMaps = Record<string, Record<string, string>>;

export function needsValueMapping(field: ImportFieldInfo): boolean {
  return field.type === 'enum' || field.type === 'multienum' || field.type === 'user';
}

function splitList(text: string): string[] {
  return text
    .split(';')
    .map((p) => p.trim())
    .filter((p) => p !== '');
}

/** The value the server will recognise for `text`, or null when it would not. */
export function knownValue(field: ImportFieldInfo, text: string, people: readonly Person[]): string | null {
  const key = headerKey(text);
  if (field.type === 'user') {
    const person = people.find((p) => p.id === text || headerKey(p.email ?? '') === key || headerKey(p.name ?? '') === key);
    return person ? (person.email ?? person.id) : null;
  }
  const option = (field.options ?? []).find((o) => o.value === text || headerKey(o.value) === key || headerKey(o.label.ru) === key || headerKey(o.label.en) === key);
  return option ? option.value : null;
}

/** Distinct values of the column the server would not recognise, in the order they first appear. */
export function unmatchedValues(rows: readonly string[][], index: number, field: ImportFieldInfo, people: readonly Person[]): string[] {
  const unmatched = new Set<string>();
  const checked = new Set<string>();
  for (const row of rows) {
    const cell = (row[index] ?? '').trim();
    for (const part of field.type === 'multienum' ? splitList(cell) : cell === '' ? [] : [cell]) {
      if (checked.has(part)) continue;
      checked.add(part);
      if (knownValue(field, part, people) === null) unmatched.add(part);
    }
  }
  return [...unmatched];
}

/** The fields of the mapping that take value mapping, with their column index. */
export function valueColumns(mapping: ColumnMapping, fields: readonly ImportFieldInfo[]): Array<{ index: number; field: ImportFieldInfo }> {
  return mapping.flatMap((name, index) => {
    const field = fields.find((f) => f.name === name);
    return field && needsValueMapping(field) ? [{ index, field }] : [];
  });
}

/** The cell as it is sent: mapped values replaced, people named by their e-mail. */
export function sentValue(field: ImportFieldInfo | undefined, text: string, people: readonly Person[], maps: ValueMaps): string {
  const cell = text.trim();
  if (!field || cell === '' || !needsValueMapping(field)) return text;
  const map = maps[field.name] ?? {};
  const one = (part: string): string => {
    const mapped = map[part];
    if (mapped !== undefined) return mapped;
    return knownValue(field, part, people) ?? part;
  };
  if (field.type === 'multienum') return splitList(cell).map(one).filter((p) => p !== '').join('; ');
  return one(cell);
}

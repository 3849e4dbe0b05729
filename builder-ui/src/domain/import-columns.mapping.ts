import type { ImportFieldInfo } from '../api/import.api.js';

/*
 * The import wizard's column mapping: each CSV column goes to one field the person may write, or
 * nowhere. Columns are matched at first by the field's name or its Russian or English label, in
 * any case, with "ё" as "е" and spaces, underscores and punctuation ignored ("Эл. почта" = "эл
 * почта", "close_date" = "Close date"). A field takes one column at most.
 */

/** Per CSV column, the field it goes to, or null. */
export type ColumnMapping = Array<string | null>;

export function headerKey(text: string): string {
  return text
    .toLowerCase()
    .replace(/ё/g, 'е')
    .replace(/[\s_\-.,:;()«»"'/\\*]+/g, ' ')
    .trim();
}

export function autoMapColumns(header: readonly string[], fields: readonly ImportFieldInfo[]): ColumnMapping {
  const byKey = new Map<string, string>();
  const writable = fields.filter((f) => f.writable);
  // Names first, so a label never shadows a field's own name.
  for (const field of writable) byKey.set(headerKey(field.name), field.name);
  for (const field of writable) {
    for (const label of [field.label.ru, field.label.en]) {
      const key = headerKey(label);
      if (!byKey.has(key)) byKey.set(key, field.name);
    }
  }
  const taken = new Set<string>();
  return header.map((column) => {
    const field = byKey.get(headerKey(column));
    if (field === undefined || taken.has(field)) return null;
    taken.add(field);
    return field;
  });
}

/** Maps column `index` to `field` (null: not imported); a field another column had is taken from it. */
export function withColumn(mapping: ColumnMapping, index: number, field: string | null): ColumnMapping {
  return mapping.map((current, i) => {
    if (i === index) return field;
    return field !== null && current === field ? null : current;
  });
}

/** Required fields no column goes to: every row would be refused for each. */
export function missingRequired(mapping: ColumnMapping, fields: readonly ImportFieldInfo[]): ImportFieldInfo[] {
  const mapped = new Set(mapping.filter((f): f is string => f !== null));
  return fields.filter((f) => f.required && f.writable && !mapped.has(f.name));
}

/** The first few distinct non-empty values of a column, to show beside its mapping. */
export function sampleValues(rows: readonly string[][], index: number, count = 3): string[] {
  const seen = new Set<string>();
  for (const row of rows) {
    const value = (row[index] ?? '').trim();
    if (value !== '') seen.add(value);
    if (seen.size >= count) break;
  }
  return [...seen];
}

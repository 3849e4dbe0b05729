import type { RecordEntityModel } from './record-entity.model.js';
import type { FieldChange, RecordValues } from './record.types.js';
import { isEmptyValue, sameStoredValue } from './stored-value.normalizer.js';

/** The values a write can change: the owner, every column field (formulas too) and every link field. */
export function changeableNames(model: RecordEntityModel): string[] {
  return ['owner', ...model.columns.map((c) => c.column), ...model.links.map((l) => l.field.name)];
}

/**
 * Field by field, what differs between two versions of a record, in definition order. `before`
 * null (a create) lists every field that has a value, each with old null.
 */
export function diffRecords(model: RecordEntityModel, before: RecordValues | null, after: RecordValues): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const name of changeableNames(model)) {
    const next = after[name] ?? null;
    if (before === null) {
      if (!isEmptyValue(next)) changes.push({ field: name, old: null, new: next });
      continue;
    }
    const previous = before[name] ?? null;
    if (!sameStoredValue(model.field(name), previous, next)) changes.push({ field: name, old: previous, new: next });
  }
  return changes;
}

/**
 * Whether two lists of changes would be written to history alike, value for value as given (not
 * as stored: "+03:00" and the stored "Z" of one instant differ here, and history keeps the stored).
 */
export function sameChanges(a: readonly FieldChange[], b: readonly FieldChange[]): boolean {
  const written = (changes: readonly FieldChange[]): string => JSON.stringify(changes.map((c) => [c.field, c.old ?? null, c.new ?? null]));
  return a === b || written(a) === written(b);
}

import type { Knex } from 'knex';
import type { RecordEntityModel, RecordValues } from '../records/index.js';
import { recordTable } from '../storage/storage.naming.js';
import type { RowProblem } from './import.types.js';

/*
 * The reference check of records/record-references.checker.ts for a batch of new records: the
 * owner, user fields, many-to-one and many-to-many relations must name a person who exists or a
 * record that exists and is not deleted. One query per reference field for the whole batch, never
 * one per row; rows naming something missing are refused, naming the field, and the rest go on.
 */

interface ReferenceField {
  field: string;
  table: string;
  target: string | null;
  softDeleted: boolean;
}

function referenceFields(model: RecordEntityModel): ReferenceField[] {
  const fields: ReferenceField[] = [{ field: 'owner', table: 'users', target: null, softDeleted: false }];
  for (const { field, column } of model.columns) {
    if (field.type === 'user') fields.push({ field: column, table: 'users', target: null, softDeleted: false });
    if (field.type === 'relation') fields.push({ field: column, table: recordTable(field.target), target: field.target, softDeleted: true });
  }
  for (const link of model.links) fields.push({ field: link.field.name, table: recordTable(link.target), target: link.target, softDeleted: true });
  return fields;
}

function idsOf(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function problem(model: RecordEntityModel, ref: ReferenceField, row: number, missing: readonly string[]): RowProblem {
  const ids = missing.join(', ');
  if (ref.target === null) {
    return { row, field: ref.field, code: 'INVALID_REFERENCE', message: `Field "${ref.field}": there is no user ${ids}.`, message_ru: `Поле «${ref.field}»: нет пользователя ${ids}.` };
  }
  return {
    row,
    field: ref.field,
    code: 'INVALID_REFERENCE',
    message: `Field "${ref.field}" of ${model.name}: there is no ${ref.target} record ${ids} (or it was deleted).`,
    message_ru: `Поле «${ref.field}»: записи «${ref.target}» ${ids} нет (или она удалена).`,
  };
}

/** Problems by row number for the new records whose references do not resolve. */
export async function missingReferences(trx: Knex, model: RecordEntityModel, records: ReadonlyArray<{ row: number; after: RecordValues }>): Promise<Map<number, RowProblem[]>> {
  const problems = new Map<number, RowProblem[]>();
  for (const ref of referenceFields(model)) {
    const wanted = new Set<string>();
    for (const { after } of records) for (const id of idsOf(after[ref.field])) wanted.add(id);
    if (wanted.size === 0) continue;
    const query = trx(ref.table).select('id').whereIn('id', [...wanted]);
    if (ref.softDeleted) query.whereNull('deleted_at');
    const rows: Array<{ id: string }> = await query;
    const found = new Set(rows.map((r) => r.id));
    if (found.size === wanted.size) continue;
    for (const { row, after } of records) {
      const missing = idsOf(after[ref.field]).filter((id) => !found.has(id));
      if (missing.length > 0) problems.set(row, [...(problems.get(row) ?? []), problem(model, ref, row, missing)]);
    }
  }
  return problems;
}

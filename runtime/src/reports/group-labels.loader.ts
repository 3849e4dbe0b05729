import type { Knex } from 'knex';
import type { AccessPolicy } from '../access/index.js';
import { enumValuesOf } from '../exchange/field-labels.catalog.js';
import { findEntityModel } from '../records/index.js';
import type { RecordEntityModel } from '../records/index.js';
import type { GroupColumn } from './report-fields.resolver.js';

/*
 * What a person reads for a group's key: an enum value's (or stage's) label, a person's name, a
 * related record's title, a date bucket as "2024-05" / "2024-Q2" / "2024", Yes / No. One query per
 * group-by column for the names and titles. A related record's title is shown only when the
 * caller may read that record and its title field; otherwise the label is null (the key, an id,
 * is all they get).
 */

export type Label = { en: string; ru: string } | null;

const EMPTY: { en: string; ru: string } = { en: '(empty)', ru: '(пусто)' };

function same(text: string): { en: string; ru: string } {
  return { en: text, ru: text };
}

function bucketLabel(column: GroupColumn, key: string): { en: string; ru: string } {
  const [year = '', month = '', day = ''] = key.split('-');
  switch (column.bucket) {
    case 'year':
      return same(year);
    case 'quarter':
      return { en: `${year}-Q${Math.floor((Number(month) - 1) / 3) + 1}`, ru: `${year}, ${Math.floor((Number(month) - 1) / 3) + 1} кв.` };
    case 'month':
      return same(`${year}-${month}`);
    default:
      return same(`${year}-${month}-${day}`);
  }
}

function stringKeys(keys: readonly unknown[]): string[] {
  return [...new Set(keys.filter((k): k is string => typeof k === 'string'))];
}

async function userNames(db: Knex, keys: readonly unknown[]): Promise<Map<string, string>> {
  const ids = stringKeys(keys);
  if (ids.length === 0) return new Map();
  const rows: Array<{ id: string; name: string }> = await db('users').select('id', 'name').whereIn('id', ids);
  return new Map(rows.map((r) => [r.id, r.name]));
}

async function recordTitles(db: Knex, policy: AccessPolicy, target: RecordEntityModel, keys: readonly unknown[]): Promise<Map<string, string>> {
  const ids = stringKeys(keys);
  const access = policy.entity(target.name);
  const display = target.entity.display ?? target.entity.fields.find((f) => f.type === 'text')?.name;
  if (ids.length === 0 || display === undefined || !access.isFieldVisible(display) || !target.column(display)) return new Map();
  const readable = access.recordFilter('read', target.table);
  const rows: Array<Record<string, unknown>> = await db(target.table)
    .select('id', display)
    .whereIn('id', ids)
    .whereNull('deleted_at')
    .whereRaw(readable.sql, readable.bindings);
  return new Map(rows.map((r) => [String(r['id']), r[display] === null || r[display] === undefined ? '' : String(r[display])]));
}

/** key -> label for every key of a group-by column; keys are compared by their JSON text. */
export async function loadGroupLabels(db: Knex, model: RecordEntityModel, policy: AccessPolicy, column: GroupColumn, keys: readonly unknown[]): Promise<(key: unknown) => Label> {
  if (column.kind === 'enum' && column.definition) {
    const labels = new Map((enumValuesOf(model.app, model.name, column.definition) ?? []).map((v) => [v.value, v.label]));
    return (key) => (key === null ? EMPTY : typeof key === 'string' ? (labels.get(key) ?? same(key)) : null);
  }
  if (column.kind === 'boolean') return (key) => (key === null ? EMPTY : key === true ? { en: 'Yes', ru: 'Да' } : { en: 'No', ru: 'Нет' });
  if (column.kind === 'date') return (key) => (typeof key === 'string' ? bucketLabel(column, key) : EMPTY);
  if (column.kind === 'user') {
    const names = await userNames(db, keys);
    return (key) => (key === null ? EMPTY : typeof key === 'string' && names.has(key) ? same(names.get(key) ?? '') : null);
  }
  if (column.kind === 'relation' && column.definition?.type === 'relation') {
    const target = findEntityModel(model.app, column.definition.target);
    const titles = target ? await recordTitles(db, policy, target, keys) : new Map<string, string>();
    return (key) => (key === null ? EMPTY : typeof key === 'string' && titles.has(key) ? same(titles.get(key) ?? '') : null);
  }
  return (key) => (key === null ? EMPTY : null);
}

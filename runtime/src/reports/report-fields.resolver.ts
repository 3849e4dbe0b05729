import type { Field } from '@crm/schemas';
import type { EntityAccess, SqlFragment } from '../access/index.js';
import { BadRequestError, type AppError } from '../errors/index.js';
import { appTimezone } from '../records/index.js';
import type { RecordEntityModel } from '../records/index.js';
import type { DateBucket, MetricSpec } from './report-query.parser.js';

/*
 * Field names of a report as SQL over rec_<entity>: what a group-by groups on (enum values,
 * people, related records, date buckets in the app's time zone, booleans, short text, integers)
 * and what a metric computes. A field hidden from the caller is refused with exactly the error of
 * a field the entity does not have, so no group, sum, minimum or order can tell anything about it.
 */

export type GroupKind = 'enum' | 'user' | 'relation' | 'date' | 'boolean' | 'text' | 'number';

export interface GroupColumn {
  field: string;
  kind: GroupKind;
  bucket: DateBucket | null;
  /** The field's definition (undefined for system columns). */
  definition: Field | undefined;
  expr: SqlFragment;
}

export interface MetricColumn extends MetricSpec {
  expr: SqlFragment;
}

export function unknownField(model: RecordEntityModel, param: string, name: string): AppError {
  const message = `${model.name} has no field "${name}".`;
  return BadRequestError.create(message, [{ field: param, code: 'UNKNOWN_FIELD', fieldName: name, message, message_ru: `У «${model.name}» нет поля «${name}».` }]);
}

function notUsable(param: string, name: string, code: string, what: { en: string; ru: string }): AppError {
  const message = `"${name}" ${what.en}.`;
  return BadRequestError.create(message, [{ field: param, code, fieldName: name, message, message_ru: `«${name}» ${what.ru}.` }]);
}

const SYSTEM_KINDS: Readonly<Record<string, 'user' | 'datetime'>> = {
  owner: 'user',
  created_by: 'user',
  updated_by: 'user',
  created_at: 'datetime',
  updated_at: 'datetime',
};

/** The field's value type for reports: its type, or a formula's result type. */
function valueType(field: Field): string {
  if (field.type === 'formula') return field.resultType ?? 'number';
  if (field.type === 'relation') return (field.cardinality ?? 'many-to-one') === 'many-to-one' ? 'relation' : 'relation-list';
  return field.type;
}

/** The visible, stored field `name` (or system column), or the error of a field that does not exist. */
export function visibleField(model: RecordEntityModel, access: EntityAccess, param: string, name: string): { type: string; definition: Field | undefined } {
  const system = SYSTEM_KINDS[name];
  if (system) return { type: system, definition: undefined };
  const field = access.isFieldVisible(name) ? model.field(name) : undefined;
  if (!field) throw unknownField(model, param, name);
  return { type: valueType(field), definition: field };
}

function column(model: RecordEntityModel, name: string): string {
  return `${model.table}.${name}`;
}

function dateBucket(model: RecordEntityModel, name: string, type: string, bucket: DateBucket): SqlFragment {
  if (type === 'date') return { sql: 'date_trunc(?, ??)::date', bindings: [bucket, column(model, name)] };
  return { sql: 'date_trunc(?, ?? AT TIME ZONE ?)::date', bindings: [bucket, column(model, name), appTimezone(model)] };
}

const GROUP_KINDS: Readonly<Record<string, GroupKind>> = {
  enum: 'enum',
  user: 'user',
  relation: 'relation',
  boolean: 'boolean',
  text: 'text',
  email: 'text',
  phone: 'text',
  url: 'text',
  integer: 'number',
};

export function groupColumn(model: RecordEntityModel, access: EntityAccess, name: string, bucket: DateBucket): GroupColumn {
  const { type, definition } = visibleField(model, access, 'groupBy', name);
  if (type === 'date' || type === 'datetime') return { field: name, kind: 'date', bucket, definition, expr: dateBucket(model, name, type, bucket) };
  const kind = GROUP_KINDS[type];
  if (!kind) throw notUsable('groupBy', name, 'NOT_GROUPABLE', { en: `is a ${type} field and cannot be grouped by`, ru: 'нельзя использовать для группировки' });
  return { field: name, kind, bucket: null, definition, expr: { sql: '??', bindings: [column(model, name)] } };
}

const NUMERIC = new Set(['integer', 'number', 'money', 'percent']);
const ORDERED = new Set([...NUMERIC, 'date', 'datetime']);

export function metricColumn(model: RecordEntityModel, access: EntityAccess, spec: MetricSpec): MetricColumn {
  if (spec.op === 'count' || spec.field === null) return { ...spec, expr: { sql: 'count(*)', bindings: [] } };
  const { type } = visibleField(model, access, 'metrics', spec.field);
  const allowed = spec.op === 'sum' || spec.op === 'avg' ? NUMERIC : ORDERED;
  if (!allowed.has(type)) {
    throw notUsable('metrics', spec.field, 'NOT_AGGREGATABLE', { en: `is a ${type} field; ${spec.op} needs a number${spec.op === 'min' || spec.op === 'max' ? ' or a date' : ''}`, ru: `нельзя использовать в ${spec.op}` });
  }
  return { ...spec, expr: { sql: `${spec.op}(??)`, bindings: [column(model, spec.field)] } };
}

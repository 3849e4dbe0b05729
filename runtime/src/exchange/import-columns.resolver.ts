import { isSystemField, type Field } from '@crm/schemas';
import { keyMatchName } from '../duplicates/index.js';
import type { EntityAccess } from '../access/index.js';
import { BadRequestError, type ErrorDetail } from '../errors/index.js';
import type { RecordEntityModel } from '../records/index.js';
import { fieldLabel } from './field-labels.catalog.js';
import type { ImportOptions } from './import-options.parser.js';

/*
 * The header row of an import as columns: each column goes to a field (by `mapping`, else by a
 * header equal to the field's name or its en / ru label, any case), to `owner`, to `id` (used only
 * as a match key), or is left out (columns an export writes that nobody writes: version, the
 * created / updated columns, computed fields, file names, expanded titles such as "company.name").
 *
 * A field hidden from the caller is not among the fields a header can name, so a column "margin"
 * is refused exactly like a column "no_such_field", and so is a mapping to it. Fields the caller
 * sees but may not write stay columns: each row that fills them is refused naming the field.
 */

export type ColumnTarget =
  | { kind: 'field'; name: string; field: Field }
  | { kind: 'owner' }
  | { kind: 'id' }
  | { kind: 'skip'; reason: 'mapping' | 'system' | 'computed' | 'expanded' | 'file' };

export interface ImportColumn {
  index: number;
  header: string;
  target: ColumnTarget;
}

export interface ImportColumns {
  columns: ImportColumn[];
  /** Fields (or id) whose values find duplicates. */
  match: string[];
}

const IGNORED_SYSTEM = new Set(['version', 'created_at', 'created_by', 'updated_at', 'updated_by', 'deleted_at']);
const MATCHABLE_TYPES = new Set(['text', 'email', 'phone', 'url', 'integer']);

function key(text: string): string {
  return text.trim().toLowerCase();
}

function isComputed(field: Field): boolean {
  return field.type === 'formula' || (field.type === 'relation' && field.cardinality === 'one-to-many');
}

/** Where a field name leads for this caller; undefined when the entity has no such visible field. */
function targetOf(model: RecordEntityModel, access: EntityAccess, name: string): ColumnTarget | undefined {
  if (name === 'id') return { kind: 'id' };
  if (name === 'owner') return { kind: 'owner' };
  if (IGNORED_SYSTEM.has(name)) return { kind: 'skip', reason: 'system' };
  if (isSystemField(name) || !access.isFieldVisible(name)) return undefined;
  const field = model.field(name);
  if (!field) return undefined;
  if (isComputed(field)) return { kind: 'skip', reason: 'computed' };
  return { kind: 'field', name, field };
}

/** Header text (any case) -> field name, over the fields the caller can see. */
function headerIndex(model: RecordEntityModel, access: EntityAccess): Map<string, string> {
  const names = ['id', 'owner', ...IGNORED_SYSTEM, ...model.entity.fields.map((f) => f.name).filter((n) => access.isFieldVisible(n))];
  const index = new Map<string, string>();
  // Names first, so a label never shadows a field's own name.
  for (const name of names) index.set(key(name), name);
  for (const name of names) {
    const label = fieldLabel(model.entity, name);
    for (const text of [label.en, label.ru]) if (!index.has(key(text))) index.set(key(text), name);
  }
  return index;
}

function unknownColumn(model: RecordEntityModel, header: string, index: number): ErrorDetail {
  return {
    field: 'columns',
    code: 'UNKNOWN_COLUMN',
    column: header,
    columnIndex: index + 1,
    message: `Column "${header}" matches no field of ${model.name}; rename it or map it with "mapping".`,
    message_ru: `Колонка «${header}» не совпадает ни с одним полем «${model.name}»; переименуйте её или укажите в mapping.`,
  };
}

function unknownField(model: RecordEntityModel, where: 'mapping' | 'match', name: string): ErrorDetail {
  return {
    field: where,
    code: 'UNKNOWN_FIELD',
    fieldName: name,
    message: `${where}: ${model.name} has no field "${name}".`,
    message_ru: `${where}: у «${model.name}» нет поля «${name}».`,
  };
}

/** A relation or user column's expanded title from an export ("company.name"): nothing to write. */
function isExpandedTitle(model: RecordEntityModel, access: EntityAccess, header: string): boolean {
  const [first, ...rest] = header.trim().split('.');
  if (first === undefined || rest.length !== 1) return false;
  if (first === 'owner') return true;
  const field = access.isFieldVisible(first) ? model.field(first) : undefined;
  return field?.type === 'relation' || field?.type === 'user';
}

function mappedTarget(model: RecordEntityModel, access: EntityAccess, options: ImportOptions, header: string, problems: ErrorDetail[]): ColumnTarget | null | undefined {
  if (!options.mapping) return undefined;
  const entry = Object.entries(options.mapping).find(([column]) => column === header) ?? Object.entries(options.mapping).find(([column]) => key(column) === key(header));
  if (!entry) return undefined;
  const [, name] = entry;
  if (name === null) return { kind: 'skip', reason: 'mapping' };
  const target = targetOf(model, access, name);
  if (!target) problems.push(unknownField(model, 'mapping', name));
  return target ?? null;
}

function defaultMatch(model: RecordEntityModel, columns: readonly ImportColumn[]): string[] {
  const names: string[] = [];
  for (const { target } of columns) {
    if (target.kind === 'id') names.push('id');
    if (target.kind !== 'field') continue;
    const { field } = target;
    if (field.unique === true || field.type === 'email' || field.type === 'phone') names.push(target.name);
  }
  // The entity's configured duplicate keys (../duplicates) whose every field has a column.
  const present = new Set(columns.flatMap((c) => (c.target.kind === 'field' ? [c.target.name] : [])));
  for (const fields of model.entity.duplicateKeys ?? []) {
    const name = keyMatchName(fields);
    if (fields.every((f) => present.has(f)) && !names.includes(name)) names.push(name);
  }
  return names;
}

function checkMatch(model: RecordEntityModel, access: EntityAccess, names: readonly string[], columns: readonly ImportColumn[], problems: ErrorDetail[]): void {
  for (const name of names) {
    const target = name === 'id' ? { kind: 'id' as const } : targetOf(model, access, name);
    if (!target || target.kind === 'owner' || target.kind === 'skip') {
      problems.push(unknownField(model, 'match', name));
      continue;
    }
    if (target.kind === 'field' && !MATCHABLE_TYPES.has(target.field.type)) {
      const message = `match: "${name}" is a ${target.field.type} field; duplicates are matched by text, email, phone, url, integer fields or id.`;
      problems.push({ field: 'match', code: 'NOT_MATCHABLE', fieldName: name, message, message_ru: `match: по полю «${name}» дубликаты не ищутся.` });
      continue;
    }
    const present = columns.some((c) => (c.target.kind === 'field' && c.target.name === name) || (c.target.kind === 'id' && name === 'id'));
    if (!present) {
      const message = `match: no column holds "${name}".`;
      problems.push({ field: 'match', code: 'MATCH_COLUMN_MISSING', fieldName: name, message, message_ru: `match: в файле нет колонки для «${name}».` });
    }
  }
}

/** The columns of `header`, or one 400 naming every column and mapping entry that does not fit. */
export function resolveImportColumns(model: RecordEntityModel, access: EntityAccess, header: readonly string[], options: ImportOptions): ImportColumns {
  const problems: ErrorDetail[] = [];
  const byHeader = headerIndex(model, access);
  const columns: ImportColumn[] = [];
  header.forEach((text, index) => {
    const mapped = mappedTarget(model, access, options, text, problems);
    if (mapped === null) return;
    let target = mapped;
    if (target === undefined) {
      const name = byHeader.get(key(text));
      target = name === undefined ? undefined : targetOf(model, access, name);
    }
    if (target === undefined && isExpandedTitle(model, access, text)) target = { kind: 'skip', reason: 'expanded' };
    if (target === undefined) {
      problems.push(unknownColumn(model, text, index));
      return;
    }
    // A file's name (what an export writes) is not the file: such columns are left out.
    columns.push({ index, header: text, target: target.kind === 'field' && target.field.type === 'file' ? { kind: 'skip', reason: 'file' } : target });
  });
  if (options.mapping) {
    for (const column of Object.keys(options.mapping)) {
      if (!header.some((h) => h === column || key(h) === key(column))) {
        const message = `mapping names the column "${column}", which the file does not have.`;
        problems.push({ field: 'mapping', code: 'UNKNOWN_COLUMN', column, message, message_ru: `В mapping указана колонка «${column}», которой нет в файле.` });
      }
    }
  }
  const seen = new Map<string, string>();
  for (const column of columns) {
    const name = column.target.kind === 'field' ? column.target.name : column.target.kind === 'skip' ? null : column.target.kind;
    if (name === null) continue;
    const earlier = seen.get(name);
    if (earlier !== undefined) {
      const message = `Columns "${earlier}" and "${column.header}" both go to "${name}".`;
      problems.push({ field: 'columns', code: 'DUPLICATE_COLUMN', column: column.header, fieldName: name, message, message_ru: `Колонки «${earlier}» и «${column.header}» обе указывают на «${name}».` });
    }
    seen.set(name, column.header);
  }
  const match = options.match ?? defaultMatch(model, columns);
  if (options.match) checkMatch(model, access, options.match, columns, problems);
  if (problems.length > 0) {
    const [first] = problems;
    throw BadRequestError.create(problems.length === 1 && first ? first.message : `${problems.length} problems with the columns of the file.`, problems);
  }
  return { columns, match };
}

import type { Entity } from '@crm/schemas';
import type { AccessPolicy } from '../access/index.js';
import { BadRequestError, type AppError } from '../errors/index.js';
import { planExpand } from '../records/index.js';
import type { ExpandNode, RecordEntityModel, RecordValues } from '../records/index.js';
import { cellFormatter, guardFormula, LIST_SEPARATOR } from './csv-cell.formatter.js';
import type { ExportQuery } from './export-query.parser.js';
import { fieldLabel } from './field-labels.catalog.js';

/*
 * Which columns an export has: the fields asked for (default: every field the caller may see that
 * has a value of its own), each checked against the caller's access, where a hidden field is
 * refused with exactly the error of a field that does not exist. `expand` adds, in CSV, a column
 * with the title of what a relation or person field points at (the target's display field, under
 * the target's own read scope and field access); in JSON the field holds the expanded value, as
 * GET /api/records does.
 */

export interface CsvColumn {
  header: string;
  /** The cell from the record as stored (redacted) and its expanded copy. */
  cell(record: RecordValues, expanded: RecordValues): string;
}

export interface ExportPlan {
  fields: string[];
  expand: ExpandNode[];
  csv: CsvColumn[];
}

function unknownField(model: RecordEntityModel, name: string): AppError {
  const message = `${model.name} has no field "${name}".`;
  return BadRequestError.create(message, [{ field: 'fields', code: 'UNKNOWN_FIELD', fieldName: name, message, message_ru: `У «${model.name}» нет поля «${name}».` }]);
}

function notExportable(model: RecordEntityModel, name: string): AppError {
  const message = `"${name}" lists related ${model.name} records and has no value of its own to export; use expand=${name}.`;
  return BadRequestError.create(message, [
    { field: 'fields', code: 'NOT_EXPORTABLE', fieldName: name, message, message_ru: `«${name}» — список связанных записей; выгрузите его через expand=${name}.` },
  ]);
}

/** Fields with a value in the record itself (not a one-to-many list computed from the other side). */
function hasOwnValue(model: RecordEntityModel, name: string): boolean {
  const field = model.field(name);
  return !(field?.type === 'relation' && field.cardinality === 'one-to-many');
}

function chosenFields(model: RecordEntityModel, policy: AccessPolicy, query: ExportQuery): string[] {
  const access = policy.entity(model.name);
  if (query.fields === null) {
    return access.visibleFields().filter((name) => hasOwnValue(model, name) && (name !== 'deleted_at' || query.list.deleted !== 'exclude'));
  }
  for (const name of query.fields) {
    if (!access.isFieldVisible(name)) throw unknownField(model, name);
    if (!hasOwnValue(model, name)) throw notExportable(model, name);
  }
  return query.fields;
}

/** The field a target's records are named by: its display field, else its first text field. */
function displayFieldOf(entity: Entity): string | undefined {
  return entity.display ?? entity.fields.find((f) => f.type === 'text')?.name;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function titleOf(value: unknown, display: string | undefined): string {
  if (!isRecord(value) || display === undefined) return '';
  const title = value[display];
  return typeof title === 'string' || typeof title === 'number' ? guardFormula(String(title)) : '';
}

function expandedColumn(model: RecordEntityModel, node: ExpandNode, query: ExportQuery): CsvColumn {
  const display = node.target ? displayFieldOf(node.target.entity) : 'name';
  const own = fieldLabel(model.entity, node.field);
  const target = node.target && display ? fieldLabel(node.target.entity, display) : { en: 'Name', ru: 'Имя' };
  const header = query.labels ? `${own[query.labels]}: ${target[query.labels]}` : `${node.field}.${display ?? 'name'}`;
  return {
    header,
    cell(_record, expanded) {
      const value = expanded[node.field];
      if (Array.isArray(value)) return value.map((v) => titleOf(v, display)).join(LIST_SEPARATOR);
      return titleOf(value, display);
    },
  };
}

export function planExport(model: RecordEntityModel, policy: AccessPolicy, query: ExportQuery): ExportPlan {
  const fields = chosenFields(model, policy, query);
  if (query.format === 'csv') {
    const deep = query.expand.find((path) => path.includes('.'));
    if (deep !== undefined) {
      const message = `Cannot expand "${deep}" in CSV: only fields of the exported records can be expanded.`;
      throw BadRequestError.create(message, [{ field: 'expand', code: 'INVALID_EXPAND', message, message_ru: `В CSV нельзя раскрыть «${deep}».` }]);
    }
  }
  const expand = planExpand(model, query.expand, policy);
  const csv: CsvColumn[] = [];
  for (const name of fields) {
    const format = cellFormatter(model.app, model.name, model.field(name), { labels: query.labels });
    const header = query.labels ? fieldLabel(model.entity, name)[query.labels] : name;
    csv.push({ header, cell: (record) => format(record[name]) });
    const node = expand.find((n) => n.field === name);
    if (node) csv.push(expandedColumn(model, node, query));
  }
  for (const node of expand) {
    if (!fields.includes(node.field)) csv.push(expandedColumn(model, node, query));
  }
  return { fields, expand, csv };
}

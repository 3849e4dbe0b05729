import type { App, Field } from '@crm/schemas';
import type { Knex } from 'knex';
import type { AccessPolicy, SqlFragment } from '../access/index.js';
import { isUuid, requireEntityModel } from '../records/index.js';
import type { CsvRow } from './csv-rows.reader.js';
import type { CellValue, RelationLookup } from './import-cell.parser.js';
import type { ImportColumn } from './import-columns.resolver.js';
import { pgArrayLiteral } from './import-duplicates.finder.js';

/*
 * Relation cells by name, not only by id: "ООО «Ромашка»" in a deal's company column finds the
 * company whose display field (or a unique text field, such as an INN or an e-mail) holds that text,
 * any case. Only records the caller may read count, through fields they may see, so an import
 * never tells that a record they cannot see exists. One query per relation column for a window of
 * rows (load), before the rows are read cell by cell (lookup):
 *
 *   none found  -> INVALID_REFERENCE naming the text
 *   two or more -> AMBIGUOUS_REFERENCE (give the id, or a unique field, instead)
 *
 * Ids go through as before, and are checked when the batch is written.
 */

interface Target {
  field: string;
  columnIndex: number;
  many: boolean;
  /** Fields compared with the cell's text; empty when the caller may not read the target. */
  keys: string[];
  table: string;
  readable: SqlFragment;
  targetName: string;
  /** lower-cased text -> ids found. */
  found: Map<string, Set<string>>;
}

const KEY_TYPES = new Set<Field['type']>(['text', 'email', 'url', 'integer']);

function splitList(text: string): string[] {
  return text
    .split(';')
    .map((p) => p.trim())
    .filter((p) => p !== '');
}

function keysOf(app: App, targetName: string, policy: AccessPolicy): { keys: string[]; table: string; readable: Target['readable'] } {
  const model = requireEntityModel(app, targetName);
  const access = policy.entity(targetName);
  const readable = access.recordFilter('read', model.table);
  if (!access.can('read')) return { keys: [], table: model.table, readable };
  const display = model.entity.display ?? model.entity.fields.find((f) => f.type === 'text')?.name;
  const unique = model.entity.fields.filter((f) => f.unique === true && KEY_TYPES.has(f.type)).map((f) => f.name);
  const keys = [...new Set([...(display ? [display] : []), ...unique])].filter((name) => access.isFieldVisible(name) && model.column(name) !== undefined);
  return { keys, table: model.table, readable };
}

export interface RelationTitles {
  /** Finds, for the rows of a window, the records their relation cells name. */
  load(rows: readonly CsvRow[]): Promise<void>;
  lookup: RelationLookup;
  /** Relation columns (many-to-one) whose cell is blank in the row: a warning, not an error. */
  blankRelations(row: CsvRow): string[];
}

export function relationTitles(db: Knex, app: App, policy: AccessPolicy, columns: readonly ImportColumn[]): RelationTitles {
  const targets = new Map<string, Target>();
  for (const column of columns) {
    if (column.target.kind !== 'field' || column.target.field.type !== 'relation') continue;
    const field = column.target.field;
    if (field.cardinality === 'one-to-many') continue;
    targets.set(column.target.name, {
      field: column.target.name,
      columnIndex: column.index,
      many: field.cardinality === 'many-to-many',
      targetName: field.target,
      found: new Map(),
      ...keysOf(app, field.target, policy),
    });
  }

  async function loadTarget(target: Target, rows: readonly CsvRow[]): Promise<void> {
    const wanted = new Set<string>();
    for (const row of rows) {
      const cell = (row.cells[target.columnIndex] ?? '').trim();
      for (const text of target.many ? splitList(cell) : cell === '' ? [] : [cell]) {
        const key = text.toLowerCase();
        if (!isUuid(text) && !target.found.has(key)) wanted.add(key);
      }
    }
    if (wanted.size === 0) return;
    for (const key of wanted) target.found.set(key, new Set());
    if (target.keys.length === 0) return;
    const literal = pgArrayLiteral([...wanted]);
    const records: Array<Record<string, unknown>> = await db(target.table)
      .select(['id', ...target.keys])
      .whereNull('deleted_at')
      .whereRaw(target.readable.sql, target.readable.bindings)
      .where((any) => {
        for (const key of target.keys) any.orWhereRaw('lower(CAST(?? AS text)) = ANY(CAST(? AS text[]))', [key, literal]);
      });
    for (const record of records) {
      for (const key of target.keys) {
        const value = record[key];
        if (value === null || value === undefined) continue;
        target.found.get(String(value).toLowerCase())?.add(String(record['id']));
      }
    }
  }

  function one(target: Target, text: string): { id: string } | CellValue {
    if (isUuid(text)) return { id: text };
    const ids = [...(target.found.get(text.toLowerCase()) ?? [])];
    const [id] = ids;
    if (ids.length === 1 && id !== undefined) return { id };
    if (ids.length === 0) {
      return {
        kind: 'invalid',
        code: 'INVALID_REFERENCE',
        message: `Field "${target.field}": no ${target.targetName} record is named "${text}" (give its name exactly, a unique field, or its id).`,
        message_ru: `Поле «${target.field}»: запись «${target.targetName}» с названием «${text}» не найдена (укажите точное название, уникальное поле или id).`,
      };
    }
    return {
      kind: 'invalid',
      code: 'AMBIGUOUS_REFERENCE',
      message: `Field "${target.field}": ${ids.length} ${target.targetName} records are named "${text}"; give the id or a unique field instead.`,
      message_ru: `Поле «${target.field}»: записей «${target.targetName}» с названием «${text}» несколько (${ids.length}); укажите id или уникальное поле.`,
    };
  }

  return {
    async load(rows) {
      for (const target of targets.values()) await loadTarget(target, rows);
    },
    lookup(field, text) {
      const target = targets.get(field);
      if (!target) return { kind: 'value', value: text };
      const parts = (target.many ? splitList(text) : [text]).map((part) => one(target, part));
      const invalid = parts.find((p): p is Extract<CellValue, { kind: 'invalid' }> => 'kind' in p && p.kind === 'invalid');
      if (invalid) return invalid;
      const ids = parts.flatMap((p) => ('id' in p ? [p.id] : []));
      return { kind: 'value', value: target.many ? ids : (ids[0] ?? text) };
    },
    blankRelations(row) {
      const blank: string[] = [];
      for (const target of targets.values()) if (!target.many && (row.cells[target.columnIndex] ?? '').trim() === '') blank.push(target.field);
      return blank;
    },
  };
}

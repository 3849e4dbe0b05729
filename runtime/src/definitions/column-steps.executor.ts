import type { Knex } from 'knex';
import { UnsafeMigrationError, type AppError } from '../errors/index.js';
import {
  countEmpty,
  countRows,
  countValueUse,
  findDuplicate,
  findValueNotMatching,
  findValueOutside,
  type ValueSample,
} from '../storage/column-data.inspector.js';
import {
  addColumn,
  addForeignKey,
  changeColumnType,
  clearDanglingReferences,
  createIndex,
  fillColumn,
  renameColumn,
  renameTable,
} from '../storage/entity-table.ddl.js';
import type { IndexSpec } from '../storage/entity-table.ddl.js';
import { archiveAndDropColumn, restoreColumnValues } from './archive.store.js';
import type {
  AddFieldStep,
  ChangeTypeStep,
  CheckOptionsStep,
  DropFieldStep,
  Fill,
  PlanStep,
  RenameFieldStep,
  RequireFieldStep,
  RestoreFieldStep,
} from './plan-step.types.js';

/**
 * Steps on columns. Whatever depends on existing data is checked first, so a refusal names the
 * field, an example value and a count rather than passing on PostgreSQL's error.
 */

function refuse(step: PlanStep, code: string, en: string, ru: string, extra: Record<string, unknown> = {}): AppError {
  const field = step.field === undefined ? step.entity : `${step.entity}.${step.field}`;
  return UnsafeMigrationError.create(en, [{ code, field, step: step.id, message: en, message_ru: ru, ...extra }]);
}

function records(count: number): { en: string; ru: string } {
  return { en: count === 1 ? '1 record' : `${count} records`, ru: `записей: ${count}` };
}

/** Refuses a unique index while records not deleted share a value. */
export async function ensureNoDuplicates(trx: Knex.Transaction, step: PlanStep, table: string, column: string): Promise<void> {
  const duplicate = await findDuplicate(trx, table, column);
  if (!duplicate) return;
  const name = `${step.entity}.${step.field ?? column}`;
  throw refuse(
    step,
    'DUPLICATE_VALUES',
    `Cannot make ${name} unique: ${records(duplicate.count).en} share the value "${duplicate.example}".`,
    `Нельзя сделать поле ${name} уникальным: значение "${duplicate.example}" повторяется (${records(duplicate.count).ru}).`,
    { example: duplicate.example, count: duplicate.count },
  );
}

export async function createCheckedIndex(trx: Knex.Transaction, step: PlanStep, table: string, index: IndexSpec): Promise<void> {
  if (index.unique) await ensureNoDuplicates(trx, step, table, index.column);
  await createIndex(trx, table, index);
}

function fillValue(trx: Knex.Transaction, fill: Fill): Knex.Value | Knex.Raw {
  if (fill.kind === 'today') return trx.raw('current_date');
  if (fill.kind === 'now') return trx.raw('now()');
  return fill.value;
}

export async function addField(trx: Knex.Transaction, step: AddFieldStep): Promise<void> {
  if (step.required) {
    const existing = await countRows(trx, step.table);
    if (existing > 0 && step.fill === null) {
      throw refuse(
        step,
        'REQUIRED_WITHOUT_DEFAULT',
        `Cannot add the required field ${step.entity}.${step.column.column} without a default: ${step.entity} already has ${records(existing).en}. Give the field a default, or add it as optional first.`,
        `Нельзя добавить обязательное поле ${step.entity}.${step.column.column} без значения по умолчанию: в ${step.entity} уже есть записи (${existing}). Задайте значение по умолчанию или сначала добавьте поле необязательным.`,
        { count: existing },
      );
    }
  }
  await addColumn(trx, step.table, step.column);
  if (step.required && step.fill) await fillColumn(trx, step.table, step.column.column, fillValue(trx, step.fill));
  await addForeignKey(trx, step.table, step.column);
  for (const index of step.indexes) await createCheckedIndex(trx, step, step.table, index);
}

export async function restoreField(trx: Knex.Transaction, step: RestoreFieldStep): Promise<void> {
  await addColumn(trx, step.table, step.column);
  await restoreColumnValues(trx, {
    archiveId: step.archiveId,
    archiveTable: step.archiveTable,
    archiveColumn: step.archiveColumn,
    table: step.table,
    column: step.column.column,
  });
  await clearDanglingReferences(trx, step.table, step.column);
  await addForeignKey(trx, step.table, step.column);
}

export async function dropField(trx: Knex.Transaction, step: DropFieldStep, version: number): Promise<void> {
  await archiveAndDropColumn(trx, { version, entity: step.entity, table: step.table, column: step.column, definition: step.definition });
}

export async function renameField(trx: Knex.Transaction, step: RenameFieldStep): Promise<void> {
  if (step.storage === 'link') await renameTable(trx, step.from, step.to);
  else await renameColumn(trx, step.table, step.from, step.to);
}

function refuseConversion(step: ChangeTypeStep, sample: ValueSample, what: { en: string; ru: string }): AppError {
  const name = `${step.entity}.${step.column}`;
  return refuse(
    step,
    'VALUES_DO_NOT_FIT',
    `Cannot change ${name} from ${step.fromType} to ${step.toType}: ${records(sample.count).en} have values that are not ${what.en}, e.g. "${sample.example}".`,
    `Нельзя изменить тип поля ${name} с ${step.fromType} на ${step.toType}: есть значения, которые не являются ${what.ru} (${records(sample.count).ru}), например "${sample.example}".`,
    { example: sample.example, count: sample.count },
  );
}

const FORMAT_NAMES = {
  email: { en: 'email addresses', ru: 'адресами email' },
  url: { en: 'web addresses (http or https)', ru: 'веб-адресами (http или https)' },
  phone: { en: 'phone numbers in international form (+79123456789)', ru: 'телефонами в международном формате (+79123456789)' },
} as const;

export async function changeType(trx: Knex.Transaction, step: ChangeTypeStep): Promise<void> {
  const conversion = step.conversion;
  if (conversion.kind === 'options') {
    const bad = await findValueOutside(trx, step.table, step.column, conversion.allowed);
    if (bad) throw refuseConversion(step, bad, { en: 'options of the new list', ru: 'вариантами из нового списка' });
  }
  if (conversion.kind === 'pattern') {
    const bad = await findValueNotMatching(trx, step.table, step.column, conversion.pattern);
    if (bad) throw refuseConversion(step, bad, FORMAT_NAMES[conversion.format]);
  }
  // A type change that keeps the SQL type (text to email) has nothing to convert once checked.
  if (conversion.kind === 'cast') await changeColumnType(trx, step.table, step.column, step.sqlType);
}

export async function checkOptions(trx: Knex.Transaction, step: CheckOptionsStep): Promise<void> {
  const used = await countValueUse(trx, step.table, step.column, step.removed, step.multiple);
  const [first] = used;
  if (!first) return;
  const name = `${step.entity}.${step.column}`;
  const list = used.map((u) => `"${u.value}" (${records(u.count).en})`).join(', ');
  const listRu = used.map((u) => `"${u.value}" (${records(u.count).ru})`).join(', ');
  throw refuse(
    step,
    'OPTION_IN_USE',
    `Cannot remove options of ${name} that records still use: ${list}. Move those records to another option first.`,
    `Нельзя убрать варианты поля ${name}, которые ещё есть в записях: ${listRu}. Сначала переведите эти записи на другой вариант.`,
    { example: first.value, count: first.count, values: used },
  );
}

export async function requireField(trx: Knex.Transaction, step: RequireFieldStep): Promise<void> {
  const empty = await countEmpty(trx, step.table, step.column);
  if (empty === 0) return;
  const name = `${step.entity}.${step.column}`;
  throw refuse(
    step,
    'EMPTY_VALUES',
    `Cannot make ${name} required: ${records(empty).en} have no value. Fill them in first.`,
    `Нельзя сделать поле ${name} обязательным: есть записи без значения (${empty}). Сначала заполните их.`,
    { count: empty },
  );
}

import type { Knex } from 'knex';
import { isAppError, UnsafeMigrationError } from '../errors/index.js';
import { dropIndex } from '../storage/entity-table.ddl.js';
import { addSearchColumn, dropSearchColumn } from '../storage/search-column.ddl.js';
import * as columns from './column-steps.executor.js';
import type { PlanStep } from './plan-step.types.js';
import * as tables from './table-steps.executor.js';

export interface MigrationContext {
  /** The version being published; archive tables are named after it. */
  version: number;
}

async function runStep(trx: Knex.Transaction, step: PlanStep, context: MigrationContext): Promise<void> {
  switch (step.kind) {
    case 'drop-search':
      return dropSearchColumn(trx, step.table);
    case 'drop-index':
    case 'drop-unique':
      return dropIndex(trx, step.indexName);
    case 'drop-field':
      return columns.dropField(trx, step, context.version);
    case 'drop-link':
      return tables.dropLink(trx, step, context.version);
    case 'drop-entity':
      return tables.dropEntity(trx, step, context.version);
    case 'rename-entity':
      return tables.renameEntity(trx, step);
    case 'rename-field':
      return columns.renameField(trx, step);
    case 'change-type':
      return columns.changeType(trx, step);
    case 'check-options':
      return columns.checkOptions(trx, step);
    case 'create-entity':
      return tables.createEntity(trx, step);
    case 'restore-entity':
      return tables.restoreEntity(trx, step);
    case 'add-field':
      return columns.addField(trx, step);
    case 'add-link':
      return tables.addLink(trx, step);
    case 'restore-field':
      return columns.restoreField(trx, step);
    case 'restore-link':
      return tables.restoreLink(trx, step);
    case 'require-field':
      return columns.requireField(trx, step);
    case 'add-index':
    case 'add-unique':
      return columns.createCheckedIndex(trx, step, step.table, step.index);
    case 'add-search':
      return addSearchColumn(trx, step.table, step.entityId, step.terms);
  }
}

interface DatabaseError {
  code: string;
  message: string;
}

function isDatabaseError(error: unknown): error is DatabaseError {
  return (
    error instanceof Error &&
    'code' in error &&
    typeof error.code === 'string' &&
    /^[0-9A-Z]{5}$/.test(error.code)
  );
}

/*
 * Data that does not fit (SQLSTATE class 22, data exception) or breaks a constraint (class 23) is
 * the publisher's problem, reported as an unsafe migration naming the step; anything else is ours
 * and goes to the error handler as unexpected.
 */
function explainFailure(step: PlanStep, error: unknown): unknown {
  if (isAppError(error) || !isDatabaseError(error)) return error;
  if (!error.code.startsWith('22') && !error.code.startsWith('23')) return error;
  // knex prefixes the statement; the reason is what PostgreSQL said.
  const reason = error.message.split(' - ').pop() ?? error.message;
  const en = `Step ${step.id} failed on existing data: ${reason}`;
  return UnsafeMigrationError.create(en, [
    {
      code: 'MIGRATION_STEP_FAILED',
      field: step.field === undefined ? step.entity : `${step.entity}.${step.field}`,
      step: step.id,
      sqlState: error.code,
      message: en,
      message_ru: `Шаг ${step.id} не выполнен на существующих данных: ${reason}`,
    },
  ]);
}

/**
 * Runs a plan inside the caller's transaction, in order. The caller owns the transaction so that the
 * new version row commits or rolls back together with the schema: a failing step leaves nothing.
 */
export async function migrateSchema(trx: Knex.Transaction, steps: readonly PlanStep[], context: MigrationContext): Promise<void> {
  for (const step of steps) {
    try {
      await runStep(trx, step, context);
    } catch (error) {
      throw explainFailure(step, error);
    }
  }
}

import type { ConditionOperator } from '../../generated/definition.types.js';

/**
 * The shared operator table: which operators each kind of value takes and what operand each
 * operator expects. The checker, the predicate and the SQL compiler all read it, so a new operator
 * or family is declared here once.
 */

/** How a field's values compare. Every field type maps to one family (see condition.fields.ts). */
export type ValueFamily =
  | 'text'
  | 'number'
  | 'boolean'
  | 'date'
  | 'datetime'
  | 'enum'
  | 'multienum'
  | 'uuid'
  | 'file';

/** What an operator's `value` must be: nothing, one operand, a list, a [lo, hi] pair. */
export type OperandShape = 'none' | 'one' | 'list' | 'pair' | 'one-or-list';

export const OPERATORS: readonly ConditionOperator[] = [
  'eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'in', 'nin', 'contains', 'startsWith', 'between',
  'isEmpty', 'isNotEmpty', 'changed', 'changedTo',
];

export const TRIGGER_OPERATORS: readonly ConditionOperator[] = ['changed', 'changedTo'];

const ORDERED: readonly ConditionOperator[] = [
  'eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'in', 'nin', 'between', 'isEmpty', 'isNotEmpty', 'changed', 'changedTo',
];
const DISCRETE: readonly ConditionOperator[] = ['eq', 'ne', 'in', 'nin', 'isEmpty', 'isNotEmpty', 'changed', 'changedTo'];

export const OPERATORS_BY_FAMILY: Readonly<Record<ValueFamily, readonly ConditionOperator[]>> = {
  text: [...DISCRETE, 'contains', 'startsWith'],
  number: ORDERED,
  date: ORDERED,
  datetime: ORDERED,
  boolean: ['eq', 'ne', 'isEmpty', 'isNotEmpty', 'changed', 'changedTo'],
  enum: DISCRETE,
  uuid: DISCRETE,
  multienum: ['contains', 'isEmpty', 'isNotEmpty', 'changed'],
  file: ['isEmpty', 'isNotEmpty', 'changed'],
};

export function isOperator(value: unknown): value is ConditionOperator {
  return typeof value === 'string' && OPERATORS.some((op) => op === value);
}

export function isTriggerOperator(op: ConditionOperator): boolean {
  return TRIGGER_OPERATORS.includes(op);
}

export function operatorAllowed(family: ValueFamily, op: ConditionOperator): boolean {
  return OPERATORS_BY_FAMILY[family].includes(op);
}

export function operandShape(family: ValueFamily, op: ConditionOperator): OperandShape {
  switch (op) {
    case 'isEmpty':
    case 'isNotEmpty':
    case 'changed':
      return 'none';
    case 'in':
    case 'nin':
      return 'list';
    case 'between':
      return 'pair';
    case 'contains':
      return family === 'multienum' ? 'one-or-list' : 'one';
    default:
      return 'one';
  }
}

/** Families whose values have an order, so gt/lt/between mean something. */
export function isOrdered(family: ValueFamily): boolean {
  return family === 'number' || family === 'date' || family === 'datetime';
}

/** The most values an in/nin/contains list may carry (each becomes one bind parameter). */
export const MAX_LIST_VALUES = 1000;

/** The deepest nesting of and/or/not accepted. */
export const MAX_DEPTH = 32;

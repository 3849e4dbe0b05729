import type { ConditionOperator, Field, RelationField } from '../../generated/definition.types.js';
import { OPERATORS_BY_FAMILY, type ValueFamily } from '../condition/condition.operators.js';
import type { FormulaResultType } from '../formula/formula-result.coercer.js';
import { FIELD_TYPES } from './field-type.catalog.js';
import type { FieldSqlType } from './field-type.types.js';

/*
 * The catalog describes a type; two types vary by an option of the field: a formula is stored and
 * compared as its result type, and a relation's cardinality decides where its values live. These
 * resolve a given field, reading the catalog for every other type.
 */

export type RelationCardinality = NonNullable<RelationField['cardinality']>;

/** Where a relation's values live: a column (the target's id), a link table, or the other side. */
export type RelationStorage = 'column' | 'link' | 'none';

export const RELATION_STORAGE: Readonly<Record<RelationCardinality, RelationStorage>> = {
  'many-to-one': 'column',
  'many-to-many': 'link',
  // The inverse of a many-to-one on the target: its values are that field's column.
  'one-to-many': 'none',
};

/** A formula's column and comparison follow the type of what it computes. */
export const FORMULA_RESULTS: Readonly<Record<FormulaResultType, { family: ValueFamily; sqlType: FieldSqlType }>> = {
  number: { family: 'number', sqlType: 'numeric' },
  text: { family: 'text', sqlType: 'text' },
  boolean: { family: 'boolean', sqlType: 'boolean' },
  date: { family: 'date', sqlType: 'date' },
};

export function relationStorage(field: RelationField): RelationStorage {
  return RELATION_STORAGE[field.cardinality ?? 'many-to-one'];
}

/** The PostgreSQL column type that stores the field, or null when the field has no column of its own. */
export function fieldSqlType(field: Field): FieldSqlType | null {
  if (field.type === 'formula') return FORMULA_RESULTS[field.resultType ?? 'number'].sqlType;
  if (field.type === 'relation' && relationStorage(field) !== 'column') return null;
  return FIELD_TYPES[field.type].sqlType;
}

/** The condition language's family of the field's values. */
export function fieldFamily(field: Field): ValueFamily {
  if (field.type === 'formula') return FORMULA_RESULTS[field.resultType ?? 'number'].family;
  return FIELD_TYPES[field.type].family;
}

/** The operators a condition may use on the field. */
export function fieldOperators(field: Field): readonly ConditionOperator[] {
  return OPERATORS_BY_FAMILY[fieldFamily(field)];
}

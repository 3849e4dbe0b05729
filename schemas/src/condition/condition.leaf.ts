import type { ConditionOperator } from '../../generated/definition.types.js';
import type { Scalar } from './condition.operands.js';
import type { ValueFamily } from './condition.operators.js';

/**
 * What each operator means on one normalised field value. This is the reference semantics: the
 * SQL compiler writes the same rules in SQL, and the agreement test holds the two together.
 *
 * Two-valued logic: every leaf is plainly true or false. A comparison with an empty (null or
 * absent) field is false; `ne`, `nin` and `isEmpty` are true on it, and `not` is plain negation, so
 * `ne` is exactly `not eq` and `nin` exactly `not in`.
 */

/** A field value read from a record and normalised like the operands (see condition.operands.ts). */
export type Actual = Scalar | readonly string[] | null;

/**
 * Case folding for contains / startsWith: Unicode simple lower-case mapping, one code point at a
 * time, which is what PostgreSQL's lower() does in a UTF-8 database (C.UTF-8 or a libc/ICU
 * locale). Mapping per code point keeps JavaScript from its context rules (final sigma) and from
 * the one multi-character mapping (U+0130 "İ" lowers to "i" in both).
 */
export function foldCase(text: string): string {
  if (/^[\u0000-\u007f]*$/.test(text)) return text.toLowerCase();
  let folded = '';
  for (const char of text) folded += char === '\u0130' ? 'i' : char.toLowerCase();
  return folded;
}

export function isEmptyValue(actual: Actual): boolean {
  return actual === null || actual === '' || (Array.isArray(actual) && actual.length === 0);
}

function compare(actual: Scalar, value: Scalar): number {
  if (actual === value) return 0;
  return actual < value ? -1 : 1;
}

function isScalar(actual: Actual): actual is Scalar {
  return actual !== null && !Array.isArray(actual);
}

function equalsAny(actual: Actual, values: readonly Scalar[]): boolean {
  return isScalar(actual) && values.some((value) => value === actual);
}

/** Tests one leaf: `values` are the resolved operands (none, one, a list, or [lo, hi]). */
export function testLeaf(family: ValueFamily, op: ConditionOperator, actual: Actual, values: readonly Scalar[]): boolean {
  const [first, second] = values;
  switch (op) {
    case 'isEmpty':
      return isEmptyValue(actual);
    case 'isNotEmpty':
      return !isEmptyValue(actual);
    case 'eq':
    case 'in':
      return equalsAny(actual, values);
    case 'ne':
    case 'nin':
      return !equalsAny(actual, values);
    case 'gt':
      return isScalar(actual) && first !== undefined && compare(actual, first) > 0;
    case 'gte':
      return isScalar(actual) && first !== undefined && compare(actual, first) >= 0;
    case 'lt':
      return isScalar(actual) && first !== undefined && compare(actual, first) < 0;
    case 'lte':
      return isScalar(actual) && first !== undefined && compare(actual, first) <= 0;
    case 'between':
      return isScalar(actual) && first !== undefined && second !== undefined && compare(actual, first) >= 0 && compare(actual, second) <= 0;
    case 'contains':
      if (family === 'multienum') return Array.isArray(actual) && values.every((value) => actual.includes(String(value)));
      return typeof actual === 'string' && first !== undefined && foldCase(actual).includes(foldCase(String(first)));
    case 'startsWith':
      return typeof actual === 'string' && first !== undefined && foldCase(actual).startsWith(foldCase(String(first)));
    case 'changed':
    case 'changedTo':
      // Trigger operators compare two versions of a record; the predicate handles them.
      return false;
  }
}

/** Whether two versions of a field hold the same value. Empty values (null, '', []) are all equal. */
export function sameValue(left: Actual, right: Actual): boolean {
  if (isEmptyValue(left) || isEmptyValue(right)) return isEmptyValue(left) && isEmptyValue(right);
  if (Array.isArray(left) && Array.isArray(right)) {
    const a = [...left].sort();
    const b = [...right].sort();
    return a.length === b.length && a.every((item, index) => item === b[index]);
  }
  return left === right;
}

/**
 * The condition language: one definition, checked by checkCondition, run as a predicate over a
 * record (evaluateCondition) and as a parameterised SQL WHERE fragment (compileConditionToSql).
 * The semantics both targets share are described in README.md beside this file.
 */
export type {
  AndCondition,
  App,
  Condition,
  ConditionOperator,
  FieldCondition,
  NotCondition,
  OrCondition,
} from '../../generated/definition.types.js';
export type {
  CheckContext,
  ConditionContext,
  ConditionIssue,
  ConditionIssueCode,
  ConditionScope,
  ConditionUser,
  ScopedCheckContext,
  ScopedConditionContext,
  ScopeValues,
  FieldVisibility,
  LocalizedMessage,
} from './condition.types.js';
export { checkCondition, checkScopedCondition } from './condition.check.js';
export { conditionIssueCode } from './condition-code.mapping.js';
export { evaluateCondition, evaluateConditionInScope } from './condition.predicate.js';
export { SCOPE_ROOTS, familyOfSchema } from './condition.subjects.js';
export { compileConditionToSql, type SqlBinding, type SqlCompileResult } from './condition.sql.js';
export { ConditionError, ConditionRecordError, isConditionError } from './condition.errors.js';
export { OPERATORS, OPERATORS_BY_FAMILY, TRIGGER_OPERATORS, type ValueFamily } from './condition.operators.js';

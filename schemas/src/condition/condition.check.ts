import { analyzeCondition } from './condition.analyze.js';
import type { CheckContext, ConditionIssue, ScopedCheckContext } from './condition.types.js';

/**
 * Checks a condition against an app: shape, fields and paths (hidden fields reported exactly like
 * unknown ones), operators per field type, operand types, trigger-only operators. An empty list
 * means the condition compiles to SQL (unless it uses trigger operators) and evaluates.
 */
export function checkCondition(condition: unknown, ctx: CheckContext): ConditionIssue[] {
  const analysis = analyzeCondition(condition, ctx);
  return analysis.ok ? [] : analysis.issues;
}

/**
 * Checks a condition of a process node against the values it may read there (`scope`, from
 * subjectsAtNode): record fields, `trigger.*`, `steps.<node>.*`, `$user.*`, `$now`.
 */
export function checkScopedCondition(condition: unknown, ctx: ScopedCheckContext): ConditionIssue[] {
  const analysis = analyzeCondition(condition, {
    app: ctx.app,
    entity: ctx.scope.entity ?? '',
    allowTriggerOps: false,
    isFieldVisible: ctx.isFieldVisible,
    scope: ctx.scope,
  });
  return analysis.ok ? [] : analysis.issues;
}

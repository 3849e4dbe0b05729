import { analyzeCondition } from './condition.analyze.js';
import type { CheckContext, ConditionIssue } from './condition.types.js';

/**
 * Checks a condition against an app: shape, fields and paths (hidden fields reported exactly like
 * unknown ones), operators per field type, operand types, trigger-only operators. An empty list
 * means the condition compiles to SQL (unless it uses trigger operators) and evaluates.
 */
export function checkCondition(condition: unknown, ctx: CheckContext): ConditionIssue[] {
  const analysis = analyzeCondition(condition, ctx);
  return analysis.ok ? [] : analysis.issues;
}

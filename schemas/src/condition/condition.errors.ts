import type { ConditionIssue } from './condition.types.js';

/** Thrown by evaluateCondition for a condition that does not check; carries the issues. */
export class ConditionError extends Error {
  readonly code = 'invalid-condition';

  constructor(readonly issues: readonly ConditionIssue[]) {
    super(`Invalid condition: ${issues.map((item) => `${item.path || '/'} ${item.message.en}`).join('; ')}`);
    this.name = 'ConditionError';
  }
}

export function isConditionError(error: unknown): error is ConditionError {
  return error instanceof ConditionError;
}

/** Thrown when a record does not carry what a condition needs (a relation on a path not expanded). */
export class ConditionRecordError extends Error {
  readonly code = 'relation-not-expanded';

  constructor(readonly relation: string) {
    super(`Relation "${relation}" must be expanded (an object or null) to evaluate a condition through it.`);
    this.name = 'ConditionRecordError';
  }
}

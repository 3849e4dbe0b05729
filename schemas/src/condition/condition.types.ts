import type { App } from '../../generated/definition.types.js';
import type { LocalizedMessage } from '../issues/definition-issue.types.js';

export type { LocalizedMessage };

/** One problem found in a condition. `path` is a JSON pointer relative to the condition itself. */
export interface ConditionIssue {
  path: string;
  code: ConditionIssueCode;
  message: LocalizedMessage;
}

export type ConditionIssueCode =
  | 'invalid-condition'
  | 'too-deep'
  | 'unknown-entity'
  | 'unknown-field'
  | 'not-traversable'
  | 'unsupported-field'
  | 'unknown-operator'
  | 'operator-not-allowed'
  | 'trigger-only-operator'
  | 'changed-through-relation'
  | 'value-required'
  | 'unexpected-value'
  | 'invalid-value'
  | 'invalid-list'
  | 'invalid-range'
  | 'too-many-values'
  | 'unknown-option'
  | 'invalid-dynamic-value';

/**
 * Decides whether a field may be named in a condition. A field it hides is reported exactly like a
 * field that does not exist, so a filter cannot be used to probe hidden data.
 */
export type FieldVisibility = (entity: string, field: string) => boolean;

/** The current user. Conditions reach it as "$user" (the id) and "$user.<attr>". */
export interface ConditionUser {
  id: string;
  [attr: string]: unknown;
}

export interface CheckContext {
  app: App;
  /** The entity whose records the condition tests. */
  entity: string;
  /** `changed` and `changedTo` are allowed only in process triggers. */
  allowTriggerOps: boolean;
  isFieldVisible?: FieldVisibility;
}

export interface ConditionContext {
  app: App;
  entity: string;
  user?: ConditionUser;
  /** The clock for "$now", "$today" and {"$now": "<duration>"}; defaults to the real time. */
  now?: Date;
  /** The record before the change (trigger ops only); null or absent on create. */
  previous?: Record<string, unknown> | null;
  /** SQL only: the alias (or table name) of the outer table; defaults to rec_<entity>. */
  alias?: string;
  isFieldVisible?: FieldVisibility;
}

import type { App } from '../../generated/definition.types.js';
import type { LocalizedMessage } from '../issues/definition-issue.types.js';
import type { JsonSchema } from '../record/record-schema.types.js';

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
  | 'invalid-dynamic-value'
  | 'subject-unavailable'
  | 'unknown-key';

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

/**
 * What a condition in a process node may read besides the record's fields (see README, "Subjects
 * in processes"). Only process nodes pass one; everywhere else a condition tests one record.
 */
export interface ConditionScope {
  /** The entity of the run's record; absent when the run has none (webhook, schedule). */
  entity?: string;
  /** Roots other than the record and their JSON Schemas: 'trigger', 'steps.<nodeId>', '$user', '$now'. */
  roots: Readonly<Record<string, JsonSchema>>;
  /** Subjects that exist in the process but not here, with why: 'record', 'steps.<id>', 'steps.<loop>.item'. */
  unavailable?: Readonly<Record<string, LocalizedMessage>>;
}

export interface ScopedCheckContext {
  app: App;
  scope: ConditionScope;
  isFieldVisible?: FieldVisibility;
}

export interface ScopedConditionContext extends ScopedCheckContext {
  user?: ConditionUser;
  now?: Date;
}

/**
 * The values a scoped condition reads: `record` (relations on dot paths expanded to objects, or
 * null) and one entry per other root, keyed like the roots ('trigger', 'steps', '$user', '$now';
 * `steps.<id>` is read as steps[id]).
 */
export interface ScopeValues {
  record: Readonly<Record<string, unknown>> | null;
  [root: string]: unknown;
}

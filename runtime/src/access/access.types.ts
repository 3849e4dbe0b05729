import type { Condition, ConditionUser, FieldAccess, Scope } from '@crm/schemas';
import type { Knex } from 'knex';

/*
 * The public shape of the access policy: what a caller may do with the records of each entity and
 * with each field. Records, import/export, reports, run history and webhook payloads all ask the
 * same policy, so every path enforces the same rules (README.md beside this file).
 */

export type AccessOperation = 'create' | 'read' | 'update' | 'delete';
export type RecordScope = Scope;
export type FieldAccessLevel = FieldAccess;

export const ACCESS_OPERATIONS: readonly AccessOperation[] = ['create', 'read', 'update', 'delete'];

/** A parameterised SQL fragment with knex `?` / `??` placeholders. */
export interface SqlFragment {
  sql: string;
  bindings: Knex.Value[];
}

/**
 * The person whose permissions apply, read fresh from the database once per request (a role or team
 * change counts from the next request on), with the team sets the scopes need.
 */
export interface AccessSubject {
  userId: string;
  email: string;
  name: string;
  roles: string[];
  teamId: string | null;
  managerId: string | null;
  attributes: Record<string, unknown>;
  /** The team the person belongs to and the teams they manage. */
  teamIds: string[];
  /** Those teams and every team below them. */
  subtreeTeamIds: string[];
  /** People in `teamIds`, the person included: whose records `team` scope reaches. */
  teamMemberIds: string[];
  /** People in `subtreeTeamIds`, the person included: whose records `subtree` scope reaches. */
  subtreeMemberIds: string[];
}

/**
 * Why a policy is what it is: `unrestricted` for processes acting with their own rights, `admin`
 * for admins (everything, but system fields stay read-only), `user` for role-based access,
 * `nobody` for a caller without a usable account (unknown, disabled, or a process acting for no one).
 */
export type PolicyKind = 'unrestricted' | 'admin' | 'user' | 'nobody';

/** One role's say on one field, for explanations. */
export interface FieldGrantSource {
  role: string;
  access: FieldAccessLevel;
  /** `grant`: written in role.fields; `default`: follows the role's entity permissions; `stale`: a grant written for a field since deleted and recreated, which grants nothing. */
  source: 'grant' | 'default' | 'stale' | 'admin';
}

export interface EntityAccess {
  readonly entity: string;
  /** The caller may do `op` on at least some records (a scope other than none, or a sharing rule). */
  can(op: AccessOperation): boolean;
  /** The widest scope the caller's roles give for `op` (sharing rules not included). */
  scope(op: AccessOperation): RecordScope;
  /**
   * The records the caller may `op`, as a WHERE fragment over the record table under `alias`
   * (default rec_<entity>): `FALSE` when none, `TRUE` when all. Index-friendly predicates on the
   * owner column, ORed with the roles' sharing rules. Update and delete through the records API
   * also need `read` (a record one cannot read answers 404).
   */
  recordFilter(op: AccessOperation, alias?: string): SqlFragment;
  /**
   * The same records as recordFilter, in the condition language over this entity (null: every
   * record), for composing into other conditions: e.g. guarding a dot path through a relation with
   * the target's read scope. Evaluate it with `policy.conditionUser()` as `$user`.
   */
  recordCondition(op: AccessOperation): Condition | null;
  /**
   * Whether the caller may `op` this stored record (its `id` and `owner` are used). Scopes are
   * decided in memory; sharing rules are checked in SQL with `db` (pass the transaction's handle
   * inside one). For `create`, `record` is the new record's values and only its owner counts.
   */
  allows(op: AccessOperation, record: { id?: unknown; owner?: unknown }, db?: Knex): Promise<boolean>;
  /** hidden / read / write for a field or system column; a name the entity does not have is hidden. */
  fieldAccess(field: string): FieldAccessLevel;
  isFieldVisible(field: string): boolean;
  /** Visible fields: the system columns, then the entity's fields in definition order. */
  visibleFields(): string[];
  /** Fields the caller may set (on create, and on update where the record allows it); `owner` only with changeOwner. */
  writableFields(): string[];
  /** May set `owner` to someone else. */
  canChangeOwner(): boolean;
  /**
   * The fields of `input` the caller may not set, given what they are doing: hidden and read-only
   * fields, and `owner` changed (on create: set to anyone but the caller) without changeOwner.
   * Fields no one may write (system columns, formulas) are left to record validation.
   */
  refusedFields(input: Readonly<Record<string, unknown>>, action: { kind: 'create' } | { kind: 'update'; before: { owner?: unknown } }): string[];
  /** A copy of `record` without the fields hidden from the caller (and without names the entity does not have). */
  redact<T extends Record<string, unknown>>(record: T): Partial<T>;
  /** Per role, what it says about the field: for the explainer and for the builder's role matrix. */
  fieldSources(field: string): FieldGrantSource[];
}

export interface AccessPolicy {
  readonly kind: PolicyKind;
  /** The person whose rights apply (null for unrestricted processes without a person, and for nobody). */
  readonly subject: AccessSubject | null;
  /** Admins and unrestricted processes: every record, every field. */
  readonly unrestricted: boolean;
  /** The entity's access; an entity the app does not have allows nothing. */
  entity(name: string): EntityAccess;
  /** `$user` for conditions (filters, sharing rules): the subject's attributes, id, email, name, roles, team, manager. */
  conditionUser(): ConditionUser | undefined;
}

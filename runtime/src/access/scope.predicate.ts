import { compileConditionToSql, type App, type ConditionUser, type Scope } from '@crm/schemas';
import type { AccessSubject, SqlFragment } from './access.types.js';
import type { CompiledSharingRule } from './role-grants.compiler.js';

/*
 * Scopes and sharing rules as SQL over a record table, and scopes decided in memory for one record.
 * Scopes compare only the owner column (indexed on every record table) with values bound once per
 * request: `owner = ?` or `owner = ANY(CAST(? AS uuid[]))`, never a subquery per row.
 */

export const TRUE_SQL: SqlFragment = { sql: 'TRUE', bindings: [] };
export const FALSE_SQL: SqlFragment = { sql: 'FALSE', bindings: [] };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A PostgreSQL array literal of uuids; anything that is not a uuid is left out, so nothing can break out of it. */
export function uuidArrayLiteral(ids: readonly string[]): string {
  return `{${ids.filter((id) => UUID.test(id)).join(',')}}`;
}

function ownersOf(scope: Scope, subject: AccessSubject): readonly string[] | null {
  if (scope === 'team') return subject.teamMemberIds;
  if (scope === 'subtree') return subject.subtreeMemberIds;
  return null;
}

/** Records whose owner is within `scope` of the subject; `column` is the qualified owner column. */
export function scopePredicate(scope: Scope, subject: AccessSubject | null, column: string): SqlFragment {
  if (scope === 'all') return TRUE_SQL;
  if (scope === 'none' || !subject) return FALSE_SQL;
  if (scope === 'own') return { sql: '?? = CAST(? AS uuid)', bindings: [column, subject.userId] };
  const owners = ownersOf(scope, subject) ?? [];
  return { sql: '?? = ANY(CAST(? AS uuid[]))', bindings: [column, uuidArrayLiteral(owners)] };
}

/** The same decision as scopePredicate, for one owner value. */
export function ownerInScope(scope: Scope, subject: AccessSubject | null, owner: unknown): boolean {
  if (scope === 'all') return true;
  if (scope === 'none' || !subject || typeof owner !== 'string') return false;
  const id = owner.toLowerCase();
  if (scope === 'own') return id === subject.userId.toLowerCase();
  return (ownersOf(scope, subject) ?? []).some((member) => member.toLowerCase() === id);
}

/** `$user` as conditions see it: custom attributes first, then the person's own properties. */
export function conditionUserOf(subject: AccessSubject): ConditionUser {
  return {
    ...subject.attributes,
    id: subject.userId,
    email: subject.email,
    name: subject.name,
    roles: subject.roles,
    team: subject.teamId,
    manager: subject.managerId,
  };
}

export interface SharingContext {
  app: App;
  user: ConditionUser | undefined;
  now: Date;
}

/** A sharing rule's condition over the table under `alias`; FALSE when stale or when it does not compile. */
export function sharingPredicate(rule: CompiledSharingRule, alias: string, ctx: SharingContext): SqlFragment {
  if (rule.stale) return FALSE_SQL;
  const compiled = compileConditionToSql(rule.condition, {
    app: ctx.app,
    entity: rule.entity,
    alias,
    now: ctx.now,
    ...(ctx.user ? { user: ctx.user } : {}),
  });
  if (!compiled.ok) return FALSE_SQL;
  return { sql: compiled.sql, bindings: compiled.bindings };
}

/** OR of fragments: FALSE for none, TRUE as soon as one is TRUE. */
export function anyOf(fragments: readonly SqlFragment[]): SqlFragment {
  if (fragments.some((f) => f.sql === 'TRUE')) return TRUE_SQL;
  const useful = fragments.filter((f) => f.sql !== 'FALSE');
  if (useful.length === 0) return FALSE_SQL;
  if (useful.length === 1 && useful[0]) return useful[0];
  return { sql: `(${useful.map((f) => `(${f.sql})`).join(' OR ')})`, bindings: useful.flatMap((f) => f.bindings) };
}

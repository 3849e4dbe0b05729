import { SYSTEM_FIELDS, isSystemField, type App, type Condition, type ConditionUser, type Entity, type FieldAccess, type Scope } from '@crm/schemas';
import type { Knex } from 'knex';
import type { RecordCaller } from '../records/index.js';
import { loadAccessSubject } from './access-subject.loader.js';
import type { AccessOperation, AccessPolicy, AccessSubject, EntityAccess, FieldGrantSource, PolicyKind, SqlFragment } from './access.types.js';
import { formulaReferences, isComputedField, roleFieldAccess, widerAccess } from './field-access.rules.js';
import { loadStaleGrants } from './grant-binding.resolver.js';
import { compileRoles, ruleGrants, widerScope, type CompiledRole, type CompiledRoles } from './role-grants.compiler.js';
import { FALSE_SQL, TRUE_SQL, anyOf, conditionUserOf, ownerInScope, scopePredicate, sharingPredicate } from './scope.predicate.js';

/*
 * The access policy of one caller against one published app, built once per request:
 *
 *   caller ──► process acting as itself ─────────────────────────────► unrestricted
 *          └─► person (or process acting as one) ─► loadAccessSubject (1 query: roles, teams)
 *                   ├─ unknown / disabled ───────────────────────────► nobody
 *                   ├─ admin role (built-in or admin: true) ─────────► admin
 *                   └─ live roles they hold ─► compiled roles (cached per app) ─► user
 *
 * A person's permissions are the union of their roles; role names the live definition does not
 * have grant nothing (except the built-in `admin`).
 */

export interface LoadPolicyOptions {
  /** The clock `$now` in sharing rules reads. */
  now?: Date;
}

interface CompiledEntry {
  db: Knex;
  pending: Promise<CompiledRoles>;
  value?: CompiledRoles;
}

const compiledByApp = new WeakMap<App, CompiledEntry>();

/** The app's roles with stale grants marked; worked out once per published app object. */
export function compiledRolesFor(db: Knex, app: App): Promise<CompiledRoles> {
  const cached = compiledByApp.get(app);
  if (cached?.value) return Promise.resolve(cached.value);
  // A load still pending on another handle may be queued behind the transaction this caller is in
  // (PGlite has one connection), so it is shared only with callers on the same handle.
  if (cached && cached.db === db) return cached.pending;
  const pending = loadStaleGrants(db, app).then((stale) => compileRoles(app, stale));
  const entry: CompiledEntry = { db, pending };
  if (!cached) compiledByApp.set(app, entry);
  pending.then(
    (value) => {
      compiledByApp.set(app, { ...entry, value });
    },
    () => {
      if (compiledByApp.get(app) === entry) compiledByApp.delete(app);
    },
  );
  return pending;
}

function liveRolesOf(roles: CompiledRoles, names: readonly string[]): CompiledRole[] {
  return names.flatMap((name) => {
    const role = roles.role(name);
    return role ? [role] : [];
  });
}

interface PolicyParts {
  kind: PolicyKind;
  app: App;
  db: Knex;
  subject: AccessSubject | null;
  roles: readonly CompiledRole[];
  now: Date;
  /** `$user` for conditions when there is no subject (an unrestricted process acting for a person). */
  fallbackUser?: ConditionUser;
}

/** Builds the policy from its parts (no I/O until `allows` needs SQL); loadAccessPolicy is the usual way in. */
export function createAccessPolicy(parts: PolicyParts): AccessPolicy {
  const unrestricted = parts.kind === 'unrestricted' || parts.kind === 'admin';
  const user = parts.subject ? conditionUserOf(parts.subject) : parts.fallbackUser;
  const entities = new Map<string, EntityAccess>();
  const policy: AccessPolicy = {
    kind: parts.kind,
    subject: parts.subject,
    unrestricted,
    entity(name) {
      let access = entities.get(name);
      if (!access) {
        const entity = parts.app.entities.find((e) => e.name === name);
        access = entity ? entityAccess(parts, entity, unrestricted, user, policy) : deniedEntity(name);
        entities.set(name, access);
      }
      return access;
    },
    conditionUser: () => user,
  };
  return policy;
}

/** `or: []` is false in the condition language. */
const NOTHING: Condition = { or: [] };

/** The condition language's `in` takes at most this many values; longer lists are split. */
const MAX_IN_VALUES = 1000;

function ownerCondition(scope: Scope, subject: AccessSubject | null): Condition[] {
  if (!subject || scope === 'none' || scope === 'all') return [];
  if (scope === 'own') return [{ field: 'owner', op: 'eq', value: subject.userId }];
  const owners = scope === 'team' ? subject.teamMemberIds : subject.subtreeMemberIds;
  const chunks: Condition[] = [];
  for (let i = 0; i < owners.length; i += MAX_IN_VALUES) chunks.push({ field: 'owner', op: 'in', value: owners.slice(i, i + MAX_IN_VALUES) });
  return chunks;
}

function deniedEntity(name: string): EntityAccess {
  return {
    entity: name,
    can: () => false,
    scope: () => 'none',
    recordFilter: () => FALSE_SQL,
    recordCondition: () => NOTHING,
    allows: async () => false,
    fieldAccess: () => 'hidden',
    isFieldVisible: () => false,
    visibleFields: () => [],
    writableFields: () => [],
    canChangeOwner: () => false,
    refusedFields: (input) => Object.keys(input),
    redact: () => ({}),
    fieldSources: () => [],
  };
}

function adminFieldAccess(entity: Entity, name: string): FieldAccess {
  if (name === 'owner') return 'write';
  if (isSystemField(name)) return 'read';
  const field = entity.fields.find((f) => f.name === name);
  if (!field) return 'hidden';
  return isComputedField(field) ? 'read' : 'write';
}

function entityAccess(parts: PolicyParts, entity: Entity, unrestricted: boolean, user: ConditionUser | undefined, policy: AccessPolicy): EntityAccess {
  const { app, subject, roles } = parts;
  const table = `rec_${entity.name}`;
  const grants = roles.map((role) => ({ role: role.name, grants: role.entity(entity.name) }));
  const sharingCtx = { app, user, now: parts.now };
  const fieldNames = [...SYSTEM_FIELDS, ...entity.fields.map((f) => f.name)];

  const scopeCache = new Map<AccessOperation, Scope>();
  function scope(op: AccessOperation): Scope {
    if (unrestricted) return 'all';
    let result = scopeCache.get(op);
    if (result === undefined) {
      result = grants.reduce<Scope>((widest, g) => widerScope(widest, g.grants.scopes[op]), 'none');
      scopeCache.set(op, result);
    }
    return result;
  }

  function rulesFor(op: AccessOperation) {
    return grants.flatMap((g) => g.grants.sharing.filter((rule) => ruleGrants(rule, op)));
  }

  function sharingFilter(op: AccessOperation, alias: string): SqlFragment {
    return anyOf(rulesFor(op).map((rule) => sharingPredicate(rule, alias, sharingCtx)));
  }

  const accessCache = new Map<string, FieldAccess>();
  function fieldSources(name: string): FieldGrantSource[] {
    if (unrestricted) return [{ role: parts.kind === 'admin' ? 'admin' : 'process', access: adminFieldAccess(entity, name), source: 'admin' }];
    return grants.map((g) => roleFieldAccess(entity, g.grants, g.role, name));
  }
  function ownFieldAccess(name: string): FieldAccess {
    if (unrestricted) return adminFieldAccess(entity, name);
    return fieldSources(name).reduce<FieldAccess>((widest, s) => widerAccess(widest, s.access), 'hidden');
  }
  function fieldAccess(name: string): FieldAccess {
    let result = accessCache.get(name);
    if (result === undefined) {
      result = ownFieldAccess(name);
      const field = entity.fields.find((f) => f.name === name);
      // A formula shows what it computes from: visible only where every field it reads is.
      if (result !== 'hidden' && !unrestricted && field?.type === 'formula') {
        const inputs = formulaReferences(entity, name);
        if (inputs === null || inputs.some((input) => fieldAccess(input) === 'hidden')) result = 'hidden';
      }
      // A one-to-many list shows which target records point here: it is visible only where the
      // target's pointing field is.
      if (result !== 'hidden' && field?.type === 'relation' && field.cardinality === 'one-to-many' && field.inverse !== undefined) {
        if (!policy.entity(field.target).isFieldVisible(field.inverse)) result = 'hidden';
      }
      accessCache.set(name, result);
    }
    return result;
  }
  const canChangeOwner = (): boolean => unrestricted || fieldAccess('owner') === 'write';

  function can(op: AccessOperation): boolean {
    if (unrestricted) return true;
    return scope(op) !== 'none' || rulesFor(op).length > 0;
  }

  return {
    entity: entity.name,
    can,
    scope,
    recordFilter(op, alias = table) {
      if (unrestricted) return TRUE_SQL;
      const own = scopePredicate(scope(op), subject, `${alias}.owner`);
      if (own.sql === 'TRUE' || op === 'create') return own;
      return anyOf([own, sharingFilter(op, alias)]);
    },
    recordCondition(op) {
      if (unrestricted || scope(op) === 'all') return null;
      const alternatives: Condition[] = [...ownerCondition(scope(op), subject), ...(op === 'create' ? [] : rulesFor(op).map((rule) => rule.condition))];
      const [only] = alternatives;
      if (!only) return NOTHING;
      return alternatives.length === 1 ? only : { or: alternatives };
    },
    async allows(op, record, db = parts.db) {
      if (unrestricted) return true;
      if (op === 'create') {
        const owner = record.owner === undefined ? subject?.userId : record.owner;
        return ownerInScope(scope('create'), subject, owner);
      }
      if (ownerInScope(scope(op), subject, record.owner)) return true;
      if (rulesFor(op).length === 0 || typeof record.id !== 'string') return false;
      const shared = sharingFilter(op, table);
      if (shared.sql === 'FALSE') return false;
      const row: unknown = await db(table).select(db.raw('1 AS ok')).where('id', record.id).whereRaw(shared.sql, shared.bindings).first();
      return row !== undefined;
    },
    fieldAccess,
    isFieldVisible: (name) => fieldAccess(name) !== 'hidden',
    visibleFields: () => fieldNames.filter((name) => fieldAccess(name) !== 'hidden'),
    writableFields: () => fieldNames.filter((name) => fieldAccess(name) === 'write'),
    canChangeOwner,
    refusedFields(input, action) {
      if (unrestricted) return [];
      const refused: string[] = [];
      for (const [name, value] of Object.entries(input)) {
        if (name === 'owner') {
          const current = action.kind === 'create' ? subject?.userId : action.before.owner;
          const same = typeof value === 'string' && typeof current === 'string' ? value.toLowerCase() === current.toLowerCase() : value === current;
          if (!same && !canChangeOwner()) refused.push(name);
          continue;
        }
        // System columns and computed fields are nobody's to write: validation says so for everyone.
        if (isSystemField(name)) continue;
        const field = entity.fields.find((f) => f.name === name);
        if (!field || isComputedField(field)) continue;
        if (fieldAccess(name) !== 'write') refused.push(name);
      }
      return refused;
    },
    redact<T extends Record<string, unknown>>(record: T): Partial<T> {
      const out: Partial<T> = {};
      for (const key of Object.keys(record)) {
        if (fieldAccess(key) !== 'hidden') Object.assign(out, { [key]: record[key] });
      }
      return out;
    },
    fieldSources,
  };
}

/** The policy of a person already loaded with loadAccessSubject (null: nobody). */
export async function policyForSubject(db: Knex, app: App, subject: AccessSubject | null, options: LoadPolicyOptions = {}): Promise<AccessPolicy> {
  const base = { app, db, now: options.now ?? new Date() };
  if (!subject) return createAccessPolicy({ ...base, kind: 'nobody', subject: null, roles: [] });
  const compiled = await compiledRolesFor(db, app);
  const kind = compiled.isAdmin(subject.roles) ? 'admin' : 'user';
  return createAccessPolicy({ ...base, kind, subject, roles: liveRolesOf(compiled, subject.roles) });
}

/**
 * The policy for `caller` on `app` (the live definition): one query for a person (their current
 * roles and team sets), none for a process acting with its own rights. Call it outside any
 * transaction, or with the transaction's handle: on PGlite the outer handle waits inside one.
 */
export async function loadAccessPolicy(db: Knex, app: App, caller: RecordCaller, options: LoadPolicyOptions = {}): Promise<AccessPolicy> {
  if (caller.process && caller.process.actAs !== 'user') {
    const user = caller.user;
    const fallbackUser = user
      ? { ...user.attributes, id: user.id, email: user.email, name: user.name, roles: user.roles, team: user.teamId, manager: user.managerId }
      : undefined;
    return createAccessPolicy({ app, db, now: options.now ?? new Date(), kind: 'unrestricted', subject: null, roles: [], ...(fallbackUser ? { fallbackUser } : {}) });
  }
  // An API token's caller carries the token's roles: the person's current roles are narrowed by them.
  const roleLimit = caller.user?.roleLimit;
  const limited = roleLimit ? { roleLimit, isAdmin: (await compiledRolesFor(db, app)).isAdmin } : {};
  const subject = caller.user ? await loadAccessSubject(db, caller.user.id, limited) : null;
  return policyForSubject(db, app, subject, options);
}

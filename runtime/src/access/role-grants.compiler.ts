import { BUILT_IN_ADMIN_ROLE, type App, type Condition, type FieldAccess, type Role, type Scope } from '@crm/schemas';
import type { AccessOperation } from './access.types.js';
import { entityGrantKey, fieldGrantKey, sharingRuleKey, type StaleGrants } from './grant-binding.resolver.js';

/*
 * The roles of the live definition, read once per published app into lookups the policy asks per
 * request: each role's scope per entity and operation, changeOwner, field grants and sharing rules
 * (with stale grants marked, see grant-binding.resolver.ts). Pure: no database, no caller.
 */

/** The built-in role name that may do everything, whether or not the definition lists it. */
export { BUILT_IN_ADMIN_ROLE };

export type SharingAccess = 'read' | 'update' | 'delete';

export interface CompiledSharingRule {
  role: string;
  name: string;
  entity: string;
  access: ReadonlySet<SharingAccess>;
  condition: Condition;
  /** Written for fields since deleted and recreated: matches nothing. */
  stale: boolean;
}

export interface FieldGrant {
  access: FieldAccess;
  stale: boolean;
}

export interface RoleEntityGrants {
  readonly scopes: Readonly<Record<AccessOperation, Scope>>;
  readonly changeOwner: boolean;
  readonly sharing: readonly CompiledSharingRule[];
  readonly fields: ReadonlyMap<string, FieldGrant>;
}

export interface CompiledRole {
  readonly name: string;
  readonly admin: boolean;
  entity(name: string): RoleEntityGrants;
}

export interface CompiledRoles {
  readonly app: App;
  role(name: string): CompiledRole | undefined;
  /** The built-in `admin`, or any live role with `admin: true`, among these role names. */
  isAdmin(roles: readonly string[]): boolean;
}

const SCOPE_ORDER: readonly Scope[] = ['none', 'own', 'team', 'subtree', 'all'];

/** The wider of two scopes: own ⊂ team ⊂ subtree ⊂ all, so a union of scopes is the widest. */
export function widerScope(a: Scope, b: Scope): Scope {
  return SCOPE_ORDER.indexOf(a) >= SCOPE_ORDER.indexOf(b) ? a : b;
}

const NO_SCOPES: Readonly<Record<AccessOperation, Scope>> = { create: 'none', read: 'none', update: 'none', delete: 'none' };

const EMPTY_GRANTS: RoleEntityGrants = { scopes: NO_SCOPES, changeOwner: false, sharing: [], fields: new Map() };

function isSharingAccess(value: string): value is SharingAccess {
  return value === 'read' || value === 'update' || value === 'delete';
}

function compileRole(role: Role, stale: StaleGrants): CompiledRole {
  const entityNames = new Set([...Object.keys(role.entities ?? {}), ...Object.keys(role.fields ?? {}), ...(role.sharing ?? []).map((r) => r.entity)]);
  const byEntity = new Map<string, RoleEntityGrants>();
  for (const entity of entityNames) {
    // A permission written for an entity since dropped and recreated under this name grants nothing.
    const stalePermission = stale.entities?.has(entityGrantKey(role.name, entity)) === true;
    const permission = stalePermission ? {} : (role.entities?.[entity] ?? {});
    const fields = new Map<string, FieldGrant>();
    for (const [field, access] of Object.entries(role.fields?.[entity] ?? {})) {
      fields.set(field, { access, stale: stale.fields.has(fieldGrantKey(role.name, entity, field)) });
    }
    const sharing = (role.sharing ?? [])
      .filter((rule) => rule.entity === entity)
      .map(
        (rule): CompiledSharingRule => ({
          role: role.name,
          name: rule.name,
          entity,
          access: new Set(rule.access.filter(isSharingAccess)),
          condition: rule.condition,
          stale: stale.sharing.has(sharingRuleKey(role.name, rule.name)),
        }),
      );
    byEntity.set(entity, {
      scopes: {
        create: permission.create ?? 'none',
        read: permission.read ?? 'none',
        update: permission.update ?? 'none',
        delete: permission.delete ?? 'none',
      },
      changeOwner: permission.changeOwner === true,
      sharing,
      fields,
    });
  }
  return {
    name: role.name,
    admin: role.admin === true,
    entity: (name) => byEntity.get(name) ?? EMPTY_GRANTS,
  };
}

export function compileRoles(app: App, stale: StaleGrants): CompiledRoles {
  const roles = new Map<string, CompiledRole>();
  // The first role of a name wins; semantic validation refuses duplicates anyway.
  for (const role of app.roles ?? []) if (!roles.has(role.name)) roles.set(role.name, compileRole(role, stale));
  return {
    app,
    role: (name) => roles.get(name),
    isAdmin: (names) => names.some((name) => name === BUILT_IN_ADMIN_ROLE || roles.get(name)?.admin === true),
  };
}

/** The rule grants `op` on records and is not stale. */
export function ruleGrants(rule: CompiledSharingRule, op: AccessOperation): boolean {
  return !rule.stale && op !== 'create' && rule.access.has(op);
}

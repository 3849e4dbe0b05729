import { compileFormula, isSystemField, type Entity, type Field, type FieldAccess } from '@crm/schemas';
import type { FieldGrantSource } from './access.types.js';
import { ruleGrants, type RoleEntityGrants } from './role-grants.compiler.js';

/*
 * What one role says about one field (pure). A role reaches a field only as far as it reaches the
 * entity: readable where it may read records (scope or sharing rule), writable where it may create
 * or update them. role.fields can only narrow that; a stale grant (its field was deleted and
 * recreated) narrows it to hidden. System columns are readable with the record and never writable,
 * except `owner`, which follows changeOwner. Formulas and one-to-many relations are computed, so
 * read at most. Across roles the most permissive answer wins.
 */

const LEVEL: Readonly<Record<FieldAccess, number>> = { hidden: 0, read: 1, write: 2 };

export function widerAccess(a: FieldAccess, b: FieldAccess): FieldAccess {
  return LEVEL[a] >= LEVEL[b] ? a : b;
}

export function narrowerAccess(a: FieldAccess, b: FieldAccess): FieldAccess {
  return LEVEL[a] <= LEVEL[b] ? a : b;
}

/** Fields nobody writes through the API: their values are computed. */
export function isComputedField(field: Field): boolean {
  return field.type === 'formula' || (field.type === 'relation' && (field.cardinality ?? 'many-to-one') === 'one-to-many');
}

export function roleReads(grants: RoleEntityGrants): boolean {
  return grants.scopes.read !== 'none' || grants.sharing.some((r) => ruleGrants(r, 'read'));
}

export function roleWrites(grants: RoleEntityGrants): boolean {
  return grants.scopes.create !== 'none' || grants.scopes.update !== 'none' || grants.sharing.some((r) => ruleGrants(r, 'update'));
}

/** The widest access the role's entity permissions allow on any field. */
function ceiling(grants: RoleEntityGrants): FieldAccess {
  if (roleWrites(grants)) return 'write';
  return roleReads(grants) ? 'read' : 'hidden';
}

export function roleFieldAccess(entity: Entity, grants: RoleEntityGrants, role: string, name: string): FieldGrantSource {
  const cap = ceiling(grants);
  if (isSystemField(name)) {
    if (name === 'owner' && grants.changeOwner && cap === 'write') return { role, access: 'write', source: 'default' };
    return { role, access: narrowerAccess(cap, 'read'), source: 'default' };
  }
  const field = entity.fields.find((f) => f.name === name);
  if (!field) return { role, access: 'hidden', source: 'default' };
  const limit = isComputedField(field) ? narrowerAccess(cap, 'read') : cap;
  const grant = grants.fields.get(name);
  if (!grant) return { role, access: limit, source: 'default' };
  if (grant.stale) return { role, access: 'hidden', source: 'stale' };
  return { role, access: narrowerAccess(grant.access, limit), source: 'grant' };
}

const formulaInputs = new WeakMap<Entity, Map<string, readonly string[] | null>>();

/**
 * The fields a formula reads (null when it does not compile). A formula shows what it reads, so it
 * is visible only where all of those are (access.policy.ts applies this).
 */
export function formulaReferences(entity: Entity, name: string): readonly string[] | null {
  let perEntity = formulaInputs.get(entity);
  if (!perEntity) {
    perEntity = new Map();
    formulaInputs.set(entity, perEntity);
  }
  if (perEntity.has(name)) return perEntity.get(name) ?? null;
  const field = entity.fields.find((f) => f.name === name);
  let references: readonly string[] | null = [];
  if (field?.type === 'formula') {
    const inputs = entity.fields.filter((f) => f.type !== 'formula').map((f) => f.name);
    const compiled = compileFormula(field.expression, inputs);
    references = compiled.ok ? compiled.references : null;
  }
  perEntity.set(name, references);
  return references;
}

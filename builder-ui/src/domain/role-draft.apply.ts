import type { App, Condition, EntityPermission, FieldAccess, LocalizedText, Role, Scope, SharingRule } from '@crm/schemas';
import { valueAtPath, type DraftChange, type DraftPatch, type JsonPath } from './definition-draft.apply.js';
import { nameFromLabel, uniqueName } from './field-name.rules.js';

/*
 * The role matrix's edits as DraftChanges over the app: roles from presets, a scope per entity and
 * operation, field access, sharing rules. A role that does not mention an entity grants nothing on
 * it (runtime/src/access/README.md), so a new role is written out for every entity: the analyst
 * sees and changes what is there instead of guessing what an absent key means.
 */

export const SCOPES: readonly Scope[] = ['none', 'own', 'team', 'subtree', 'all'];
export const OPERATIONS = ['create', 'read', 'update', 'delete'] as const;
export type Operation = (typeof OPERATIONS)[number];
export const FIELD_ACCESS: readonly FieldAccess[] = ['hidden', 'read', 'write'];
export const SHARING_ACCESS = ['read', 'update', 'delete'] as const;
export type SharingAccess = (typeof SHARING_ACCESS)[number];

/** Starting points for a new role: what a rep, a manager and a head usually get on every entity. */
export const ROLE_PRESETS = {
  own: { create: 'own', read: 'own', update: 'own', delete: 'none', changeOwner: false },
  team: { create: 'team', read: 'team', update: 'team', delete: 'own', changeOwner: true },
  all: { create: 'all', read: 'all', update: 'all', delete: 'all', changeOwner: true },
  none: { create: 'none', read: 'none', update: 'none', delete: 'none', changeOwner: false },
} as const satisfies Record<string, Required<EntityPermission>>;
export type RolePreset = keyof typeof ROLE_PRESETS;
export const ROLE_PRESET_NAMES: readonly RolePreset[] = ['own', 'team', 'all', 'none'];

function roleAt(app: App, r: number): Role {
  const role = app.roles?.[r];
  if (!role) throw new RangeError(`There is no role ${r}.`);
  return role;
}

/**
 * Patches that put `value` at `path`, creating the objects on the way: the first absent member gets
 * the nested value, so the change is one patch and undo removes exactly what it added.
 */
export function setCreating(document: unknown, path: JsonPath, value: unknown): DraftPatch {
  for (let depth = 1; depth < path.length; depth += 1) {
    const prefix = path.slice(0, depth);
    if (valueAtPath(document, prefix) === undefined) {
      const nested = path.slice(depth).reduceRight<unknown>((inner, key) => ({ [String(key)]: inner }), value);
      return { op: 'set', path: prefix, value: nested };
    }
  }
  return { op: 'set', path, value };
}

function permission(preset: RolePreset): EntityPermission {
  return { ...ROLE_PRESETS[preset] };
}

export function newRole(app: App, label: string, preset: RolePreset, labelEn?: string): Role {
  const en = labelEn && labelEn.trim() !== '' ? labelEn.trim() : undefined;
  const name = uniqueName(nameFromLabel(en ?? label, 'role'), (app.roles ?? []).map((r) => r.name).concat('admin'));
  return {
    name,
    label: { ru: label.trim(), en: en ?? label.trim() },
    entities: Object.fromEntries(app.entities.map((e) => [e.name, permission(preset)])),
  };
}

export function addRole(app: App, role: Role): DraftChange {
  const patch: DraftPatch = app.roles ? { op: 'insert', path: ['roles', app.roles.length], value: role } : { op: 'set', path: ['roles'], value: [role] };
  return { label: `Add role ${role.name}`, patches: [patch] };
}

export function removeRole(app: App, r: number): DraftChange {
  const role = roleAt(app, r);
  const patches: DraftPatch[] = [];
  // Views shown only to this role would name a role that no longer exists.
  (app.views ?? []).forEach((view, v) => {
    if (view.roles?.includes(role.name)) {
      const rest = view.roles.filter((name) => name !== role.name);
      patches.push({ op: 'set', path: ['views', v, 'roles'], value: rest.length > 0 ? rest : undefined });
    }
  });
  patches.push({ op: 'remove', path: ['roles', r] });
  return { label: `Delete role ${role.name}`, patches };
}

export function setRoleLabel(app: App, r: number, label: LocalizedText): DraftChange {
  return { label: `Rename role ${roleAt(app, r).name}`, patches: [{ op: 'set', path: ['roles', r, 'label'], value: label }] };
}

/** A role's powers beyond its record rights (role.schema.json): admin, builder, mailings. */
export type RoleFlag = 'admin' | 'builder' | 'mailings';

export function setRoleFlag(app: App, r: number, flag: RoleFlag, on: boolean): DraftChange {
  return { label: `${on ? 'Grant' : 'Revoke'} ${flag} on role ${roleAt(app, r).name}`, patches: [{ op: 'set', path: ['roles', r, flag], value: on ? true : undefined }] };
}

/** The role's scope for an operation on an entity; an unmentioned one is none. */
export function scopeOf(role: Role, entity: string, op: Operation): Scope {
  return role.entities?.[entity]?.[op] ?? 'none';
}

export function setScope(app: App, r: number, entity: string, op: Operation, scope: Scope): DraftChange {
  const role = roleAt(app, r);
  return {
    label: `Role ${role.name}: ${op} ${entity} → ${scope}`,
    patches: [setCreating(app, ['roles', r, 'entities', entity, op], scope)],
  };
}

export function setChangeOwner(app: App, r: number, entity: string, on: boolean): DraftChange {
  const role = roleAt(app, r);
  return { label: `Role ${role.name}: change owner of ${entity}`, patches: [setCreating(app, ['roles', r, 'entities', entity, 'changeOwner'], on)] };
}

/** A whole row of the matrix from a preset (the same four scopes and changeOwner). */
export function setEntityPreset(app: App, r: number, entity: string, preset: RolePreset): DraftChange {
  const role = roleAt(app, r);
  return { label: `Role ${role.name}: ${entity} as ${preset}`, patches: [setCreating(app, ['roles', r, 'entities', entity], permission(preset))] };
}

/** The field access the role states, or null where it follows the entity's permissions. */
export function fieldGrantOf(role: Role, entity: string, field: string): FieldAccess | null {
  return role.fields?.[entity]?.[field] ?? null;
}

/** States a field's access, or (null) removes the statement so it follows the entity again. */
export function setFieldAccess(app: App, r: number, entity: string, field: string, access: FieldAccess | null): DraftChange {
  const role = roleAt(app, r);
  const label = `Role ${role.name}: ${entity}.${field} → ${access ?? 'default'}`;
  if (access !== null) return { label, patches: [setCreating(app, ['roles', r, 'fields', entity, field], access)] };
  const grants = role.fields?.[entity];
  if (!grants || !(field in grants)) return { label, patches: [] };
  const rest = Object.keys(grants).filter((f) => f !== field);
  // An entity without grants leaves no empty object behind, and a role without any leaves no `fields`.
  if (rest.length > 0) return { label, patches: [{ op: 'set', path: ['roles', r, 'fields', entity, field], value: undefined }] };
  const otherEntities = Object.keys(role.fields ?? {}).filter((e) => e !== entity);
  if (otherEntities.length > 0) return { label, patches: [{ op: 'set', path: ['roles', r, 'fields', entity], value: undefined }] };
  return { label, patches: [{ op: 'set', path: ['roles', r, 'fields'], value: undefined }] };
}

/**
 * A rule to start from: records whose first choice field has its first option (a rule on the
 * owner would repeat the "own" scope); the analyst changes it in the condition editor.
 */
export function newSharingRule(app: App, role: Role, entity: string): SharingRule {
  const name = uniqueName(`${entity}_rule`, (role.sharing ?? []).map((s) => s.name));
  const fields = app.entities.find((e) => e.name === entity)?.fields ?? [];
  const choice = fields.find((f) => f.type === 'enum' && (f.options?.length ?? 0) > 0);
  const first = choice?.type === 'enum' ? choice.options?.[0]?.value : undefined;
  const condition: Condition = choice && first !== undefined ? { field: choice.name, op: 'eq', value: first } : { field: fields[0]?.name ?? 'owner', op: 'isNotEmpty' };
  return { name, entity, access: ['read'], condition };
}

export function addSharingRule(app: App, r: number, rule: SharingRule): DraftChange {
  const role = roleAt(app, r);
  const patch: DraftPatch = role.sharing ? { op: 'insert', path: ['roles', r, 'sharing', role.sharing.length], value: rule } : { op: 'set', path: ['roles', r, 'sharing'], value: [rule] };
  return { label: `Role ${role.name}: add sharing rule ${rule.name}`, patches: [patch] };
}

export function removeSharingRule(app: App, r: number, s: number): DraftChange {
  const role = roleAt(app, r);
  const rule = role.sharing?.[s];
  if (!rule) throw new RangeError(`There is no sharing rule ${s} in role ${r}.`);
  const patch: DraftPatch = role.sharing?.length === 1 ? { op: 'set', path: ['roles', r, 'sharing'], value: undefined } : { op: 'remove', path: ['roles', r, 'sharing', s] };
  return { label: `Role ${role.name}: delete sharing rule ${rule.name}`, patches: [patch] };
}

export type SharingRulePart = { name: string } | { entity: string } | { access: SharingAccess[] } | { condition: unknown };

export function setSharingRule(app: App, r: number, s: number, part: SharingRulePart): DraftChange {
  const role = roleAt(app, r);
  const rule = role.sharing?.[s];
  if (!rule) throw new RangeError(`There is no sharing rule ${s} in role ${r}.`);
  const [key, value] = Object.entries(part)[0] ?? [];
  if (key === undefined) return { label: 'Nothing', patches: [] };
  return { label: `Role ${role.name}: sharing rule ${rule.name} ${key}`, patches: [{ op: 'set', path: ['roles', r, 'sharing', s, key], value }] };
}

/** Turns one access of a sharing rule on or off, keeping the schema's order and at least read when all go. */
export function toggleSharingAccess(app: App, r: number, s: number, access: SharingAccess, on: boolean): DraftChange {
  const rule = roleAt(app, r).sharing?.[s];
  if (!rule) throw new RangeError(`There is no sharing rule ${s} in role ${r}.`);
  const next = SHARING_ACCESS.filter((a) => (a === access ? on : rule.access.includes(a)));
  return setSharingRule(app, r, s, { access: next.length > 0 ? next : ['read'] });
}

import { compileFormula, isSystemField, type App, type Entity, type FieldAccess, type Form, type FormItem, type FormSection, type LocalizedText, type Role, type Scope, type View } from '@crm/schemas';
import { scopeOf, type Operation } from './role-draft.apply.js';

/*
 * "View as role" from the draft: which fields of a list or form a role would see, read or write,
 * and why, without publishing. It follows the runtime's field-access rules
 * (runtime/src/access/field-access.rules.ts): a role reaches a field only as far as it reaches the
 * entity (readable where it may read records by scope or sharing rule, writable where it may create
 * or update them); a field grant only narrows that; system fields are read-only with the record,
 * `owner` writable with changeOwner; formulas and one-to-many lists are read at most, and a formula
 * is hidden where a field it reads is. For a stored record the runtime's explainer gives the live
 * answer; this is the draft's.
 */

export type AccessReason =
  /** The role is an admin role: it sees and changes everything. */
  | 'admin'
  /** The role's field grant says so. */
  | 'grant'
  /** The grant says write, but the role may not create or update these records. */
  | 'grant-capped'
  /** The role may not read records of the entity at all. */
  | 'no-read'
  /** The role may read records but neither create nor update them. */
  | 'read-only-entity'
  /** Computed (formula, list of related records): nobody writes it. */
  | 'computed'
  /** A formula reading a field hidden from the role. */
  | 'formula-input-hidden'
  /** A system field: shown with the record, written by the system. */
  | 'system'
  /** The owner: changed only with "may change owner". */
  | 'owner'
  /** Follows the entity's permissions. */
  | 'default';

export interface FieldAsRole {
  field: string;
  label: LocalizedText | undefined;
  access: FieldAccess;
  reason: AccessReason;
}

const LEVEL: Readonly<Record<FieldAccess, number>> = { hidden: 0, read: 1, write: 2 };
const narrower = (a: FieldAccess, b: FieldAccess): FieldAccess => (LEVEL[a] <= LEVEL[b] ? a : b);

export interface EntityAsRole {
  scopes: Record<Operation, Scope>;
  /** May read some records (a scope or a sharing rule). */
  reads: boolean;
  /** May create or update some records. */
  writes: boolean;
}

export function entityAsRole(role: Role, entity: string): EntityAsRole {
  const scope = (op: Operation): Scope => (role.admin === true ? 'all' : scopeOf(role, entity, op));
  const scopes = { create: scope('create'), read: scope('read'), update: scope('update'), delete: scope('delete') };
  const rules = (role.sharing ?? []).filter((s) => s.entity === entity);
  const reads = role.admin === true || scopes.read !== 'none' || rules.some((s) => s.access.includes('read'));
  const writes = role.admin === true || scopes.create !== 'none' || scopes.update !== 'none' || rules.some((s) => s.access.includes('update'));
  return { scopes, reads, writes };
}

function fieldIn(entity: Entity, name: string) {
  return entity.fields.find((f) => f.name === name);
}

function formulaInputs(entity: Entity, name: string): readonly string[] {
  const field = fieldIn(entity, name);
  if (field?.type !== 'formula') return [];
  const compiled = compileFormula(field.expression, entity.fields.filter((f) => f.type !== 'formula').map((f) => f.name));
  return compiled.ok ? compiled.references : [];
}

/** What the role may do with one field of the entity, and why. */
export function fieldAsRole(app: App, role: Role, entityName: string, name: string): FieldAsRole {
  const entity = app.entities.find((e) => e.name === entityName);
  const field = entity ? fieldIn(entity, name) : undefined;
  const label = field?.label;
  const at = (access: FieldAccess, reason: AccessReason): FieldAsRole => ({ field: name, label, access, reason });
  if (role.admin === true) return at(isSystemField(name) ? 'read' : field && isComputed(field) ? 'read' : 'write', 'admin');
  const { reads, writes } = entityAsRole(role, entityName);
  if (!reads && !writes) return at('hidden', 'no-read');
  const cap: FieldAccess = writes ? 'write' : 'read';
  if (isSystemField(name)) {
    if (name === 'owner') return at(writes && role.entities?.[entityName]?.changeOwner === true ? 'write' : 'read', 'owner');
    return at('read', 'system');
  }
  if (!entity || !field) return at('hidden', 'no-read');
  const grant = role.fields?.[entityName]?.[name];
  const limit = isComputed(field) ? narrower(cap, 'read') : cap;
  if (field.type === 'formula' && formulaInputs(entity, name).some((input) => fieldAsRole(app, role, entityName, input).access === 'hidden')) {
    return at('hidden', 'formula-input-hidden');
  }
  if (grant !== undefined) return at(narrower(grant, limit), LEVEL[grant] > LEVEL[limit] ? 'grant-capped' : 'grant');
  if (limit === 'read') return at('read', isComputed(field) ? 'computed' : 'read-only-entity');
  return at('write', 'default');
}

function isComputed(field: Entity['fields'][number]): boolean {
  return field.type === 'formula' || (field.type === 'relation' && (field.cardinality ?? 'many-to-one') === 'one-to-many');
}

export interface ListAsRole {
  columns: FieldAsRole[];
  hidden: FieldAsRole[];
}

/** A view's columns as the role sees them (dot paths answer for their first hop). */
export function listAsRole(app: App, role: Role, view: Pick<View, 'entity' | 'columns'>, entity?: Entity): ListAsRole {
  const names = view.columns ?? (entity ?? app.entities.find((e) => e.name === view.entity))?.fields.map((f) => f.name) ?? [];
  const all = names.map((column) => ({ ...fieldAsRole(app, role, view.entity, column.split('.')[0] ?? column), field: column }));
  return { columns: all.filter((c) => c.access !== 'hidden'), hidden: all.filter((c) => c.access === 'hidden') };
}

export interface FormItemAsRole extends FieldAsRole {
  span: number;
  /** The form's own rule makes it read-only for everyone. */
  formReadOnly: boolean;
  hasVisibleRule: boolean;
  hasRequiredRule: boolean;
}

export interface FormAsRole {
  sections: Array<{ label: LocalizedText | undefined; columns: number; items: FormItemAsRole[] }>;
  hidden: FieldAsRole[];
}

/** The form as the role would get it; without a form, every field in one section (the workspace's default). */
export function formAsRole(app: App, role: Role, form: Pick<Form, 'entity' | 'sections'> | null, entityName: string): FormAsRole {
  const entity = app.entities.find((e) => e.name === entityName);
  const sections: FormSection[] = form?.sections ?? [{ columns: 2, fields: (entity?.fields ?? []).map((f): FormItem => ({ field: f.name })) }];
  const hidden: FieldAsRole[] = [];
  return {
    sections: sections.map((section) => ({
      label: section.label,
      columns: section.columns ?? 1,
      items: section.fields.flatMap((item) => {
        const seen = fieldAsRole(app, role, entityName, item.field);
        if (seen.access === 'hidden') {
          hidden.push(seen);
          return [];
        }
        const formReadOnly = item.readOnly === true;
        return [{ ...seen, access: formReadOnly ? narrower(seen.access, 'read') : seen.access, span: item.span ?? 1, formReadOnly, hasVisibleRule: item.visibleWhen !== undefined, hasRequiredRule: item.requiredWhen !== undefined }];
      }),
    })),
    hidden,
  };
}

/** The role as the preview needs it: a defined role, or the built-in admin. */
export function roleForPreview(app: App, name: string): Role | null {
  if (name === 'admin' && !(app.roles ?? []).some((r) => r.name === 'admin')) return { name: 'admin', admin: true };
  return (app.roles ?? []).find((r) => r.name === name) ?? null;
}

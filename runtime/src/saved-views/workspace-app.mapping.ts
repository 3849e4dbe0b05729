import type { App, Entity, Form, View } from '@crm/schemas';
import type { AccessPolicy } from '../access/index.js';

/*
 * GET /api/workspace/app: the live definition as one person may see it, so the workspace can draw
 * lists, filters and forms without the builder's full definition. Only the entities the person
 * may read, without the fields hidden from them (in fields, search, views and forms); views of
 * other roles, roles and processes are left out. `access` says what the person may do per entity.
 */

export interface WorkspaceEntityAccess {
  create: boolean;
  update: boolean;
  delete: boolean;
  changeOwner: boolean;
  /** Fields the person may set (on records the update scope reaches). */
  writable: string[];
}

export interface WorkspaceAppResponse {
  app: App;
  access: Record<string, WorkspaceEntityAccess>;
}

function visibleEntity(entity: Entity, visible: (field: string) => boolean): Entity {
  return {
    ...entity,
    fields: entity.fields.filter((f) => visible(f.name)),
    ...(entity.search ? { search: entity.search.filter(visible) } : {}),
  };
}

function visibleView(view: View, visible: (field: string) => boolean): View {
  return {
    ...view,
    ...(view.columns ? { columns: view.columns.filter(visible) } : {}),
    ...(view.sort ? { sort: view.sort.filter((k) => visible(k.field)) } : {}),
  };
}

function visibleForm(form: Form, visible: (field: string) => boolean): Form | null {
  const sections = form.sections.map((s) => ({ ...s, fields: s.fields.filter((item) => visible(item.field)) })).filter((s) => s.fields.length > 0);
  return sections.length > 0 ? { ...form, sections } : null;
}

export function workspaceApp(app: App, policy: AccessPolicy, roles: readonly string[]): WorkspaceAppResponse {
  const readable = new Set(app.entities.filter((e) => policy.entity(e.name).can('read')).map((e) => e.name));
  const visibleIn = (entity: string) => (field: string) => policy.entity(entity).isFieldVisible(field);
  const forRole = (view: View) => policy.kind === 'admin' || !view.roles || view.roles.some((r) => roles.includes(r));
  const access: Record<string, WorkspaceEntityAccess> = {};
  for (const name of readable) {
    const a = policy.entity(name);
    access[name] = { create: a.can('create'), update: a.can('update'), delete: a.can('delete'), changeOwner: a.canChangeOwner(), writable: a.can('update') ? a.writableFields() : [] };
  }
  const forms = (app.forms ?? []).filter((f) => readable.has(f.entity)).flatMap((f) => visibleForm(f, visibleIn(f.entity)) ?? []);
  return {
    app: {
      name: app.name,
      ...(app.label ? { label: app.label } : {}),
      ...(app.settings ? { settings: app.settings } : {}),
      entities: app.entities.filter((e) => readable.has(e.name)).map((e) => visibleEntity(e, visibleIn(e.name))),
      pipelines: (app.pipelines ?? []).filter((p) => readable.has(p.entity)),
      views: (app.views ?? []).filter((v) => readable.has(v.entity) && forRole(v)).map((v) => visibleView(v, visibleIn(v.entity))),
      forms,
      roles: [],
      processes: [],
    },
    access,
  };
}

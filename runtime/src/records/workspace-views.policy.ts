import { checkCondition, type App, type View } from '@crm/schemas';
import type { AccessPolicy } from '../access/index.js';

/*
 * The views of the live definition a person is shown in the workspace (GET /api/records), as
 * dashboards are (reports/workspace-dashboards.policy.ts): a view over an entity they may read,
 * meant for one of their roles (no roles: for everyone who reads the entity; admins see all).
 * A view that works by a field hidden from them (its filter, kanban stage or group field, calendar
 * date field) is not shown: the records API would refuse its list, or it would sort records by a
 * value they may not see. Columns and sort keys on hidden fields (or paths through them) are
 * dropped, so a column never names a field the person cannot read.
 */

/** A field or a dot path through relations (`company.city`) the caller may read at every step. */
function pathVisible(app: App, policy: AccessPolicy, entity: string, path: string): boolean {
  let current = entity;
  const steps = path.split('.');
  for (const [index, step] of steps.entries()) {
    const access = policy.entity(current);
    if (!access.can('read') || !access.isFieldVisible(step)) return false;
    if (index === steps.length - 1) return true;
    const field = app.entities.find((e) => e.name === current)?.fields.find((f) => f.name === step);
    if (field?.type !== 'relation') return false;
    current = field.target;
  }
  return false;
}

function worksByHiddenField(app: App, policy: AccessPolicy, view: View): boolean {
  const visible = (path: string): boolean => pathVisible(app, policy, view.entity, path);
  const stageField = view.pipeline === undefined ? undefined : app.pipelines?.find((p) => p.name === view.pipeline)?.field;
  if ([view.groupBy, view.dateField, stageField].some((field) => field !== undefined && !visible(field))) return true;
  if (view.filter === undefined) return false;
  const isFieldVisible = (entity: string, field: string): boolean => policy.entity(entity).isFieldVisible(field);
  return checkCondition(view.filter, { app, entity: view.entity, allowTriggerOps: false, isFieldVisible }).length > 0;
}

export function visibleViews(app: App, policy: AccessPolicy): View[] {
  const held = new Set(policy.subject?.roles ?? []);
  return (app.views ?? []).flatMap((view) => {
    if (!policy.entity(view.entity).can('read')) return [];
    if (!policy.unrestricted && view.roles !== undefined && !view.roles.some((role) => held.has(role))) return [];
    if (worksByHiddenField(app, policy, view)) return [];
    const visible = (path: string): boolean => pathVisible(app, policy, view.entity, path);
    return [
      {
        ...view,
        ...(view.columns ? { columns: view.columns.filter(visible) } : {}),
        ...(view.sort ? { sort: view.sort.filter((key) => visible(key.field)) } : {}),
      },
    ];
  });
}

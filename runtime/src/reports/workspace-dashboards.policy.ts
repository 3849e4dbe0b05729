import { widgetFieldsRead, type App, type Dashboard, type DashboardWidget } from '@crm/schemas';
import type { AccessPolicy } from '../access/index.js';

/*
 * The dashboards of the live definition a person is shown in the workspace (GET /api/records):
 * those meant for one of their roles (no roles: for everyone; admins see all), each with only the
 * widgets they can be shown — over an entity they may read, reading no field hidden from them
 * (metric, groupBy, period, the funnel's stage field, sort, filter). A table keeps its visible
 * columns. A dashboard left without widgets is not shown. What the widgets then display comes
 * from the reports and records APIs, which scope every number to the caller's readable records.
 */

function visibleWidget(app: App, policy: AccessPolicy, widget: DashboardWidget): DashboardWidget[] {
  const access = policy.entity(widget.entity);
  if (!access.can('read')) return [];
  if (widgetFieldsRead(app, widget).some((field) => !access.isFieldVisible(field))) return [];
  if (widget.fields === undefined) return [widget];
  const fields = widget.fields.filter((field) => access.isFieldVisible(field));
  return fields.length === 0 ? [] : [{ ...widget, fields }];
}

export function visibleDashboards(app: App, policy: AccessPolicy): Dashboard[] {
  const held = new Set(policy.subject?.roles ?? []);
  return (app.dashboards ?? []).flatMap((dashboard) => {
    if (!policy.unrestricted && dashboard.roles !== undefined && !dashboard.roles.some((role) => held.has(role))) return [];
    const widgets = dashboard.widgets.flatMap((widget) => visibleWidget(app, policy, widget));
    return widgets.length === 0 ? [] : [{ ...dashboard, widgets }];
  });
}

import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { Dashboard, DashboardWidget } from '@crm/schemas';
import type { RecordPage } from '../api/records.api.js';
import { listUsers } from '../api/users.api.js';
import { fetchAggregate, fetchFunnel, fetchTopRecords, type AggregateReport, type FunnelReport } from '../api/reports.api.js';
import { widgetKey, widgetQuery } from '../domain/dashboard-widget.mapping.js';

/*
 * The answers of one dashboard's widgets, each loaded on its own so one that fails (a field since
 * hidden, a report the server refuses) leaves the others on screen. Every figure is the server's,
 * over the viewer's readable records. Changed only through loadDashboard.
 */

export type WidgetAnswer = { report: 'aggregate'; data: AggregateReport } | { report: 'funnel'; data: FunnelReport } | { report: 'records'; data: RecordPage };

export interface Loadable<T> {
  data: T | null;
  error: unknown;
  loading: boolean;
}

function ask(widget: DashboardWidget): Promise<WidgetAnswer> {
  const query = widgetQuery(widget);
  switch (query.report) {
    case 'aggregate':
      return fetchAggregate(query.entity, query.params).then((data) => ({ report: 'aggregate', data }));
    case 'funnel':
      return fetchFunnel(query.entity, query.params).then((data) => ({ report: 'funnel', data }));
    case 'records':
      return fetchTopRecords(query.entity, query.params).then((data) => ({ report: 'records', data }));
  }
}

export const useWorkspaceDashboardStore = defineStore('workspace-dashboard', () => {
  /** By widgetKey(dashboard, widget). */
  const widgets = ref<Record<string, Loadable<WidgetAnswer>>>({});
  /** The dashboard whose widgets are loaded (a newer load wins over a slower older one). */
  const current = ref<string | null>(null);
  /** People's names for the tables' user columns (owner, assignee); empty when they cannot be listed. */
  const userNames = ref<Record<string, string>>({});
  let peopleAsked = false;

  async function loadPeople(): Promise<void> {
    if (peopleAsked) return;
    peopleAsked = true;
    const people = await listUsers().catch(() => []);
    userNames.value = Object.fromEntries(people.map((p) => [p.id, p.name ?? p.email ?? p.id]));
  }

  async function loadWidget(dashboard: Dashboard, widget: DashboardWidget): Promise<void> {
    const key = widgetKey(dashboard, widget);
    widgets.value = { ...widgets.value, [key]: { data: widgets.value[key]?.data ?? null, error: null, loading: true } };
    let next: Loadable<WidgetAnswer>;
    try {
      next = { data: await ask(widget), error: null, loading: false };
    } catch (caught: unknown) {
      next = { data: null, error: caught, loading: false };
    }
    if (current.value === dashboard.name) widgets.value = { ...widgets.value, [key]: next };
  }

  async function loadDashboard(dashboard: Dashboard): Promise<void> {
    current.value = dashboard.name;
    const tables = dashboard.widgets.some((w) => w.kind === 'table');
    await Promise.all([...dashboard.widgets.map((widget) => loadWidget(dashboard, widget)), tables ? loadPeople() : Promise.resolve()]);
  }

  function stateOf(dashboard: Dashboard, widget: DashboardWidget): Loadable<WidgetAnswer> {
    return widgets.value[widgetKey(dashboard, widget)] ?? { data: null, error: null, loading: true };
  }

  return { widgets, current, userNames, loadDashboard, stateOf };
});

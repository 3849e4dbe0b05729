import { createPinia, setActivePinia } from 'pinia';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Dashboard } from '@crm/schemas';
import { ApiError } from '../api/http.client.js';
import { createRecord, listRecords } from '../api/records.api.js';
import { signedInAdmin } from './ui-runtime.fixture.js';
import { useWorkspaceDashboardStore } from './workspace-dashboard.store.js';

/* Dashboards against a real runtime with b2b-sales (its 4 demo tasks are due in December 2026). */

const SALES: Dashboard = {
  name: 'sales',
  label: { en: 'Sales' },
  widgets: [
    { name: 'open', label: { en: 'Open' }, kind: 'figure', entity: 'deal', metric: { op: 'sum', field: 'amount' }, period: { field: 'close_date', range: 'this_year' } },
    { name: 'funnel', label: { en: 'Funnel' }, kind: 'funnel', entity: 'deal', pipeline: 'sales' },
    { name: 'tasks', label: { en: 'Tasks' }, kind: 'table', entity: 'task', fields: ['title'], sort: [{ field: 'due_at' }], limit: 3 },
  ],
};

function widget(dashboard: Dashboard, index: number) {
  const found = dashboard.widgets[index];
  if (!found) throw new Error(`no widget ${index}`);
  return found;
}

describe('workspace dashboard store', () => {
  beforeAll(async () => {
    await signedInAdmin();
    // A deal closing this year, whatever the demo data's dates.
    await createRecord('deal', { title: 'Закрываем в этом году', amount: 12_345, stage: 'lead', close_date: new Date().toISOString().slice(0, 10) });
  });
  beforeEach(() => {
    setActivePinia(createPinia());
  });

  it('asks each widget its own report, with the period for the server to work out', async () => {
    const store = useWorkspaceDashboardStore();
    await store.loadDashboard(SALES);
    const figure = store.stateOf(SALES, widget(SALES, 0)).data;
    expect(figure?.report).toBe('aggregate');
    // The server worked the period out: the sum over the deals closing this year, as the list finds them.
    const year = new Date().getFullYear();
    const closing = await listRecords('deal', { filter: { field: 'close_date', op: 'between', value: [`${year}-01-01`, `${year}-12-31`] }, limit: 500 });
    const expected = closing.data.reduce((sum, deal) => sum + Number(deal['amount']), 0);
    expect(expected).toBeGreaterThanOrEqual(12_345);
    expect(figure?.report === 'aggregate' && figure.data.totals['sum:amount']).toBe(expected);
    const funnel = store.stateOf(SALES, widget(SALES, 1)).data;
    expect(funnel?.report === 'funnel' && funnel.data.stages.map((s) => s.name)).toEqual(['lead', 'qualified', 'proposal', 'contract', 'won', 'lost']);
    const table = store.stateOf(SALES, widget(SALES, 2)).data;
    expect(table?.report === 'records' && table.data.data.map((r) => r['title'])).toEqual(['Подготовить коммерческое предложение', 'Согласовать договор с юристами', 'Выставить счёт']);
  });

  it('keeps the other widgets when one fails', async () => {
    const broken: Dashboard = { ...SALES, name: 'broken', widgets: [{ ...widget(SALES, 0), metric: { op: 'sum', field: 'no_such_field' } }, widget(SALES, 1), widget(SALES, 2)] };
    const store = useWorkspaceDashboardStore();
    await store.loadDashboard(broken);
    const refused = store.stateOf(broken, widget(broken, 0));
    expect(refused.data).toBeNull();
    expect(refused.loading).toBe(false);
    expect(refused.error).toBeInstanceOf(ApiError);
    expect(store.stateOf(broken, widget(broken, 1)).error).toBeNull();
    expect(store.stateOf(broken, widget(broken, 2)).data?.report).toBe('records');
  });
});

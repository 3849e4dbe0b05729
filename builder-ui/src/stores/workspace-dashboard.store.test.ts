import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import type { Dashboard } from '@crm/schemas';
import { ApiError } from '../api/http.client.js';

const api = vi.hoisted(() => ({ fetchAggregate: vi.fn(), fetchFunnel: vi.fn(), fetchTopRecords: vi.fn() }));
vi.mock('../api/reports.api.js', () => api);
vi.mock('../api/users.api.js', () => ({ listUsers: vi.fn().mockResolvedValue([{ id: 'u1', name: 'Анна', email: 'a@example.com' }]) }));

const { useWorkspaceDashboardStore } = await import('./workspace-dashboard.store.js');

const SALES: Dashboard = {
  name: 'sales',
  label: { en: 'Sales' },
  widgets: [
    { name: 'open', label: { en: 'Open' }, kind: 'figure', entity: 'deal', metric: { op: 'sum', field: 'amount' }, period: { field: 'close_date', range: 'this_year' } },
    { name: 'funnel', label: { en: 'Funnel' }, kind: 'funnel', entity: 'deal', pipeline: 'sales' },
    { name: 'tasks', label: { en: 'Tasks' }, kind: 'table', entity: 'task', fields: ['title'], sort: [{ field: 'due_at' }], limit: 5 },
  ],
};

describe('workspace dashboard store', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
    for (const fn of Object.values(api)) fn.mockReset();
  });

  it('asks each widget its own report, with the period for the server to work out', async () => {
    api.fetchAggregate.mockResolvedValue({ groups: [], totals: { 'sum:amount': 10 }, truncated: false });
    api.fetchFunnel.mockResolvedValue({ stages: [] });
    api.fetchTopRecords.mockResolvedValue({ data: [], nextCursor: null });
    const store = useWorkspaceDashboardStore();
    await store.loadDashboard(SALES);
    expect(api.fetchAggregate).toHaveBeenCalledWith('deal', { metrics: 'sum:amount', period: 'this_year', periodField: 'close_date' });
    expect(api.fetchFunnel).toHaveBeenCalledWith('deal', { pipeline: 'sales' });
    expect(api.fetchTopRecords).toHaveBeenCalledWith('task', { sort: 'due_at', limit: '5' });
    expect(store.stateOf(SALES, SALES.widgets[0]!).data).toEqual({ report: 'aggregate', data: { groups: [], totals: { 'sum:amount': 10 }, truncated: false } });
  });

  it('keeps the other widgets when one fails', async () => {
    const refused = new ApiError(400, 'UNKNOWN_FIELD', 'no', []);
    api.fetchAggregate.mockRejectedValue(refused);
    api.fetchFunnel.mockResolvedValue({ stages: [] });
    api.fetchTopRecords.mockResolvedValue({ data: [{ id: 'r1' }], nextCursor: null });
    const store = useWorkspaceDashboardStore();
    await store.loadDashboard(SALES);
    expect(store.stateOf(SALES, SALES.widgets[0]!)).toEqual({ data: null, error: refused, loading: false });
    expect(store.stateOf(SALES, SALES.widgets[2]!).data).toEqual({ report: 'records', data: { data: [{ id: 'r1' }], nextCursor: null } });
  });
});

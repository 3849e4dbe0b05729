import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { ApiError } from '../api/http.client.js';
import type { FunnelReport } from '../api/reports.api.js';

const api = vi.hoisted(() => ({
  fetchFunnel: vi.fn(),
  fetchForecast: vi.fn(),
  fetchWonByOwner: vi.fn(),
  fetchAggregate: vi.fn(),
  fetchOpenTasks: vi.fn(),
}));
vi.mock('../api/reports.api.js', () => api);

const { useWorkspaceDashboardStore } = await import('./workspace-dashboard.store.js');

const label = { en: 'x', ru: 'x' };
const FUNNEL: FunnelReport = {
  entity: 'deal',
  pipeline: { name: 'sales', label, field: 'stage', amountField: 'amount' },
  stages: [
    { name: 'lead', label, kind: 'open', probability: 10, count: 1, amount: 1, reached: 2, conversion: null },
    { name: 'won', label, kind: 'won', probability: 100, count: 1, amount: 1, reached: 1, conversion: 1 },
  ],
  other: { count: 0, amount: null },
  totals: { count: 2, amount: 2, open: { count: 1, amount: 1 }, won: { count: 1, amount: 1 }, lost: { count: 0, amount: 0 } },
  winRate: 1,
};

describe('workspace dashboard store', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
    for (const fn of Object.values(api)) fn.mockReset();
    api.fetchFunnel.mockResolvedValue(FUNNEL);
    api.fetchForecast.mockResolvedValue({ by: 'quarter', dateField: 'close_date', rows: [], totals: { count: 0, amount: 0, weighted: 0 } });
    api.fetchWonByOwner.mockResolvedValue({ period: null, rows: [], totals: { count: 0, amount: 0 } });
    api.fetchAggregate.mockResolvedValue({ groups: [], totals: {}, truncated: false });
    api.fetchOpenTasks.mockResolvedValue({ tasks: [{ id: 't1', title: 'Позвонить' }], more: false });
  });

  it('asks won-by-month for the won stages of the funnel over the last twelve months, and won-by-owner for this year', async () => {
    const store = useWorkspaceDashboardStore();
    await store.loadDashboard('deal', true, new Date(2026, 11, 4));
    expect(api.fetchAggregate).toHaveBeenCalledWith('deal', {
      groupBy: 'close_date',
      metrics: 'count,sum:amount',
      dateBucket: 'month',
      filter: { and: [{ field: 'stage', op: 'in', value: ['won'] }, { field: 'close_date', op: 'gte', value: '2026-01-01' }] },
    });
    expect(api.fetchWonByOwner).toHaveBeenCalledWith('deal', '2026-01-01', '2026-12-31');
    expect(store.openTasks.data?.tasks).toHaveLength(1);
    expect(store.funnel.loading).toBe(false);
  });

  it('a report that fails leaves the others loaded, with its own error', async () => {
    api.fetchOpenTasks.mockRejectedValue(new ApiError(403, 'FORBIDDEN', 'no', []));
    const store = useWorkspaceDashboardStore();
    await store.loadDashboard('deal', true);
    expect(store.openTasks.error).toBeInstanceOf(ApiError);
    expect(store.funnel.data).toEqual(FUNNEL);
    expect(store.forecast.error).toBeNull();
  });

  it('does not ask for tasks the viewer may not open', async () => {
    const store = useWorkspaceDashboardStore();
    await store.loadDashboard('deal', false);
    expect(api.fetchOpenTasks).not.toHaveBeenCalled();
    expect(store.openTasks.data).toBeNull();
  });
});

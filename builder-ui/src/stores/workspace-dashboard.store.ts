import { defineStore } from 'pinia';
import { ref } from 'vue';
import {
  fetchAggregate,
  fetchForecast,
  fetchFunnel,
  fetchOpenTasks,
  fetchWonByOwner,
  type AggregateReport,
  type ForecastReport,
  type FunnelReport,
  type TaskRecord,
  type WonByOwnerReport,
} from '../api/reports.api.js';
import { firstDayOfLastMonths, yearRange } from '../domain/dashboard-period.rules.js';

/*
 * The home dashboard's reports, each loaded on its own so one that fails (say, tasks the viewer
 * may not read) leaves the others on screen. Every figure is the server's, over the viewer's
 * readable records. Changed only through loadDashboard.
 */

export const DASHBOARD_MONTHS = 12;
const TASKS_SHOWN = 8;

export interface Loadable<T> {
  data: T | null;
  error: unknown;
  loading: boolean;
}

function idle<T>(): Loadable<T> {
  return { data: null, error: null, loading: false };
}

export interface OpenTasks {
  tasks: TaskRecord[];
  more: boolean;
}

export const useWorkspaceDashboardStore = defineStore('workspace-dashboard', () => {
  const funnel = ref<Loadable<FunnelReport>>(idle());
  const forecast = ref<Loadable<ForecastReport>>(idle());
  const wonByOwner = ref<Loadable<WonByOwnerReport>>(idle());
  const wonByMonth = ref<Loadable<AggregateReport>>(idle());
  const openTasks = ref<Loadable<OpenTasks>>(idle());
  /** When the figures were asked for: the periods on screen are worked out from it. */
  const loadedAt = ref<Date | null>(null);

  async function into<T>(target: { value: Loadable<T> }, request: () => Promise<T>): Promise<void> {
    target.value = { data: target.value.data, error: null, loading: true };
    try {
      target.value = { data: await request(), error: null, loading: false };
    } catch (caught: unknown) {
      target.value = { data: null, error: caught, loading: false };
    }
  }

  /** Funnel first: the won stages it names filter the won-by-month aggregate. */
  async function loadWonByMonth(entity: string, now: Date): Promise<void> {
    await into(funnel, () => fetchFunnel(entity));
    const report = funnel.value.data;
    const won = report ? report.stages.filter((s) => s.kind === 'won').map((s) => s.name) : [];
    if (!report || won.length === 0) {
      wonByMonth.value = { data: null, error: funnel.value.error, loading: false };
      return;
    }
    const stageField = report.pipeline.field;
    await into(wonByMonth, () =>
      fetchAggregate(entity, {
        groupBy: 'close_date',
        metrics: 'count,sum:amount',
        dateBucket: 'month',
        filter: { and: [{ field: stageField, op: 'in', value: won }, { field: 'close_date', op: 'gte', value: firstDayOfLastMonths(now, DASHBOARD_MONTHS) }] },
      }),
    );
  }

  async function loadDashboard(entity: string, taskEntityReadable: boolean, now: Date = new Date()): Promise<void> {
    loadedAt.value = now;
    const year = yearRange(now);
    await Promise.all([
      loadWonByMonth(entity, now),
      into(forecast, () => fetchForecast(entity, 'quarter')),
      into(wonByOwner, () => fetchWonByOwner(entity, year.from, year.to)),
      taskEntityReadable ? into(openTasks, () => fetchOpenTasks(TASKS_SHOWN)) : Promise.resolve((openTasks.value = idle())),
    ]);
  }

  return { funnel, forecast, wonByOwner, wonByMonth, openTasks, loadedAt, loadDashboard };
});

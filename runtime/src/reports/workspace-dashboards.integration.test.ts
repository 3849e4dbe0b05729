import type { App, Dashboard } from '@crm/schemas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../db/test-database.js';
import { sessionFor } from '../exchange/exchange.test-support.js';
import { startTestRuntime, type TestRuntime } from '../testing/test-runtime.js';
import type { AggregateReport } from './aggregate.report.js';

/*
 * Dashboards in the workspace definition (GET /api/records) and the widgets' figures from the
 * reports API, with the b2b-sales template: a dashboard meant for other roles is not sent, a
 * widget over a field the viewer cannot see (margin, hidden from sales reps) is dropped, a table
 * loses hidden columns; a figure is the viewer's own (a rep's differs from the head of sales'),
 * and a widget's relative period bounds the records counted in the app's time zone.
 */

interface WorkspaceAnswer {
  definition: App;
}

const EXTRA: Dashboard[] = [
  {
    name: 'margins',
    label: { ru: 'Маржа', en: 'Margins' },
    widgets: [
      { name: 'avg_margin', label: { en: 'Average margin' }, kind: 'figure', entity: 'deal', metric: { op: 'avg', field: 'margin' } },
      { name: 'by_margin', label: { en: 'Deals with margin' }, kind: 'figure', entity: 'deal', filter: { field: 'margin', op: 'gt', value: 10 } },
      { name: 'deal_count', label: { en: 'Deals' }, kind: 'figure', entity: 'deal' },
      { name: 'latest', label: { en: 'Latest' }, kind: 'table', entity: 'deal', fields: ['title', 'margin', 'amount'], sort: [{ field: 'created_at', dir: 'desc' }] },
      { name: 'only_margin', label: { en: 'Margins' }, kind: 'table', entity: 'deal', fields: ['margin'] },
    ],
  },
  {
    name: 'heads_only',
    label: { ru: 'Для руководителя', en: 'For the head' },
    roles: ['head_of_sales'],
    widgets: [{ name: 'deals', label: { en: 'Deals' }, kind: 'figure', entity: 'deal' }],
  },
  {
    name: 'hidden_everywhere',
    label: { en: 'Margins only' },
    widgets: [{ name: 'avg_margin', label: { en: 'Average margin' }, kind: 'figure', entity: 'deal', metric: { op: 'avg', field: 'margin' } }],
  },
];

function dashboard(answer: WorkspaceAnswer, name: string): Dashboard | undefined {
  return answer.definition.dashboards?.find((d) => d.name === name);
}

describe.each(testDatabaseKinds())('workspace dashboards on %s', (kind) => {
  let rt: TestRuntime;
  let rep: { id: string; token: string };
  let head: { id: string; token: string };

  beforeAll(async () => {
    rt = await startTestRuntime(kind, { template: 'b2b-sales' });
    const live = (await rt.request<App>('GET', '/api/definitions/live')).body;
    live.dashboards = [...(live.dashboards ?? []), ...EXTRA];
    const put = await rt.request<{ issues: unknown[] }>('PUT', '/api/definitions/draft', { body: live });
    expect(put.body.issues).toEqual([]);
    expect((await rt.request('POST', '/api/definitions/publish', { body: {} })).status).toBe(200);
    rep = await sessionFor(rt, 'dmitry.petrov@example.com');
    head = await sessionFor(rt, 'olga.smirnova@example.com');
  });
  afterAll(async () => {
    await rt?.close();
  });

  it('sends a sales rep the dashboards meant for them, without widgets over fields hidden from them', async () => {
    const answer = (await rt.request<WorkspaceAnswer>('GET', '/api/records', { token: rep.token })).body;
    expect(answer.definition.dashboards?.map((d) => d.name)).toEqual(['sales', 'margins']);
    const margins = dashboard(answer, 'margins');
    expect(margins?.widgets.map((w) => w.name)).toEqual(['deal_count', 'latest']);
    expect(margins?.widgets.find((w) => w.name === 'latest')?.fields).toEqual(['title', 'amount']);
    // The template's sales dashboard reaches a rep whole: it reads no field hidden from them.
    expect(dashboard(answer, 'sales')?.widgets.length).toBe(9);
  });

  it('sends the head of sales the dashboard for their role and every widget (margin is readable to them)', async () => {
    const answer = (await rt.request<WorkspaceAnswer>('GET', '/api/records', { token: head.token })).body;
    expect(answer.definition.dashboards?.map((d) => d.name)).toEqual(['sales', 'renewals', 'margins', 'heads_only', 'hidden_everywhere']);
    expect(dashboard(answer, 'margins')?.widgets.map((w) => w.name)).toEqual(['avg_margin', 'by_margin', 'deal_count', 'latest', 'only_margin']);
  });

  it("computes a figure over the viewer's readable records: the rep's open pipeline is theirs, the head's is larger", async () => {
    const admin = (await rt.request<{ user: { id: string } }>('GET', '/api/auth/me')).body.user.id;
    await rt.db.knex.raw(
      `INSERT INTO rec_deal (owner, created_by, updated_by, title, amount, stage)
       SELECT CASE WHEN g % 2 = 0 THEN CAST(? AS uuid) ELSE CAST(? AS uuid) END, CAST(? AS uuid), CAST(? AS uuid), 'Dash ' || g, g * 1000, 'proposal'
       FROM generate_series(1, 20) g`,
      [rep.id, head.id, admin, admin],
    );
    const widget = dashboard((await rt.request<WorkspaceAnswer>('GET', '/api/records', { token: rep.token })).body, 'sales')?.widgets.find((w) => w.name === 'open_pipeline');
    const filter = JSON.stringify(widget?.filter);
    const path = `/api/reports/deal/aggregate?${new URLSearchParams({ metrics: 'sum:amount', filter }).toString()}`;
    const [asRep, asHead] = await Promise.all([rt.request<AggregateReport>('GET', path, { token: rep.token }), rt.request<AggregateReport>('GET', path, { token: head.token })]);
    const own: { rows: Array<{ total: string | number | null }> } = await rt.db.knex.raw(
      `SELECT sum(amount) AS total FROM rec_deal WHERE deleted_at IS NULL AND owner = CAST(? AS uuid) AND stage NOT IN ('won', 'lost')`,
      [rep.id],
    );
    expect(Number(asRep.body.totals['sum:amount'])).toBe(Number(own.rows[0]?.total));
    expect(Number(asHead.body.totals['sum:amount'])).toBeGreaterThan(Number(asRep.body.totals['sum:amount']));
  });

  it('bounds a widget by its relative period in the app time zone, on date and datetime fields', async () => {
    const admin = (await rt.request<{ user: { id: string } }>('GET', '/api/auth/me')).body.user.id;
    const today: string = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Moscow' }).format(new Date());
    const [year, month] = today.split('-').map(Number);
    const firstOfMonth = `${today.slice(0, 7)}-01`;
    const prevMonth = new Date(Date.UTC(year ?? 0, (month ?? 1) - 2, 15)).toISOString().slice(0, 10);
    await rt.db.knex.raw(
      `INSERT INTO rec_deal (owner, created_by, updated_by, title, amount, stage, close_date) VALUES
         (CAST(? AS uuid), CAST(? AS uuid), CAST(? AS uuid), 'Period A', 111, 'won', CAST(? AS date)),
         (CAST(? AS uuid), CAST(? AS uuid), CAST(? AS uuid), 'Period B', 222, 'won', CAST(? AS date)),
         (CAST(? AS uuid), CAST(? AS uuid), CAST(? AS uuid), 'Period C', 444, 'won', CAST(? AS date))`,
      [admin, admin, admin, firstOfMonth, admin, admin, admin, today, admin, admin, admin, prevMonth],
    );
    const filter = JSON.stringify({ field: 'title', op: 'startsWith', value: 'Period ' });
    const ask = (params: Record<string, string>) => rt.request<AggregateReport>('GET', `/api/reports/deal/aggregate?${new URLSearchParams({ metrics: 'count,sum:amount', filter, ...params }).toString()}`);
    expect((await ask({ period: 'this_month', periodField: 'close_date' })).body.totals).toEqual({ count: 2, 'sum:amount': 333 });
    const lastMonth = (await ask({ period: 'last_month', periodField: 'close_date' })).body;
    expect(lastMonth.totals).toEqual({ count: 1, 'sum:amount': 444 });
    expect(lastMonth.period).toEqual({ field: 'close_date', range: 'last_month', from: `${prevMonth.slice(0, 7)}-01`, to: firstOfMonth });
    expect((await ask({ period: 'last_12_months', periodField: 'close_date' })).body.totals).toEqual({ count: 3, 'sum:amount': 777 });
    // created_at is a datetime: all three were created just now, today in Moscow.
    expect((await ask({ period: 'today', periodField: 'created_at' })).body.totals).toEqual({ count: 3, 'sum:amount': 777 });
    expect((await ask({ period: 'last_week', periodField: 'created_at' })).body.totals).toEqual({ count: 0, 'sum:amount': null });
  });

  it('refuses a period on a field the rep cannot see exactly as one that does not exist, and a period it does not know', async () => {
    const ask = (params: Record<string, string>) => rt.request<{ error: { code: string; details: Array<{ field: string; code: string }> } }>('GET', `/api/reports/deal/aggregate?${new URLSearchParams(params).toString()}`, { token: rep.token });
    const hidden = await ask({ period: 'this_year', periodField: 'margin' });
    const missing = await ask({ period: 'this_year', periodField: 'no_such' });
    expect(hidden.status).toBe(400);
    expect(hidden.body.error.details[0]).toMatchObject({ field: 'periodField', code: 'UNKNOWN_FIELD' });
    expect(missing.body.error.details[0]).toMatchObject({ field: 'periodField', code: 'UNKNOWN_FIELD' });
    const notDate = await ask({ period: 'this_year', periodField: 'amount' });
    expect(notDate.body.error.details[0]).toMatchObject({ field: 'periodField', code: 'WRONG_FIELD_TYPE' });
    expect((await ask({ period: 'this_decade', periodField: 'close_date' })).body.error.details[0]).toMatchObject({ field: 'period', code: 'INVALID_PARAMETER' });
    expect((await ask({ period: 'this_year' })).body.error.details[0]).toMatchObject({ field: 'periodField' });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../db/test-database.js';
import { sameButName, sessionFor, withQuery } from '../exchange/exchange.test-support.js';
import { signInNewUser } from '../records/records.test-support.js';
import { startTestRuntime, type TestRuntime } from '../testing/test-runtime.js';
import type { AggregateReport } from './aggregate.report.js';
import type { ForecastReport } from './forecast.report.js';
import type { FunnelReport } from './funnel.report.js';
import type { WonByOwnerReport } from './won-by-owner.report.js';

/*
 * The report endpoints over HTTP with the b2b-sales template. Every expected number is worked out
 * here from the records the caller gets from GET /api/records (never from the report code), so a
 * sales rep's counts and sums must be exactly those of their own deals; and `margin`, hidden from
 * sales reps, cannot be grouped by, summed, averaged, filtered on or used as an amount: each try
 * answers exactly like a field that does not exist.
 */

interface Deal {
  id: string;
  owner: string;
  amount: number;
  stage: string;
  close_date: string | null;
  margin?: number;
}

const PROBABILITY: Readonly<Record<string, number>> = { lead: 10, qualified: 25, proposal: 50, contract: 75, won: 100, lost: 0 };
const OPEN = ['lead', 'qualified', 'proposal', 'contract'];
const STAGES = ['lead', 'qualified', 'proposal', 'contract', 'won', 'lost'];

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

describe.each(testDatabaseKinds())('reports over HTTP on %s', (kind) => {
  let rt: TestRuntime;
  let rep: { id: string; token: string };

  async function dealsAs(token: string): Promise<Deal[]> {
    const res = await rt.request<{ data: Deal[]; nextCursor: string | null }>('GET', '/api/records/deal?limit=500', { token });
    expect(res.body.nextCursor).toBeNull();
    return res.body.data;
  }

  beforeAll(async () => {
    rt = await startTestRuntime(kind, { template: 'b2b-sales' });
    rep = await sessionFor(rt, 'dmitry.petrov@example.com');
    const admin = (await rt.request<{ user: { id: string } }>('GET', '/api/auth/me')).body.user.id;
    // Deals of every stage for the rep and for others, with margins and close dates over a year.
    await rt.db.knex.raw(
      `INSERT INTO rec_deal (owner, created_by, updated_by, title, amount, margin, stage, close_date, lost_reason)
       SELECT CASE WHEN g % 3 = 0 THEN CAST(? AS uuid) ELSE CAST(? AS uuid) END, CAST(? AS uuid), CAST(? AS uuid), 'Report ' || g,
              (g % 17) * 1000 + 500, g % 40, (ARRAY['lead','qualified','proposal','contract','won','lost'])[1 + (g % 6)],
              CASE WHEN g % 7 = 0 THEN NULL ELSE DATE '2026-01-15' + (g * 11) % 365 END, 'причина'
       FROM generate_series(1, 120) g`,
      [rep.id, admin, admin, admin],
    );
  });
  afterAll(async () => {
    await rt?.close();
  });

  it("aggregates a sales rep's own deals only: counts and sums per stage equal theirs", async () => {
    const own = await dealsAs(rep.token);
    expect(own.every((d) => d.owner === rep.id)).toBe(true);
    const res = await rt.request<AggregateReport>('GET', '/api/reports/deal/aggregate?groupBy=stage&metrics=count,sum:amount,min:amount,max:close_date', { token: rep.token });
    expect(res.status).toBe(200);
    const present = STAGES.filter((s) => own.some((d) => d.stage === s));
    expect(res.body.groups.map((g) => g.keys['stage'])).toEqual(present);
    for (const group of res.body.groups) {
      const mine = own.filter((d) => d.stage === group.keys['stage']);
      expect(group.values).toEqual({
        count: mine.length,
        'sum:amount': sum(mine.map((d) => d.amount)),
        'min:amount': Math.min(...mine.map((d) => d.amount)),
        'max:close_date': mine.map((d) => d.close_date).filter((d): d is string => d !== null).sort().pop() ?? null,
      });
    }
    expect(res.body.totals).toMatchObject({ count: own.length, 'sum:amount': sum(own.map((d) => d.amount)) });
    expect(res.body.groups.find((g) => g.keys['stage'] === 'won')?.labels['stage']).toEqual({ en: 'Won', ru: 'Успешно' });
  });

  it('groups by owner and month for an admin, over every deal, with names and bucket labels', async () => {
    const all = await dealsAs(rt.adminToken);
    const res = await rt.request<AggregateReport>('GET', '/api/reports/deal/aggregate?groupBy=owner,close_date&dateBucket=month&metrics=count,sum:margin');
    expect(res.status).toBe(200);
    expect(sum(res.body.groups.map((g) => Number(g.values['count'])))).toBe(all.length);
    const repMarch = all.filter((d) => d.owner === rep.id && d.close_date?.startsWith('2026-03'));
    const group = res.body.groups.find((g) => g.keys['owner'] === rep.id && g.keys['close_date'] === '2026-03-01');
    expect(group?.values['count']).toBe(repMarch.length);
    expect(group?.values['sum:margin']).toBe(sum(repMarch.map((d) => d.margin ?? 0)));
    expect(group?.labels).toEqual({ owner: { en: 'Дмитрий Петров', ru: 'Дмитрий Петров' }, close_date: { en: '2026-03', ru: '2026-03' } });
    const filtered = await rt.request<AggregateReport>('GET', withQuery('/api/reports/deal/aggregate', { metrics: 'count', filter: JSON.stringify({ field: 'amount', op: 'gte', value: 10_000 }) }), { token: rep.token });
    expect(filtered.body.totals['count']).toBe((await dealsAs(rep.token)).filter((d) => d.amount >= 10_000).length);
  });

  it("builds the funnel of a rep's own deals in pipeline order, with conversion from the stage before", async () => {
    const own = await dealsAs(rep.token);
    const res = await rt.request<FunnelReport>('GET', '/api/reports/deal/funnel?pipeline=sales', { token: rep.token });
    expect(res.status).toBe(200);
    expect(res.body.stages.map((s) => s.name)).toEqual(STAGES);
    const count = (stage: string) => own.filter((d) => d.stage === stage).length;
    const won = count('won');
    const reached = OPEN.map((_, i) => sum(OPEN.slice(i).map(count)) + won);
    for (const [i, stage] of res.body.stages.entries()) {
      const mine = own.filter((d) => d.stage === stage.name);
      expect(stage.count).toBe(mine.length);
      expect(stage.amount).toBe(sum(mine.map((d) => d.amount)));
      if (i < OPEN.length) {
        expect(stage.reached).toBe(reached[i]);
        const previous = reached[i - 1];
        expect(stage.conversion).toBe(previous === undefined ? null : Math.round(((reached[i] ?? 0) / previous) * 10_000) / 10_000);
      }
    }
    expect(res.body.stages[4]).toMatchObject({ kind: 'won', conversion: Math.round((won / (reached[3] ?? 1)) * 10_000) / 10_000 });
    expect(res.body.stages[5]).toMatchObject({ kind: 'lost', conversion: null, label: { en: 'Lost', ru: 'Проиграна' } });
    expect(res.body.totals).toMatchObject({ count: own.length, amount: sum(own.map((d) => d.amount)) });
    expect(res.body.winRate).toBe(Math.round((won / (won + count('lost'))) * 10_000) / 10_000);
  });

  it('forecasts amount x probability of open deals by close month, and by owner', async () => {
    const own = (await dealsAs(rep.token)).filter((d) => OPEN.includes(d.stage));
    const res = await rt.request<ForecastReport>('GET', '/api/reports/deal/forecast?by=month', { token: rep.token });
    expect(res.status).toBe(200);
    expect(res.body.dateField).toBe('close_date');
    const months = [...new Set(own.map((d) => (d.close_date === null ? null : `${d.close_date.slice(0, 7)}-01`)))];
    expect(res.body.rows.map((r) => r.key).sort()).toEqual([...months].sort());
    for (const row of res.body.rows) {
      const mine = own.filter((d) => (d.close_date === null ? null : `${d.close_date.slice(0, 7)}-01`) === row.key);
      expect(row.count).toBe(mine.length);
      expect(row.weighted).toBeCloseTo(sum(mine.map((d) => (d.amount * (PROBABILITY[d.stage] ?? 0)) / 100)), 2);
    }
    const byOwner = await rt.request<ForecastReport>('GET', '/api/reports/deal/forecast?by=owner');
    const repRow = byOwner.body.rows.find((r) => r.key === rep.id);
    expect(repRow?.label).toEqual({ en: 'Дмитрий Петров', ru: 'Дмитрий Петров' });
    expect(repRow?.amount).toBe(sum(own.map((d) => d.amount)));
  });

  it('ranks won deals by owner with names, and shows a rep only their own', async () => {
    const all = (await dealsAs(rt.adminToken)).filter((d) => d.stage === 'won');
    const res = await rt.request<WonByOwnerReport>('GET', '/api/reports/deal/won-by-owner');
    expect(res.status).toBe(200);
    expect(res.body.totals).toEqual({ count: all.length, amount: sum(all.map((d) => d.amount)) });
    const amounts = res.body.rows.map((r) => r.amount ?? 0);
    expect([...amounts].sort((a, b) => b - a)).toEqual(amounts);
    const repRow = res.body.rows.find((r) => r.owner?.id === rep.id);
    expect(repRow).toMatchObject({ owner: { name: 'Дмитрий Петров', email: 'dmitry.petrov@example.com' }, count: all.filter((d) => d.owner === rep.id).length });
    const mine = await rt.request<WonByOwnerReport>('GET', '/api/reports/deal/won-by-owner?from=2026-01-01&to=2026-06-30', { token: rep.token });
    const expected = all.filter((d) => d.owner === rep.id && d.close_date !== null && d.close_date >= '2026-01-01' && d.close_date <= '2026-06-30');
    expect(mine.body.rows.map((r) => r.owner?.id)).toEqual(expected.length > 0 ? [rep.id] : []);
    expect(mine.body.totals).toEqual({ count: expected.length, amount: sum(expected.map((d) => d.amount)) });
  });

  it('refuses margin to a sales rep in every report exactly as a field that does not exist', async () => {
    const probes: Array<(name: string) => string> = [
      (name) => `/api/reports/deal/aggregate?groupBy=${name}`,
      (name) => `/api/reports/deal/aggregate?metrics=sum:${name}`,
      (name) => `/api/reports/deal/aggregate?metrics=count,avg:${name}`,
      (name) => `/api/reports/deal/aggregate?metrics=max:${name}`,
      (name) => withQuery('/api/reports/deal/aggregate', { filter: JSON.stringify({ field: name, op: 'gt', value: 20 }) }),
      (name) => withQuery('/api/reports/deal/funnel', { filter: JSON.stringify({ field: name, op: 'isEmpty' }) }),
      (name) => `/api/reports/deal/funnel?amountField=${name}`,
      (name) => `/api/reports/deal/forecast?amountField=${name}`,
      (name) => `/api/reports/deal/forecast?dateField=${name}`,
      (name) => `/api/reports/deal/won-by-owner?amountField=${name}`,
    ];
    for (const probe of probes) {
      const hidden = await rt.request('GET', probe('margin'), { token: rep.token });
      const missing = await rt.request('GET', probe('no_such'), { token: rep.token });
      expect(hidden.status).toBe(400);
      expect(sameButName(hidden.body, 'margin')).toBe(sameButName(missing.body, 'no_such'));
    }
    // The same request works for the admin, who may see margin.
    expect((await rt.request('GET', '/api/reports/deal/aggregate?groupBy=stage&metrics=avg:margin')).status).toBe(200);
  });

  it('says what cannot be grouped or summed, and refuses a caller without read access', async () => {
    const longtext = await rt.request<{ error: { details: Array<{ code: string }> } }>('GET', '/api/reports/deal/aggregate?groupBy=description');
    expect(longtext.body.error.details[0]?.code).toBe('NOT_GROUPABLE');
    const text = await rt.request<{ error: { details: Array<{ code: string }> } }>('GET', '/api/reports/deal/aggregate?metrics=sum:title');
    expect(text.body.error.details[0]?.code).toBe('NOT_AGGREGATABLE');
    const pipeline = await rt.request<{ error: { details: Array<{ code: string }> } }>('GET', '/api/reports/deal/funnel?pipeline=nope');
    expect(pipeline.body.error.details[0]?.code).toBe('UNKNOWN_PIPELINE');
    const { token } = await signInNewUser(rt, `nobody-${kind}@x.test`, 'Никто', { roles: [] });
    expect((await rt.request('GET', '/api/reports/deal/funnel', { token })).status).toBe(403);
  });
});

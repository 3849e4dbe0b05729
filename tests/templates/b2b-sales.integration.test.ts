import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installTemplate } from '@crm/runtime';
import { startTestRuntime, testDatabaseKinds, type TestRuntime } from '@crm/runtime/testing';
import { looksLikeRelativeDate, parseRelativeDate, resolveRelativeDate } from '@crm/schemas';
import { loadTemplate } from '@crm/templates';
import { finishedRuns, runFor, settled } from '../engine/engine-test.support.js';
import { datesScannedTo, FAST_TRIGGERS, TestClock } from '../engine/triggers/trigger-test.support.js';

/*
 * b2b-sales installed the way `npm start -- --template` and the admin's install do it (runProcesses):
 * under a test clock months away from when the template was written, its demo dates are relative to
 * that clock; processes bound to create run on the demo records as they are written (big deals routed,
 * each deal's amount recomputed from its lines); a won subscription opens its renewal 30 days
 * before it ends, on the demo itself, once the clock reaches that morning.
 */

// 21:30 UTC is already 10 March in Moscow, the app's zone: "today" is the app's day.
const INSTALLED_AT = '2027-03-09T21:30:00Z';
const SENIORS = ['igor.volkov@example.com', 'anna.kuznetsova@example.com'];

interface Deal {
  id: string;
  title: string;
  amount: number;
  stage: string;
  owner: string;
  close_date: string | null;
  subscription_end: string | null;
}

describe.each(testDatabaseKinds())('b2b-sales on %s', (kind) => {
  const template = loadTemplate('b2b-sales');
  const clock = new TestClock(INSTALLED_AT);
  let rt: TestRuntime;
  const emails = new Map<string, string>();

  async function deals(): Promise<Deal[]> {
    const res = await rt.request<{ data: Deal[] }>('GET', '/api/records/deal?limit=200');
    expect(res.status).toBe(200);
    return res.body.data;
  }

  beforeAll(async () => {
    rt = await startTestRuntime(kind, { engine: { clock: clock.now, triggers: FAST_TRIGGERS }, workers: { pollMs: 100 } });
    const result = await installTemplate(rt.runtime, 'b2b-sales', { runProcesses: true });
    expect(result.installed).toBe(true);
    const users = await rt.request<{ data: Array<{ id: string; email: string }> }>('GET', '/api/users?limit=100');
    for (const user of users.body.data) emails.set(user.id, user.email);
    // The renewal trigger's cursor opens at install's "now": only what falls due later fires.
    await datesScannedTo(rt, clock.now(), 1);
  }, 300_000);
  afterAll(async () => {
    await rt?.close();
  });

  it("dates the demo relative to the runtime's clock at install", async () => {
    const byTitle = new Map((await deals()).map((d) => [d.title, d]));
    for (const row of template.data?.['deal'] ?? []) {
      const written = row['close_date'];
      if (!looksLikeRelativeDate(written)) continue;
      const parsed = parseRelativeDate(written);
      if (typeof parsed === 'string') throw new Error(`bad demo date ${JSON.stringify(written)}`);
      expect(byTitle.get(String(row['title']))?.close_date).toBe(resolveRelativeDate(parsed, clock.now(), 'Europe/Moscow', 'date'));
    }
    // Worked out by hand: today in Moscow is 10 March 2027.
    expect(byTitle.get('Расширение торговой сети')?.subscription_end).toBe('2027-04-10');
    expect(byTitle.get('Лицензии на ПО')?.close_date).toBe('2027-03-10');
    const activities = await rt.request<{ data: Array<{ subject: string; due_at: string }> }>('GET', '/api/records/activity?limit=50');
    expect(activities.body.data.find((a) => a.subject === 'Первичный звонок')?.due_at).toBe('2027-03-06T07:00:00.000Z');
  });

  it('runs the processes bound to create on the demo records: big deals routed, amounts from lines', async () => {
    // route_big_deals is before-save: it ran inside each demo deal's save.
    const all = await deals();
    for (const deal of all) {
      if (deal.amount > 100_000) expect(SENIORS, deal.title).toContain(emails.get(deal.owner));
    }
    const small = all.find((d) => d.title === 'Поставка металлоконструкций');
    expect(emails.get(small?.owner ?? '')).toBe('dmitry.petrov@example.com');

    // deal_amount_from_lines is after-save: one run per demo line, each leaving its deal at the sum of its lines.
    const lines = template.data?.['deal_line'] ?? [];
    const runs = await finishedRuns(rt, 'deal_amount_from_lines', lines.length);
    expect(runs.filter((r) => r.status !== 'completed')).toEqual([]);
    await settled(rt);
    const after = new Map((await deals()).map((d) => [d.title, d.amount]));
    for (const row of template.data?.['deal'] ?? []) expect(after.get(String(row['title'])), String(row['title'])).toBe(row['amount']);
  }, 180_000);

  it("a line a person adds, changes or removes moves its deal's amount", async () => {
    const deal = (await deals()).find((d) => d.title === 'Freight forwarding contract');
    const products = await rt.request<{ data: Array<{ id: string; sku: string }> }>('GET', '/api/records/product?limit=50');
    const audit = products.body.data.find((p) => p.sku === 'SRV-AUDIT');
    const added = await rt.request<{ id: string; total: number }>('POST', '/api/records/deal_line', {
      body: { title: 'ИТ-аудит', deal: deal?.id, product: audit?.id, quantity: 2, price: 98_000, discount: 25 },
    });
    expect(added.status, JSON.stringify(added.body)).toBe(201);
    expect(added.body.total).toBe(147_000);
    expect((await runFor(rt, 'deal_amount_from_lines', added.body.id)).status).toBe('completed');
    expect((await deals()).find((d) => d.id === deal?.id)?.amount).toBe(540_000 + 147_000);

    const changed = await rt.request('PATCH', `/api/records/deal_line/${added.body.id}`, { body: { quantity: 1 } });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    await settled(rt);
    expect((await deals()).find((d) => d.id === deal?.id)?.amount).toBe(540_000 + 73_500);

    const removed = await rt.request('DELETE', `/api/records/deal_line/${added.body.id}`);
    expect(removed.status).toBe(204);
    await settled(rt);
    expect((await deals()).find((d) => d.id === deal?.id)?.amount).toBe(540_000);
  }, 120_000);

  it('opens a renewal with a call task 30 days before a won subscription ends', async () => {
    const won = (await deals()).find((d) => d.title === 'Расширение торговой сети');
    // 11 March 09:00 in Moscow is 30 days before the subscription ends on 10 April.
    clock.set('2027-03-11T06:01:00Z');
    await datesScannedTo(rt, clock.now(), 1);
    expect((await runFor(rt, 'renewal_before_end', won?.id ?? '')).status).toBe('completed');
    const renewals = await rt.request<{ data: Array<Record<string, unknown>> }>('GET', `/api/records/renewal?filter=${encodeURIComponent(JSON.stringify({ field: 'deal', op: 'eq', value: won?.id }))}`);
    expect(renewals.body.data).toEqual([
      expect.objectContaining({ title: 'Продление: Расширение торговой сети', stage: 'upcoming', amount: 760_000, due_date: '2027-04-10', owner: won?.owner }),
    ]);
    const run = await runFor(rt, 'renewal_before_end', won?.id ?? '');
    const tasks = await rt.request<{ data: Array<{ title: string; runId: string }> }>('GET', `/api/tasks?assignee=${won?.owner}`);
    expect(tasks.body.data.filter((t) => t.runId === run.id).map((t) => t.title)).toEqual(['Связаться о продлении / Call about the renewal: Расширение торговой сети']);
  }, 120_000);
});

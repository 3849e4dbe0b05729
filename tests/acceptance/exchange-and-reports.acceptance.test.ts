import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRuntime, testDatabaseKinds, type TestRuntime } from '@crm/runtime/testing';

/*
 * Import, export and reports as a new user would meet them, over HTTP only, with the b2b-sales
 * template: an admin adds a sales rep, who signs in and works with their own deals and contacts.
 * What the rep exports, aggregates and sees in the funnel is exactly their own deals; the deal
 * margin, hidden from sales reps, is out of reach on every one of these paths; 1,000 contacts with
 * 50 duplicates written differently become exactly 950; a refused row changes nothing.
 */

interface Deal {
  id: string;
  title: string;
  owner: string;
  amount: number;
  stage: string;
}

interface ImportReport {
  rows: number;
  created: number;
  skipped: number;
  rejectedRows: number;
  rejected: Array<{ row: number; field: string | null; code: string }>;
}

const PASSWORD = 'acceptance-rep-pass-1';

function normalised(body: unknown, name: string): string {
  return JSON.stringify(body).split(name).join('<name>');
}

describe.each(testDatabaseKinds())('import, export and reports for a new sales rep on %s', (kind) => {
  let rt: TestRuntime;
  let token: string;
  let repId: string;

  async function raw(method: string, path: string, body?: string, contentType = 'text/csv'): Promise<{ status: number; text: string }> {
    const res = await fetch(rt.baseUrl + path, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': contentType }) },
      ...(body === undefined ? {} : { body }),
    });
    return { status: res.status, text: await res.text() };
  }

  async function ownDeals(): Promise<Deal[]> {
    const res = await rt.request<{ data: Deal[] }>('GET', '/api/records/deal?limit=500', { token });
    return res.body.data;
  }

  beforeAll(async () => {
    rt = await startTestRuntime(kind, { template: 'b2b-sales' });
    const created = await rt.request<{ id: string }>('POST', '/api/users', {
      body: { email: 'new.rep@example.com', name: 'Новый Менеджер', password: PASSWORD, roles: ['sales_rep'] },
    });
    expect(created.status).toBe(201);
    repId = created.body.id;
    const login = await rt.request<{ token: string }>('POST', '/api/auth/login', { body: { email: 'new.rep@example.com', password: PASSWORD }, token: null });
    token = login.body.token;
    for (const [title, amount, stage] of [
      ['Поставка', 120_000, 'lead'],
      ['Сервис', 40_000, 'lead'],
      ['Лицензии', 75_000, 'qualified'],
    ] as const) {
      const deal = await rt.request<Deal>('POST', '/api/records/deal', { body: { title, amount, stage }, token });
      expect(deal.status).toBe(201);
    }
  });
  afterAll(async () => {
    await rt?.close();
  });

  it("exports, aggregates and shows in the funnel exactly the rep's own deals", async () => {
    const own = await ownDeals();
    expect(own.length).toBeGreaterThan(0);
    const exported = await raw('GET', '/api/export/deal?format=json');
    expect(exported.status).toBe(200);
    const records: Deal[] = JSON.parse(exported.text);
    expect(records.map((d) => d.id).sort()).toEqual(own.map((d) => d.id).sort());

    const aggregate = await rt.request<{ totals: Record<string, number> }>('GET', '/api/reports/deal/aggregate?metrics=count,sum:amount', { token });
    expect(aggregate.body.totals).toEqual({ count: own.length, 'sum:amount': own.reduce((s, d) => s + d.amount, 0) });

    const funnel = await rt.request<{ stages: Array<{ name: string; count: number; amount: number }> }>('GET', '/api/reports/deal/funnel', { token });
    for (const stage of funnel.body.stages) {
      const mine = own.filter((d) => d.stage === stage.name);
      expect([stage.name, stage.count, stage.amount]).toEqual([stage.name, mine.length, mine.reduce((s, d) => s + d.amount, 0)]);
    }
  });

  it('keeps the hidden margin out of export, import and reports, answering as for a field that does not exist', async () => {
    const paths: Array<(name: string) => string> = [
      (name) => `/api/export/deal?fields=title,${name}`,
      (name) => `/api/export/deal?sort=${name}`,
      (name) => `/api/export/deal?filter=${encodeURIComponent(JSON.stringify({ field: name, op: 'gt', value: 0 }))}`,
      (name) => `/api/reports/deal/aggregate?groupBy=${name}`,
      (name) => `/api/reports/deal/aggregate?metrics=sum:${name}`,
      (name) => `/api/reports/deal/funnel?amountField=${name}`,
    ];
    for (const path of paths) {
      const hidden = await raw('GET', path('margin'));
      const missing = await raw('GET', path('no_such'));
      expect(hidden.status).toBe(400);
      expect(normalised(JSON.parse(hidden.text), 'margin')).toBe(normalised(JSON.parse(missing.text), 'no_such'));
    }
    const before = (await ownDeals()).length;
    const hidden = await raw('POST', '/api/import/deal', 'title,amount,margin\nС маржой,1000,40\n');
    const missing = await raw('POST', '/api/import/deal', 'title,amount,no_such\nС маржой,1000,40\n');
    expect(hidden.status).toBe(400);
    expect(normalised(JSON.parse(hidden.text), 'margin')).toBe(normalised(JSON.parse(missing.text), 'no_such'));
    expect((await ownDeals()).length).toBe(before);
  });

  it('imports 1,000 contacts with 50 duplicates as exactly 950, phones and e-mails written differently', async () => {
    for (let i = 0; i < 20; i += 1) {
      const res = await rt.request('POST', '/api/records/contact', { body: { first_name: 'Есть', last_name: `№${i}`, phone: `+7913${String(i).padStart(7, '0')}` }, token });
      expect(res.status).toBe(201);
    }
    const pad = (n: number) => String(n).padStart(7, '0');
    const lines = ['Имя;Фамилия;Телефон;Эл. почта'];
    for (let i = 0; i < 1000; i += 1) {
      // 0-19: the contacts above, phones written the Russian way; 20-34: the e-mail of rows 60-74
      // in capitals; 35-49: the phone of rows 80-94 spaced out; 50-999: new contacts.
      if (i < 20) lines.push(`Снова;№${i};8 (913) ${pad(i).replace(/^(\d{3})(\d{2})(\d{2})$/, '$1-$2-$3')};`);
      else if (i < 35) lines.push(`Повтор;${i};;ROW${i + 40}@MAIL.TEST`);
      else if (i < 50) lines.push(`Повтор;${i};+7 914 ${pad(i + 45)};`);
      else lines.push(`Контакт;${i};8 914 ${pad(i)};row${i}@mail.test`);
    }
    const csv = lines.join('\n');
    const before = await rt.request<{ total: number }>('GET', '/api/records/contact?count=1&limit=1', { token });
    const res = await raw('POST', '/api/import/contact', `${csv}\n`);
    expect(res.status).toBe(200);
    const report: ImportReport = JSON.parse(res.text);
    expect(report).toMatchObject({ rows: 1000, created: 950, skipped: 50, rejectedRows: 0 });
    const after = await rt.request<{ total: number }>('GET', '/api/records/contact?count=1&limit=1', { token });
    expect(after.body.total).toBe(before.body.total + 950);
    const stored = await rt.request<{ data: Array<{ phone: string }> }>('GET', `/api/records/contact?filter=${encodeURIComponent(JSON.stringify({ field: 'phone', op: 'eq', value: '8 (914) 000-00-99' }))}`, { token });
    expect(stored.body.data.map((c) => c.phone)).toEqual(['+79140000099']);
  });

  it('refuses a row setting a field the rep may not write, naming it, and that row changes nothing', async () => {
    const before = await ownDeals();
    const res = await raw('POST', '/api/import/deal', 'title,amount,discount\nСо скидкой,5000,10\nБез скидки,6000,\n');
    expect(res.status).toBe(200);
    const report: ImportReport = JSON.parse(res.text);
    expect(report.created).toBe(1);
    expect(report.rejected).toEqual([expect.objectContaining({ row: 2, field: 'discount', code: 'FIELD_NOT_WRITABLE' })]);
    const after = await ownDeals();
    expect(after.length).toBe(before.length + 1);
    expect(after.every((d) => d.owner === repId)).toBe(true);
    expect(after.some((d) => d.title === 'Со скидкой')).toBe(false);
  });
});

import type { App } from '@crm/schemas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../db/test-database.js';
import { recordsTestApp } from '../records/records.fixtures.js';
import { listPath, type ErrorBody } from '../records/records.test-support.js';
import { startTestRuntime, type TestRuntime } from '../testing/test-runtime.js';

/*
 * Issue 11, items 4 and 7, over real HTTP: an admin's pattern cannot freeze the server, and bad input
 * is a clear 4xx with nothing written, never a 500.
 */

const CATASTROPHIC = '^(a+)+$';

function hardenedApp(): App {
  const app = recordsTestApp();
  const company = app.entities.find((e) => e.name === 'company');
  company?.fields.push({ name: 'slug', type: 'text', pattern: CATASTROPHIC });
  app.processes = [
    {
      name: 'lead_hook',
      trigger: { type: 'webhook', name: 'lead', schema: { type: 'object', properties: { name: { type: 'string', pattern: CATASTROPHIC } } } },
      nodes: [{ id: 'done', type: 'end', config: { status: 'completed' } }],
      edges: [{ from: 'trigger', to: 'done' }],
    },
  ];
  return app;
}

function nested(depth: number, leaf: string): string {
  return '{"a":'.repeat(depth) + leaf + '}'.repeat(depth);
}

describe.each(testDatabaseKinds())('bad input over HTTP on %s', (kind) => {
  let rt: TestRuntime;

  beforeAll(async () => {
    rt = await startTestRuntime(kind, { app: hardenedApp() });
  });
  afterAll(async () => {
    await rt?.close();
  });

  async function count(table: string): Promise<number> {
    const row: { count?: unknown } | undefined = await rt.db.knex(table).count({ count: '*' }).first();
    return Number(row?.count ?? 0);
  }

  async function raw(method: string, path: string, body: string | Uint8Array | undefined, headers: Record<string, string> = {}): Promise<{ status: number; body: ErrorBody }> {
    const res = await fetch(rt.baseUrl + path, { method, headers: { authorization: `Bearer ${rt.adminToken}`, ...headers }, ...(body === undefined ? {} : { body }) });
    const text = await res.text();
    return { status: res.status, body: JSON.parse(text) };
  }

  describe('item 4: admin patterns run in linear time', () => {
    it('a ^(a+)+$ field pattern and webhook schema answer at once and /api/health stays responsive', async () => {
      // ARRANGE
      const evil = `${'a'.repeat(5000)}!`;

      // ACT
      const started = performance.now();
      const [record, hook, health] = await Promise.all([
        rt.request<ErrorBody>('POST', '/api/records/company', { body: { name: 'Evil', slug: evil } }),
        rt.request<ErrorBody>('POST', '/api/hooks/lead', { body: { name: evil }, token: null }),
        rt.request('GET', '/api/health', { token: null }),
      ]);
      const elapsed = performance.now() - started;

      // ASSERT
      expect(record.status).toBe(400);
      expect(record.body.error.details[0]).toMatchObject({ field: 'slug' });
      expect(hook.status).toBe(400);
      expect(health.status).toBe(200);
      expect(elapsed).toBeLessThan(2000);
    });

    it('a lookahead pattern is refused at publish, naming the field', async () => {
      // ARRANGE
      const app = hardenedApp();
      app.entities.find((e) => e.name === 'company')?.fields.push({ name: 'inn', type: 'text', pattern: '^(?=\\d{10}$)\\d+$' });

      // ACT
      const res = await rt.request<ErrorBody>('PUT', '/api/definitions/draft', { body: app });

      // ASSERT
      expect(res.status).toBe(422);
      expect(res.body.error.details).toEqual([expect.objectContaining({ code: 'PATTERN_UNSUPPORTED', pointer: '/entities/0/fields/7/pattern' })]);
      expect(JSON.stringify(res.body.error.details)).toContain('inn');
    });
  });

  describe('item 7: a NUL character anywhere is 400 INVALID_CHARACTER naming where, with nothing written', () => {
    it('in record fields, filter values, q, login, the webhook and user names', async () => {
      // ARRANGE
      const companies = await count('rec_company');
      const users = await count('users');

      // ACT
      const record = await rt.request<ErrorBody>('POST', '/api/records/company', { body: { name: 'Acme\u0000' } });
      const filter = await rt.request<ErrorBody>('GET', listPath('company', { filter: JSON.stringify({ field: 'name', op: 'eq', value: 'a\u0000' }) }));
      const q = await rt.request<ErrorBody>('GET', listPath('company', { q: 'a\u0000' }));
      const login = await rt.request<ErrorBody>('POST', '/api/auth/login', { body: { email: 'admin@example.com\u0000', password: 'x' }, token: null });
      const hook = await rt.request<ErrorBody>('POST', '/api/hooks/lead', { body: { name: 'ok', note: 'x\u0000' }, token: null });
      const form = await raw('POST', '/api/hooks/lead', 'name=a%00b', { 'content-type': 'application/x-www-form-urlencoded' });
      const user = await rt.request<ErrorBody>('POST', '/api/users', { body: { email: 'nul@example.com', name: 'Nul\u0000', password: 'a-long-password-123', roles: [] } });
      const path = await rt.request<ErrorBody>('GET', '/api/records/company/%00');

      // ASSERT
      const answers = { record, filter, q, login, hook, form, user, path };
      for (const [name, res] of Object.entries(answers)) {
        expect(res.status, name).toBe(400);
        expect(res.body.error.code, name).toBe('INVALID_CHARACTER');
      }
      expect(record.body.error.details[0]?.field).toBe('name');
      expect(filter.body.error.details[0]?.field).toBe('filter.value');
      expect(q.body.error.details[0]?.field).toBe('q');
      expect(login.body.error.details[0]?.field).toBe('email');
      expect(hook.body.error.details[0]?.field).toBe('note');
      expect(user.body.error.details[0]?.field).toBe('name');
      expect(await count('rec_company')).toBe(companies);
      expect(await count('users')).toBe(users);
    });
  });

  describe('item 7: values the database cannot store are 400 naming the field', () => {
    it('numeric overflow: 1e20 and 9999999999999999.99', async () => {
      const deals = await count('rec_deal');
      for (const amount of [1e20, 9999999999999999.99]) {
        const res = await rt.request<ErrorBody>('POST', '/api/records/deal', { body: { title: 'Big', amount } });
        expect(res.status).toBe(400);
        expect(res.body.error.details[0]).toMatchObject({ field: 'amount', code: 'INVALID_VALUE' });
        expect(res.body.error.details[0]?.message).toContain('9999999999999.99');
      }
      // A filter compares as numeric whatever the column, so 1e20 there is simply larger than every amount.
      const filter = await rt.request<ErrorBody>('GET', listPath('deal', { filter: JSON.stringify({ field: 'amount', op: 'gt', value: 1e20 }) }));
      expect(filter.status).toBe(200);
      expect(await count('rec_deal')).toBe(deals);
    });

    it('the year 0000 in a date and a date-time, in a record and in a filter; year 0001 round-trips', async () => {
      const date = await rt.request<ErrorBody>('POST', '/api/records/deal', { body: { title: 'Old', close_date: '0000-01-01' } });
      const datetime = await rt.request<ErrorBody>('POST', '/api/records/company', { body: { name: 'Old', founded_at: '0000-01-01T00:00:00Z' } });
      const filter = await rt.request<ErrorBody>('GET', listPath('deal', { filter: JSON.stringify({ field: 'close_date', op: 'eq', value: '0000-01-01' }) }));
      expect([date.status, datetime.status, filter.status]).toEqual([400, 400, 400]);
      expect(date.body.error.details[0]).toMatchObject({ field: 'close_date' });
      expect(datetime.body.error.details[0]).toMatchObject({ field: 'founded_at' });

      const oldest = await rt.request<{ id: string; close_date: string }>('POST', '/api/records/deal', { body: { title: 'Oldest', close_date: '0001-01-01' } });
      expect(oldest.status).toBe(201);
      expect((await rt.request<{ close_date: string }>('GET', `/api/records/deal/${oldest.body.id}`)).body.close_date).toBe('0001-01-01');
    });

    it('a forged cursor is 400 INVALID_CURSOR', async () => {
      const forged = Buffer.from(JSON.stringify({ s: 'title,id', v: ['x', 'not-a-uuid'] })).toString('base64url');
      const res = await rt.request<ErrorBody>('GET', listPath('deal', { sort: 'title', cursor: forged }));
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('INVALID_CURSOR');
      // The run history's own cursor: a well-formed date with an id that is no uuid.
      const runs = Buffer.from(JSON.stringify(['2026-01-01T00:00:00.000Z', 'not-a-uuid'])).toString('base64url');
      const page = await rt.request<ErrorBody>('GET', `/api/processes/lead_hook/runs?cursor=${runs}`);
      expect(page.status).toBe(400);
      expect(page.body.error.code).toBe('INVALID_CURSOR');
    });

    it('a NUL escaped inside a report filter is 400 INVALID_CHARACTER, not a database error', async () => {
      const filter = JSON.stringify({ field: 'name', op: 'eq', value: 'a\u0000' });
      const res = await rt.request<ErrorBody>('GET', `/api/reports/company/aggregate?${new URLSearchParams({ filter, metrics: 'count' }).toString()}`);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('INVALID_CHARACTER');
    });
  });

  describe('item 7: input nested too deep, too long or untyped gets the JSON error shape', () => {
    it('a 100,000-deep webhook body and record body are 400 INPUT_TOO_DEEP, not a stack overflow', async () => {
      const hook = await raw('POST', '/api/hooks/lead', nested(100_000, '1'), { 'content-type': 'application/json' });
      const record = await raw('POST', '/api/records/company', `{"name":"Deep","city":${nested(100_000, '1')}}`, { 'content-type': 'application/json' });
      for (const res of [hook, record]) {
        expect(res.status).toBe(400);
        expect(res.body.error.code).toBe('INPUT_TOO_DEEP');
      }
      expect(record.body.error.details[0]?.pointer).toMatch(/^\/city\/a\/a/);
    });

    it('a draft whose condition is nested 5,000 deep is 400 pointing at it', async () => {
      const app = hardenedApp();
      app.views = [{ name: 'deep', entity: 'company' }];
      const deep = '{"not":'.repeat(5000) + '{"field":"name","op":"eq","value":"x"}' + '}'.repeat(5000);
      const body = JSON.stringify(app).replace('{"name":"deep","entity":"company"}', `{"name":"deep","entity":"company","filter":${deep}}`);
      const res = await raw('PUT', '/api/definitions/draft', body, { 'content-type': 'application/json' });
      expect(res.status).toBe(400);
      expect(res.body.error.details[0]?.pointer).toMatch(/^\/views\/0\/filter\/not\/not/);
    });

    it('a URL too long is 431 with the JSON error shape', async () => {
      const res = await raw('GET', listPath('company', { q: 'x'.repeat(20_000) }), undefined);
      expect(res.status).toBe(431);
      expect(res.body.error.code).toBe('REQUEST_TOO_LONG');
    });

    it('a JSON body without a content type is told to say so', async () => {
      const res = await raw('POST', '/api/records/company', new TextEncoder().encode('{"name":"Untyped"}'));
      expect(res.status).toBe(415);
      expect(res.body.error.code).toBe('CONTENT_TYPE_REQUIRED');
      expect(res.body.error.message).toContain('Content-Type: application/json');
    });

    it('filter error codes are UPPER_SNAKE like every other code', async () => {
      const res = await rt.request<ErrorBody>('GET', listPath('company', { filter: JSON.stringify({ field: 'nope', op: 'eq', value: 1 }) }));
      expect(res.status).toBe(400);
      for (const detail of res.body.error.details) expect(detail.code).toMatch(/^[A-Z][A-Z0-9_]*$/);
    });
  });
});

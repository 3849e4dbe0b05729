import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds, startTestRuntime, type TestResponse, type TestRuntime } from '@crm/runtime/testing';

/*
 * Issue 11, item 1: an API token acts with its own roles (those its user still holds; an admin
 * holds every role) on EVERY channel, never with its user's full rights. On the b2b-sales template:
 *   - the admin's token for `sales_rep` is a sales rep: own deals only, margin hidden from every
 *     read (list, get, filter, sort, search, expand, history, export, reports), no margin / owner
 *     writes, no delete, no run history or runs about others' deals, no admin or builder channel;
 *   - Igor (senior_manager + sales_rep) with a `sales_rep` token gets only the rep's access;
 *   - a token whose role its user has since lost grants nothing of it.
 * Sessions keep their full roles (the positive controls below).
 */

interface Deal {
  id: string;
  owner: string;
  title: string;
  [field: string]: unknown;
}

interface ListBody {
  data: Deal[];
  total?: number;
}

interface UserView {
  id: string;
  email: string;
  roles: string[];
}

const IGOR = 'igor.volkov@example.com';
const DMITRY = 'dmitry.petrov@example.com';

function listPath(params: Record<string, string>, entity = 'deal'): string {
  return `/api/records/${entity}?${new URLSearchParams(params).toString()}`;
}

/** An error answer with the probed name replaced, to compare it with one for a field that does not exist. */
function withoutName(res: { body: unknown }, name: string): string {
  return JSON.stringify(res.body).split(name).join('<field>');
}

describe.each(testDatabaseKinds())('API tokens obey their own roles on every channel, b2b-sales on %s', (kind) => {
  let rt: TestRuntime;
  const people = new Map<string, UserView>();
  let adminId = '';
  /** The admin's token for sales_rep. */
  let asRep = '';
  /** Igor's token for sales_rep only (he also holds senior_manager). */
  let igorAsRep = '';
  /** Igor's token for senior_manager (he loses that role in the last test). */
  let igorAsSenior = '';
  let adminDeal: Deal;
  let dmitryBigDeal: Deal;

  function idOf(email: string): string {
    const user = people.get(email);
    if (!user) throw new Error(`no demo user ${email}`);
    return user.id;
  }

  async function mintToken(roles: string[], user?: string): Promise<string> {
    const res = await rt.request<{ token: string }>('POST', '/api/tokens', { body: { name: `t-${roles.join('-')}`, roles, ...(user ? { user } : {}) } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.token;
  }

  async function adminDeals(filter: unknown): Promise<Deal[]> {
    const res = await rt.request<ListBody>('GET', listPath({ filter: JSON.stringify(filter), limit: '500' }));
    expect(res.status).toBe(200);
    return res.body.data;
  }

  async function raw(token: string, method: string, path: string, body?: string): Promise<{ status: number; text: string }> {
    const res = await fetch(rt.baseUrl + path, { method, headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'text/csv' }) }, ...(body === undefined ? {} : { body }) });
    return { status: res.status, text: await res.text() };
  }

  async function stored(id: string): Promise<Deal> {
    const res = await rt.request<Deal>('GET', `/api/records/deal/${id}`);
    expect(res.status).toBe(200);
    return res.body;
  }

  /** A manual process on deals, for the manual-start channel (the template has none). */
  async function publishManualProcess(): Promise<void> {
    const draft = await rt.request<{ processes?: unknown[] }>('GET', '/api/definitions/draft');
    const process = {
      name: 'touch_deal',
      trigger: { type: 'manual', entity: 'deal' },
      nodes: [{ id: 'mark', type: 'update_record', config: { values: { description: 'touched' } }, position: { x: 200, y: 0 } }],
      edges: [{ from: 'trigger', to: 'mark' }],
    };
    const put = await rt.request('PUT', '/api/definitions/draft', { body: { ...draft.body, processes: [...(draft.body.processes ?? []), process] } });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    const published = await rt.request('POST', '/api/definitions/publish', { body: {} });
    expect(published.status, JSON.stringify(published.body)).toBe(200);
  }

  beforeAll(async () => {
    rt = await startTestRuntime(kind, { template: 'b2b-sales' });
    const users = await rt.request<{ data: UserView[] }>('GET', '/api/users?limit=500');
    for (const user of users.body.data) people.set(user.email, user);
    adminId = (await rt.request<{ user: { id: string } }>('GET', '/api/auth/me')).body.user.id;
    const igor = idOf(IGOR);
    expect((await rt.request('PATCH', `/api/users/${igor}`, { body: { roles: ['senior_manager', 'sales_rep'] } })).status).toBe(200);
    await publishManualProcess();

    const own = await rt.request<Deal>('POST', '/api/records/deal', { body: { title: 'Сделка администратора', amount: 1000, margin: 40, stage: 'lead' } });
    expect(own.status).toBe(201);
    adminDeal = own.body;
    // Over 100,000: route_big_deals starts a run about Dmitry's deal.
    const big = await rt.request<Deal>('POST', '/api/records/deal', { body: { title: 'Крупная сделка Дмитрия', amount: 500_000, margin: 30, stage: 'lead', owner: idOf(DMITRY) } });
    expect(big.status).toBe(201);
    dmitryBigDeal = big.body;
    expect((await rt.request('PATCH', `/api/records/deal/${adminDeal.id}`, { body: { margin: 41 }, headers: { 'if-match': String(adminDeal.version) } })).status).toBe(200);

    asRep = await mintToken(['sales_rep']);
    igorAsRep = await mintToken(['sales_rep'], igor);
    igorAsSenior = await mintToken(['senior_manager'], igor);
  });
  afterAll(async () => {
    await rt?.close();
  });

  it("the admin's sales_rep token lists, counts, searches and reads only the admin's own deals, without margin", async () => {
    const own = await adminDeals({ field: 'owner', op: 'eq', value: adminId });
    const res = await rt.request<ListBody>('GET', listPath({ count: '1', limit: '500' }), { token: asRep });
    expect(res.status).toBe(200);
    expect(res.body.data.map((d) => d.id).sort()).toEqual(own.map((d) => d.id).sort());
    expect(res.body.total).toBe(own.length);
    expect(res.body.data.some((d) => 'margin' in d)).toBe(false);

    expect((await rt.request<ListBody>('GET', listPath({ q: 'Внедрение', count: '1' }))).body.total).toBeGreaterThan(0);
    expect((await rt.request<ListBody>('GET', listPath({ q: 'Внедрение', count: '1' }), { token: asRep })).body.total).toBe(0);

    const mine = await rt.request<Deal>('GET', `/api/records/deal/${adminDeal.id}`, { token: asRep });
    expect(mine.status).toBe(200);
    expect('margin' in mine.body).toBe(false);
    expect((await rt.request('GET', `/api/records/deal/${dmitryBigDeal.id}`, { token: asRep })).status).toBe(404);
  });

  it('the token cannot filter, sort, expand, export, import or aggregate on margin, answering as for no such field', async () => {
    const probes: Array<(name: string) => string> = [
      (name) => listPath({ filter: JSON.stringify({ field: name, op: 'gt', value: 20 }) }),
      (name) => listPath({ sort: `-${name}` }),
      (name) => `/api/export/deal?fields=title,${name}`,
      (name) => `/api/export/deal?sort=${name}`,
      (name) => `/api/reports/deal/aggregate?metrics=max:${name}`,
      (name) => `/api/reports/deal/aggregate?groupBy=${name}`,
    ];
    for (const probe of probes) {
      const hidden = await rt.request('GET', probe('margin'), { token: asRep });
      const missing = await rt.request('GET', probe('no_such_field'), { token: asRep });
      expect(hidden.status, probe('margin')).toBe(400);
      expect(withoutName(hidden, 'margin')).toBe(withoutName(missing, 'no_such_field'));
    }
    // The session of the same admin still reads margin everywhere.
    expect((await rt.request('GET', '/api/reports/deal/aggregate?metrics=max:margin')).status).toBe(200);

    const exported = await raw(asRep, 'GET', '/api/export/deal?format=json');
    expect(exported.status).toBe(200);
    const records: Deal[] = JSON.parse(exported.text);
    expect(records.map((d) => d.id).sort()).toEqual((await adminDeals({ field: 'owner', op: 'eq', value: adminId })).map((d) => d.id).sort());
    expect(records.some((d) => 'margin' in d)).toBe(false);

    const aggregate = await rt.request<{ totals: Record<string, number> }>('GET', '/api/reports/deal/aggregate?metrics=count', { token: asRep });
    expect(aggregate.body.totals['count']).toBe(records.length);

    const imported = await raw(asRep, 'POST', '/api/import/deal', 'title,amount,margin\nС маржой,1000,40\n');
    const unknown = await raw(asRep, 'POST', '/api/import/deal', 'title,amount,no_such_field\nС маржой,1000,40\n');
    expect(imported.status).toBe(400);
    expect(withoutName({ body: JSON.parse(imported.text) }, 'margin')).toBe(withoutName({ body: JSON.parse(unknown.text) }, 'no_such_field'));

    // A company's deals, expanded, are only the token's own and carry no margin.
    const companies = await rt.request<{ data: Array<Record<string, unknown>> }>('GET', listPath({ limit: '500', expand: 'deals' }, 'company'), { token: asRep });
    expect(companies.status).toBe(200);
    const expanded = companies.body.data.flatMap((c) => (Array.isArray(c['deals']) ? c['deals'] : []));
    expect(expanded.every((d) => typeof d === 'object' && d !== null && 'owner' in d && d.owner === adminId)).toBe(true);
    expect(JSON.stringify(expanded)).not.toContain('"margin"');
    const bySession = await rt.request<{ data: Array<Record<string, unknown>> }>('GET', listPath({ limit: '500', expand: 'deals' }, 'company'));
    expect(JSON.stringify(bySession.body)).toContain('"margin"');
  });

  it('the token sees no margin change in history and no history of deals it cannot read', async () => {
    const history = await rt.request<{ data: Array<{ changes: Array<{ field: string }> }> }>('GET', `/api/records/deal/${adminDeal.id}/history`, { token: asRep });
    expect(history.status).toBe(200);
    expect(JSON.stringify(history.body)).not.toContain('margin');
    const session = await rt.request('GET', `/api/records/deal/${adminDeal.id}/history`);
    expect(JSON.stringify(session.body)).toContain('margin');
    expect((await rt.request('GET', `/api/records/deal/${dmitryBigDeal.id}/history`, { token: asRep })).status).toBe(404);
  });

  it('the token cannot write margin, change the owner, or delete, and nothing is written', async () => {
    const before = await stored(adminDeal.id);
    const margin = await rt.request('PATCH', `/api/records/deal/${adminDeal.id}`, { token: asRep, body: { margin: 5 } });
    expect(margin.status).toBeGreaterThanOrEqual(400);
    const owner = await rt.request('PATCH', `/api/records/deal/${adminDeal.id}`, { token: asRep, body: { owner: idOf(DMITRY) } });
    expect(owner.status).toBe(403);
    const removed = await rt.request('DELETE', `/api/records/deal/${adminDeal.id}`, { token: asRep });
    expect(removed.status).toBeGreaterThanOrEqual(403);
    const created = await rt.request('POST', '/api/records/deal', { token: asRep, body: { title: 'С маржой', amount: 10, margin: 50, stage: 'lead' } });
    expect(created.status).toBeGreaterThanOrEqual(400);
    const after = await stored(adminDeal.id);
    expect(after).toEqual(before);
    // The rep's own field writes still work through the token.
    expect((await rt.request('PATCH', `/api/records/deal/${adminDeal.id}`, { token: asRep, body: { description: 'через токен' } })).status).toBe(200);
  });

  it('the token gets no run history or runs about others\' deals, no test runs, and no admin channel', async () => {
    const all = await rt.request<{ data: Array<{ id: string; recordId?: string | null }> }>('GET', '/api/processes/route_big_deals/runs?limit=200');
    const aboutDmitry = all.body.data.filter((r) => JSON.stringify(r).includes(dmitryBigDeal.id));
    expect(aboutDmitry.length).toBeGreaterThan(0);
    const runs = await rt.request<{ data: unknown[] }>('GET', '/api/processes/route_big_deals/runs?limit=200', { token: asRep });
    expect(runs.status).toBe(200);
    expect(JSON.stringify(runs.body)).not.toContain(dmitryBigDeal.id);
    expect((await rt.request('GET', `/api/runs/${aboutDmitry[0]?.id}`, { token: asRep })).status).toBe(404);

    const start = await rt.request('POST', '/api/processes/touch_deal/start', { token: asRep, body: { recordId: dmitryBigDeal.id } });
    expect([403, 404]).toContain(start.status);
    const started = await rt.request('GET', `/api/processes/touch_deal/runs?recordId=${dmitryBigDeal.id}`);
    expect(JSON.stringify(started.body)).not.toContain(dmitryBigDeal.id);

    expect((await rt.request('POST', '/api/processes/route_big_deals/simulate', { token: asRep, body: { record: { title: 'x', amount: 200_000 } } })).status).toBe(403);
    expect((await rt.request('GET', '/api/tasks?assignee=all', { token: asRep })).status).toBe(400);
    const me = await rt.request<{ fields: Record<string, string>; changeOwner: boolean }>('GET', '/api/access/me?entity=deal', { token: asRep });
    expect(me.status).toBe(200);
    expect(Object.keys(me.body.fields)).not.toContain('margin');
    expect(me.body.changeOwner).toBe(false);
    const explain = `/api/access/explain?user=${idOf(DMITRY)}&entity=deal&id=${dmitryBigDeal.id}`;
    expect((await rt.request('GET', explain, { token: asRep })).status).toBe(403);
    expect((await rt.request('POST', '/api/tokens', { token: asRep, body: { name: 'wider', roles: ['admin'] } })).status).toBe(403);
    expect((await rt.request('POST', '/api/webhooks', { token: asRep, body: { name: 'x', url: 'https://example.com/x', entity: 'deal', events: ['create'] } })).status).toBe(403);
    expect((await rt.request('POST', '/api/users', { token: asRep, body: { email: 'via.token@example.com', name: 'T', roles: ['admin'] } })).status).toBe(403);
    const definitions = await rt.request('PUT', '/api/definitions/draft', { token: asRep, body: {} });
    expect(definitions.status).toBe(403);
  });

  it("a person's token for a narrower role gets only that role's access", async () => {
    const igor = idOf(IGOR);
    const session = await rt.request<{ token: string }>('POST', `/api/tokens`, { body: { name: 'igor full', roles: ['senior_manager', 'sales_rep'], user: igor } });
    const full = await rt.request<ListBody>('GET', listPath({ limit: '500' }), { token: session.body.token });
    expect(full.body.data.some((d) => d.owner !== igor)).toBe(true);
    expect(full.body.data.some((d) => typeof d['margin'] === 'number')).toBe(true);

    const narrow = await rt.request<ListBody>('GET', listPath({ limit: '500' }), { token: igorAsRep });
    expect(narrow.status).toBe(200);
    expect(narrow.body.data.every((d) => d.owner === igor)).toBe(true);
    expect(narrow.body.data.some((d) => 'margin' in d)).toBe(false);
    expect((await rt.request('GET', listPath({ sort: '-margin' }), { token: igorAsRep })).status).toBe(400);
    const other = full.body.data.find((d) => d.owner !== igor);
    expect((await rt.request('GET', `/api/records/deal/${other?.id}`, { token: igorAsRep })).status).toBe(404);
    expect((await rt.request('GET', `/api/records/deal/${other?.id}`, { token: igorAsSenior })).status).toBe(200);
  });

  it('a token whose role its user has since lost grants nothing of it', async () => {
    const igor = idOf(IGOR);
    expect((await rt.request('PATCH', `/api/users/${igor}`, { body: { roles: ['sales_rep'] } })).status).toBe(200);
    const lost = await rt.request<ListBody>('GET', listPath({ limit: '500' }), { token: igorAsSenior });
    expect(lost.status === 403 || (lost.status === 200 && lost.body.data.length === 0)).toBe(true);
    const me = await rt.request<{ user: { roles: string[] } }>('GET', '/api/auth/me', { token: igorAsSenior });
    expect(me.body.user.roles).toEqual([]);

    // An admin who stops being one: their admin token is no admin any more.
    const ops = await rt.request<{ id: string }>('POST', '/api/users', { body: { email: 'ops@example.com', name: 'Ops', roles: ['admin', 'sales_rep'] } });
    const opsToken = await mintToken(['admin'], ops.body.id);
    expect((await rt.request('GET', '/api/tokens', { token: opsToken })).status).toBe(200);
    expect((await rt.request('PATCH', `/api/users/${ops.body.id}`, { body: { roles: ['sales_rep'] } })).status).toBe(200);
    expect((await rt.request('GET', '/api/tokens', { token: opsToken })).status).toBe(403);
    expect((await rt.request('POST', '/api/tokens', { token: opsToken, body: { name: 'again', roles: ['admin'] } })).status).toBe(403);
    const deals = await rt.request<ListBody>('GET', listPath({ limit: '5' }), { token: opsToken });
    expect(deals.status === 403 || (deals.status === 200 && deals.body.data.length === 0)).toBe(true);
  });

  it('keeps a session at its full roles', async () => {
    const res = await rt.request<ListBody>('GET', listPath({ limit: '500', count: '1' }));
    expect(res.body.data.some((d) => typeof d['margin'] === 'number')).toBe(true);
    expect(res.body.total).toBeGreaterThan((await adminDeals({ field: 'owner', op: 'eq', value: adminId })).length);
    const check: TestResponse = await rt.request('GET', '/api/tokens');
    expect(check.status).toBe(200);
  });
});

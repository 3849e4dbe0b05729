import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds, startTestRuntime, type TestResponse, type TestRuntime } from '@crm/runtime/testing';

/*
 * The permissions issue's acceptance scenario, as a new user would run it over HTTP with the
 * b2b-sales template: a sales rep sees only their own deals in list, count, search and filter
 * results, cannot read the deal margin hidden from their role by filtering or sorting on it, cannot
 * set the read-only discount, cannot make themselves admin; the access explainer names the sharing
 * rule that lets the head of sales read a deal outside her teams.
 */

interface Deal {
  id: string;
  owner: string;
  title: string;
  [field: string]: unknown;
}

interface ListBody {
  data: Deal[];
  nextCursor: string | null;
  total?: number;
}

interface UserView {
  id: string;
  email: string;
  roles: string[];
}

interface Explanation {
  read: { allowed: boolean; decidedBy: Array<Record<string, unknown>>; reason: { en: string; ru: string } };
  update: { allowed: boolean };
  fields: Record<string, { access: string; grantedBy: string[] }>;
}

const PASSWORD = 'correct horse battery staple 7';

function listPath(params: Record<string, string>): string {
  return `/api/records/deal?${new URLSearchParams(params).toString()}`;
}

/** An error answer with the probed field name replaced, to compare it with one for a field that does not exist. */
function withoutName(res: TestResponse<unknown>, name: string): string {
  return JSON.stringify(res.body).split(name).join('<field>');
}

describe.each(testDatabaseKinds())('permissions with b2b-sales over HTTP on %s', (kind) => {
  let rt: TestRuntime;
  const people = new Map<string, UserView>();
  const tokens = new Map<string, string>();

  async function signIn(email: string): Promise<string> {
    const user = people.get(email);
    if (!user) throw new Error(`no demo user ${email}`);
    const set = await rt.request('PATCH', `/api/users/${user.id}`, { body: { password: PASSWORD } });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    const login = await rt.request<{ token: string }>('POST', '/api/auth/login', { body: { email, password: PASSWORD }, token: null });
    expect(login.status).toBe(200);
    return login.body.token;
  }

  function as(email: string): { token: string } {
    const token = tokens.get(email);
    if (!token) throw new Error(`${email} is not signed in`);
    return { token };
  }

  function idOf(email: string): string {
    const user = people.get(email);
    if (!user) throw new Error(`no demo user ${email}`);
    return user.id;
  }

  async function adminDeals(filter: unknown): Promise<Deal[]> {
    const res = await rt.request<ListBody>('GET', listPath({ filter: JSON.stringify(filter), limit: '500' }));
    expect(res.status).toBe(200);
    return res.body.data;
  }

  beforeAll(async () => {
    rt = await startTestRuntime(kind, { template: 'b2b-sales' });
    const users = await rt.request<{ data: UserView[] }>('GET', '/api/users?limit=500');
    for (const user of users.body.data) people.set(user.email, user);
    for (const email of ['dmitry.petrov@example.com', 'olga.smirnova@example.com', 'igor.volkov@example.com']) tokens.set(email, await signIn(email));
  });
  afterAll(async () => {
    await rt?.close();
  });

  const dmitry = 'dmitry.petrov@example.com';

  it('a sales rep lists and counts only their own deals', async () => {
    const own = await adminDeals({ field: 'owner', op: 'eq', value: idOf(dmitry) });
    expect(own.length).toBeGreaterThan(0);
    const all = await rt.request<ListBody>('GET', listPath({ count: '1' }));
    const res = await rt.request<ListBody>('GET', listPath({ count: '1', limit: '500' }), as(dmitry));
    expect(res.status).toBe(200);
    expect(res.body.data.map((d) => d.id).sort()).toEqual(own.map((d) => d.id).sort());
    expect(res.body.total).toBe(own.length);
    expect(all.body.total).toBeGreaterThan(own.length);
    expect(res.body.data.every((d) => d.owner === idOf(dmitry))).toBe(true);
  });

  it('a sales rep finds only their own deals by search and by filter', async () => {
    // "Внедрение CRM для склада" belongs to another rep.
    expect((await rt.request<ListBody>('GET', listPath({ q: 'Внедрение', count: '1' }))).body.total).toBeGreaterThan(0);
    expect((await rt.request<ListBody>('GET', listPath({ q: 'Внедрение', count: '1' }), as(dmitry))).body.total).toBe(0);
    const mine = await rt.request<ListBody>('GET', listPath({ q: 'металлоконструкций', count: '1' }), as(dmitry));
    expect(mine.body.data.map((d) => d.title)).toEqual(['Поставка металлоконструкций']);

    const stage = { field: 'stage', op: 'eq', value: 'lead' };
    const expected = await adminDeals({ and: [stage, { field: 'owner', op: 'eq', value: idOf(dmitry) }] });
    const filtered = await rt.request<ListBody>('GET', listPath({ filter: JSON.stringify(stage), count: '1' }), as(dmitry));
    expect(filtered.body.data.map((d) => d.id).sort()).toEqual(expected.map((d) => d.id).sort());
    expect(filtered.body.total).toBe(expected.length);
    // Another rep's deal answers exactly like one that does not exist.
    const [theirs] = await adminDeals({ field: 'title', op: 'eq', value: 'Внедрение CRM для склада' });
    const other = await rt.request('GET', `/api/records/deal/${theirs?.id}`, as(dmitry));
    const none = await rt.request('GET', '/api/records/deal/00000000-0000-4000-8000-000000000000', as(dmitry));
    expect(other.status).toBe(404);
    expect(withoutName(other, theirs?.id ?? '')).toBe(withoutName(none, '00000000-0000-4000-8000-000000000000'));
  });

  it('a sales rep cannot read the hidden margin, not even by filtering or sorting on it', async () => {
    const own = await rt.request<ListBody>('GET', listPath({ limit: '500' }), as(dmitry));
    expect(own.body.data.some((d) => 'margin' in d)).toBe(false);
    const manager = await rt.request<ListBody>('GET', listPath({ limit: '500' }), as('igor.volkov@example.com'));
    expect(manager.body.data.some((d) => typeof d['margin'] === 'number')).toBe(true);

    const byMargin = await rt.request('GET', listPath({ filter: JSON.stringify({ field: 'margin', op: 'gt', value: 20 }) }), as(dmitry));
    const byNothing = await rt.request('GET', listPath({ filter: JSON.stringify({ field: 'no_such_field', op: 'gt', value: 20 }) }), as(dmitry));
    expect(byMargin.status).toBe(400);
    expect(withoutName(byMargin, 'margin')).toBe(withoutName(byNothing, 'no_such_field'));

    const sorted = await rt.request('GET', listPath({ sort: '-margin' }), as(dmitry));
    const unsorted = await rt.request('GET', listPath({ sort: '-no_such_field' }), as(dmitry));
    expect(sorted.status).toBe(400);
    expect(withoutName(sorted, 'margin')).toBe(withoutName(unsorted, 'no_such_field'));
  });

  it('a sales rep sees the discount but cannot set it, and a refused change leaves the deal as it was', async () => {
    const [deal] = (await rt.request<ListBody>('GET', listPath({ limit: '1' }), as(dmitry))).body.data;
    if (!deal) throw new Error('the rep has no deal');
    expect('discount' in deal).toBe(true);
    const before = await rt.request<Deal>('GET', `/api/records/deal/${deal.id}`);
    const res = await rt.request<{ error: { details: Array<{ field: string }> } }>('PATCH', `/api/records/deal/${deal.id}`, {
      body: { title: 'Скидка побольше', discount: 50 },
      ...as(dmitry),
    });
    expect(res.status).toBe(403);
    expect(res.body.error.details.map((d) => d.field)).toEqual(['discount']);
    // The hidden margin is refused exactly as a field that does not exist: its name tells nothing.
    const hidden = await rt.request('PATCH', `/api/records/deal/${deal.id}`, { body: { title: 'Скидка побольше', margin: 99 }, ...as(dmitry) });
    const unknown = await rt.request('PATCH', `/api/records/deal/${deal.id}`, { body: { title: 'Скидка побольше', margim: 99 }, ...as(dmitry) });
    expect(hidden.status).toBe(400);
    expect(JSON.stringify(hidden.body).split('margin').join('<f>')).toBe(JSON.stringify(unknown.body).split('margim').join('<f>'));
    expect((await rt.request<Deal>('GET', `/api/records/deal/${deal.id}`)).body).toEqual(before.body);
  });

  it('a sales rep cannot make themselves admin', async () => {
    const res = await rt.request('PATCH', `/api/users/${idOf(dmitry)}`, { body: { roles: ['admin'] }, ...as(dmitry) });
    expect(res.status).toBeGreaterThanOrEqual(400);
    const me = await rt.request<{ user: { roles: string[] } }>('GET', '/api/auth/me', as(dmitry));
    expect(me.body.user.roles).toEqual(['sales_rep']);
    expect((await rt.request('GET', '/api/access/explain?user=x&entity=deal&id=y', as(dmitry))).status).toBe(403);
  });

  it('the explainer names the sharing rule that lets the head of sales read a deal outside her teams', async () => {
    const olga = idOf('olga.smirnova@example.com');
    const [partnerDeal] = await adminDeals({ field: 'title', op: 'eq', value: 'Партнёрская поставка серверов' });
    const [otherRegion] = await adminDeals({ field: 'title', op: 'eq', value: 'Партнёрское обслуживание' });
    if (!partnerDeal || !otherRegion) throw new Error('template demo deals missing');

    const explained = await rt.request<Explanation>('GET', `/api/access/explain?user=${olga}&entity=deal&id=${partnerDeal.id}`);
    expect(explained.status).toBe(200);
    expect(explained.body.read.allowed).toBe(true);
    expect(explained.body.read.decidedBy).toEqual([{ role: 'head_of_sales', sharingRule: 'region_deals', condition: { field: 'region', op: 'eq', value: '$user.region' } }]);
    expect(explained.body.read.reason.en).toContain('region_deals');
    expect(explained.body.read.reason.ru).toContain('region_deals');
    expect(explained.body.update.allowed).toBe(false);

    const [repDeal] = await adminDeals({ field: 'owner', op: 'eq', value: idOf(dmitry) });
    const inTree = await rt.request<Explanation>('GET', `/api/access/explain?user=${olga}&entity=deal&id=${repDeal?.id}`);
    expect(inTree.body.read.decidedBy).toContainEqual({ role: 'head_of_sales', scope: 'subtree' });

    const rep = await rt.request<Explanation>('GET', `/api/access/explain?user=${idOf(dmitry)}&entity=deal&id=${repDeal?.id}`);
    expect(rep.body.fields['margin']).toMatchObject({ access: 'hidden', grantedBy: [] });
    expect(rep.body.fields['discount']).toMatchObject({ access: 'read', grantedBy: ['sales_rep'] });

    // And what it explains is what the API does.
    expect((await rt.request('GET', `/api/records/deal/${partnerDeal.id}`, as('olga.smirnova@example.com'))).status).toBe(200);
    expect((await rt.request('GET', `/api/records/deal/${otherRegion.id}`, as('olga.smirnova@example.com'))).status).toBe(404);
  });
});

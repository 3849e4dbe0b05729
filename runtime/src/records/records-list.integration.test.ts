import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../db/test-database.js';
import { startTestRuntime, type TestRuntime } from '../testing/test-runtime.js';
import { recordsTestApp } from './records.fixtures.js';
import { createRecord, errorFields, listPath, type ErrorBody, type ListBody, type RecordBody } from './records.test-support.js';

/** Deal amounts with duplicates and gaps, so sorting has ties and NULLs to get right. */
const AMOUNTS: Array<number | null> = [10000, 55000, 55000.01, 70000, null, 120000, 55000, null, 99999.99, 30000, 70000, 500, null, 250000, 60000];

describe.each(testDatabaseKinds())('listing records on %s', (kind) => {
  let rt: TestRuntime;
  let deals: RecordBody[];

  beforeAll(async () => {
    rt = await startTestRuntime(kind, { app: recordsTestApp() });
    deals = [];
    for (const [i, amount] of AMOUNTS.entries()) {
      deals.push(await createRecord(rt, 'deal', { title: `Opportunity ${String(i).padStart(2, '0')}`, amount }));
    }
  });
  afterAll(async () => {
    await rt?.close();
  });

  async function list(entity: string, params: Record<string, string>): Promise<ListBody> {
    const res = await rt.request<ListBody>('GET', listPath(entity, params));
    if (res.status !== 200) throw new Error(`list failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }

  /** Follows nextCursor to the end, returning every page's ids in order. */
  async function allPages(entity: string, params: Record<string, string>, between?: () => Promise<void>): Promise<string[]> {
    const ids: string[] = [];
    let cursor: string | null = null;
    for (let pages = 0; pages < 100; pages += 1) {
      const page: ListBody = await list(entity, cursor ? { ...params, cursor } : params);
      ids.push(...page.data.map((r) => r.id));
      if (page.nextCursor === null) return ids;
      cursor = page.nextCursor;
      if (between) await between();
    }
    throw new Error('paging did not end');
  }

  it('filters with the condition language: amount > 55000 returns exactly the matching deals', async () => {
    const res = await list('deal', { filter: JSON.stringify({ field: 'amount', op: 'gt', value: 55000 }), limit: '500' });
    const expected = deals.filter((d) => typeof d.amount === 'number' && d.amount > 55000).map((d) => d.id);
    expect(res.data.map((d) => d.id).sort()).toEqual(expected.sort());
    expect(res.data.length).toBe(7);
  });

  it('answers 400 pointing into a filter that does not fit the entity', async () => {
    const res = await rt.request<ErrorBody>('GET', listPath('deal', { filter: JSON.stringify({ and: [{ field: 'colour', op: 'eq', value: 'red' }] }) }));
    expect(res.status).toBe(400);
    expect(res.body.error.details[0]).toMatchObject({ field: 'filter', pointer: '/and/0/field' });
    const malformed = await rt.request<ErrorBody>('GET', '/api/records/deal?filter=%7Bnot-json');
    expect(malformed.status).toBe(400);
  });

  it('finds a phone by filter whichever way it is typed', async () => {
    const contact = await createRecord(rt, 'contact', { full_name: 'Пётр', phone: '+7 912 000-11-22' });
    for (const spelling of ['8 (912) 000-11-22', '+79120001122']) {
      const res = await list('contact', { filter: JSON.stringify({ field: 'phone', op: 'eq', value: spelling }) });
      expect(res.data.map((c) => c.id)).toEqual([contact.id]);
    }
  });

  it('sorts by several keys with NULLs last ascending and id as the final tiebreak', async () => {
    const res = await list('deal', { sort: 'amount,-title', limit: '500' });
    const amounts = res.data.map((d) => d.amount);
    expect(amounts.slice(-3)).toEqual([null, null, null]);
    const numbers = amounts.filter((a): a is number => typeof a === 'number');
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
    const json = await list('deal', { sort: JSON.stringify([{ field: 'amount' }, { field: 'title', dir: 'desc' }]), limit: '500' });
    expect(json.data.map((d) => d.id)).toEqual(res.data.map((d) => d.id));
  });

  it('pages with a cursor over every sort, returning every row exactly once in sort order', async () => {
    for (const sort of ['-amount,title', 'amount', 'title', '-created_at', 'stage,-amount']) {
      const everything = (await list('deal', { sort, limit: '500' })).data.map((d) => d.id);
      const paged = await allPages('deal', { sort, limit: '4' });
      expect(paged).toEqual(everything);
    }
  });

  it('keeps paging stable while records are inserted between pages', async () => {
    const before = (await list('deal', { sort: 'title', limit: '500' })).data.map((d) => d.id);
    let inserted = 0;
    const paged = await allPages('deal', { sort: 'title', limit: '3' }, async () => {
      inserted += 1;
      // These titles sort before every page already read: with offsets they would push rows
      // already seen onto the next page; with the keyset cursor nothing shifts.
      await createRecord(rt, 'deal', { title: `Aardvark ${inserted}`, amount: 1 });
    });
    expect(new Set(paged).size).toBe(paged.length);
    expect(paged).toEqual(before);
  });

  it('refuses an unknown sort field, a cursor of another sort and a bad limit; clamps the limit to 500', async () => {
    const unknown = await rt.request<ErrorBody>('GET', listPath('deal', { sort: '-colour' }));
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toContain('colour');
    expect((await rt.request('GET', listPath('deal', { sort: 'tags' }))).status).toBe(400);
    const page = await list('deal', { sort: 'title', limit: '2' });
    expect(page.nextCursor).not.toBeNull();
    expect((await rt.request('GET', listPath('deal', { sort: '-title', cursor: page.nextCursor ?? '' }))).status).toBe(400);
    expect((await rt.request('GET', listPath('deal', { cursor: 'garbage' }))).status).toBe(400);
    expect((await rt.request('GET', listPath('deal', { limit: '0' }))).status).toBe(400);
    expect((await rt.request('GET', listPath('deal', { limit: 'ten' }))).status).toBe(400);
    expect((await rt.request('GET', listPath('deal', { limit: '100000' }))).status).toBe(200);
    expect((await list('deal', {})).data.length).toBeLessThanOrEqual(50);
  });

  it('adds total with count=1, counting every match regardless of the page', async () => {
    const res = await list('deal', { count: '1', limit: '2', filter: JSON.stringify({ field: 'amount', op: 'isEmpty' }) });
    expect(res.total).toBe(3);
    expect(res.data.length).toBe(2);
    expect((await list('deal', { limit: '2' })).total).toBeUndefined();
  });

  it('searches full text in Russian and English with stemming', async () => {
    const big = await createRecord(rt, 'deal', { title: 'Крупная сделка' });
    const english = await createRecord(rt, 'deal', { title: 'Big deal with Acme' });
    expect((await list('deal', { q: 'сделки' })).data.map((d) => d.id)).toEqual([big.id]);
    expect((await list('deal', { q: 'deals' })).data.map((d) => d.id)).toEqual([english.id]);
    expect((await list('deal', { q: 'крупные сделки' })).data.map((d) => d.id)).toEqual([big.id]);
    const notSearchable = await rt.request<ErrorBody>('GET', listPath('contact', { q: 'Пётр' }));
    expect(notSearchable.status).toBe(400);
    expect(errorFields(notSearchable)).toEqual(['q']);
  });

  it('expands many-to-one, user, one-to-many and many-to-many fields, two levels deep', async () => {
    const company = await createRecord(rt, 'company', { name: 'Expand Corp', city: 'Казань' });
    const tag = await createRecord(rt, 'tag', { name: 'expand' });
    const deal = await createRecord(rt, 'deal', { title: 'Expanded', company: company.id, tags: [tag.id] });
    const gone = await createRecord(rt, 'deal', { title: 'Deleted one', company: company.id });
    await rt.request('DELETE', `/api/records/deal/${gone.id}`);

    const res = await list('deal', { q: 'Expanded', expand: 'company,manager,tags,company.owner' });
    const [expanded] = res.data;
    expect(expanded?.company).toMatchObject({ id: company.id, name: 'Expand Corp', owner: { id: deal.owner, email: 'admin@example.com' } });
    expect(expanded?.manager).toMatchObject({ id: deal.manager, email: 'admin@example.com', name: expect.any(String) });
    expect(expanded?.tags).toEqual([expect.objectContaining({ id: tag.id, name: 'expand' })]);

    const one = await rt.request<RecordBody>('GET', `/api/records/company/${company.id}?expand=deals`);
    expect(one.status).toBe(200);
    expect(one.body.deals).toEqual([expect.objectContaining({ id: deal.id, title: 'Expanded' })]);

    await rt.request('DELETE', `/api/records/company/${company.id}`);
    const orphan = await rt.request<RecordBody>('GET', `/api/records/deal/${deal.id}?expand=company`);
    expect(orphan.body.company).toBeNull();

    expect((await rt.request('GET', listPath('deal', { expand: 'title' }))).status).toBe(400);
    expect((await rt.request('GET', listPath('deal', { expand: 'company.owner.team' }))).status).toBe(400);
  });
});

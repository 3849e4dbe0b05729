import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessTestApp } from '../access/access-test.fixtures.js';
import { testDatabaseKinds } from '../db/test-database.js';
import { startTestRuntime, type TestResponse, type TestRuntime } from '../testing/test-runtime.js';
import { createRecord, errorFields, listPath, signInNewUser, type ErrorBody, type HistoryBody, type ListBody, type RecordBody } from './records.test-support.js';

/*
 * Tries to break the access policy over HTTP, on every channel of the records API, for three kinds
 * of caller: one with no access to deals (outsider), one whose fields are restricted (analyst:
 * every deal, but margin, internal and partner hidden, region read-only) and one whose records are
 * restricted (rep: own deals only, the same fields restricted). Each check asserts that no value,
 * count or ordering of what is hidden can be told apart from what does not exist.
 */

const HIDDEN = ['margin', 'margin_amount', 'internal', 'partner'];
const MISSING_ID = '00000000-0000-4000-8000-00000000dead';

type Caller = 'outsider' | 'analyst' | 'rep';

interface World {
  admin: string;
  users: Record<Caller | 'rep2' | 'lead' | 'empty', { id: string; token: string }>;
  companies: { own: RecordBody; other: RecordBody };
  deals: { a: RecordBody; b: RecordBody; c: RecordBody; d: RecordBody };
}

/** What a caller may read, by deal key. */
const READABLE: Readonly<Record<Caller, ReadonlyArray<keyof World['deals']>>> = {
  outsider: [],
  analyst: ['a', 'b', 'c', 'd'],
  rep: ['a', 'b'],
};

/** An error body with the probed name replaced, to compare "hidden" with "does not exist". */
function normalised(res: TestResponse<unknown>, name: string): string {
  return JSON.stringify(res.body).split(name).join('<name>');
}

function hasAnyKey(records: readonly Record<string, unknown>[], keys: readonly string[]): boolean {
  return records.some((r) => keys.some((k) => k in r));
}

describe.each(testDatabaseKinds())('records permissions over HTTP on %s', (kind) => {
  let rt: TestRuntime;
  let w: World;

  const as = (caller: keyof World['users']) => ({ token: w.users[caller].token });

  async function rowText(id: string): Promise<string> {
    const result: { rows: Array<{ row: string }> } = await rt.db.knex.raw('SELECT t::text AS row FROM rec_deal t WHERE id = ?', [id]);
    return result.rows[0]?.row ?? '';
  }

  async function historyCount(id: string): Promise<number> {
    const row: { count?: unknown } | undefined = await rt.db.knex('record_history').where({ record_id: id }).count({ count: '*' }).first();
    return Number(row?.count ?? 0);
  }

  async function dealCount(): Promise<number> {
    const row: { count?: unknown } | undefined = await rt.db.knex('rec_deal').count({ count: '*' }).first();
    return Number(row?.count ?? 0);
  }

  /** Runs a refused write and asserts the row and its history are exactly as before. */
  async function unchanged<T>(id: string, write: () => Promise<TestResponse<T>>): Promise<TestResponse<T>> {
    const [row, history, count] = [await rowText(id), await historyCount(id), await dealCount()];
    const res = await write();
    expect(await rowText(id)).toBe(row);
    expect(await historyCount(id)).toBe(history);
    expect(await dealCount()).toBe(count);
    return res;
  }

  async function list(caller: Caller | 'lead' | 'empty' | 'rep2', params: Record<string, string>): Promise<TestResponse<ListBody>> {
    return rt.request<ListBody>('GET', listPath('deal', params), as(caller));
  }

  beforeAll(async () => {
    rt = await startTestRuntime(kind, { app: accessTestApp() });
    const [team] = await rt.db.knex('teams').insert({ name: 'T' }).returning<{ id: string }[]>('id');
    const teamId = team?.id ?? null;
    const admin = (await rt.request<{ user: { id: string } }>('GET', '/api/auth/me')).body.user.id;
    const users = {
      outsider: await signInNewUser(rt, `outsider-${kind}@x.test`, 'Outsider', { roles: ['outsider'] }),
      analyst: await signInNewUser(rt, `analyst-${kind}@x.test`, 'Analyst', { roles: ['analyst'] }),
      rep: await signInNewUser(rt, `rep-${kind}@x.test`, 'Rep', { roles: ['rep'], teamId }),
      rep2: await signInNewUser(rt, `rep2-${kind}@x.test`, 'Rep Two', { roles: ['rep'] }),
      lead: await signInNewUser(rt, `lead-${kind}@x.test`, 'Lead', { roles: ['lead'], teamId, attributes: { region: 'north' } }),
      empty: await signInNewUser(rt, `empty-${kind}@x.test`, 'Empty', { roles: ['nobody_in'] }),
    };
    const companies = {
      own: await createRecord(rt, 'company', { name: 'Own Co', secret: 'OWNSECRET', owner: users.rep.id }),
      other: await createRecord(rt, 'company', { name: 'Other Co', secret: 'TOPSECRET' }),
    };
    const deals = {
      a: await createRecord(rt, 'deal', {
        title: 'alpha', amount: 1000, margin: 10, region: 'north', notes: 'needle', internal: 'kryptonite', company: companies.other.id, partner: companies.other.id, owner: users.rep.id,
      }),
      b: await createRecord(rt, 'deal', { title: 'beta', margin: 90, region: 'south', internal: 'zebra', company: companies.own.id, owner: users.rep.id }),
      c: await createRecord(rt, 'deal', { title: 'gamma', margin: 50, region: 'north', notes: 'needle', internal: 'kryptonite', owner: users.rep2.id }),
      d: await createRecord(rt, 'deal', { title: 'delta', margin: 70, region: 'south', internal: 'kryptonite' }),
    };
    w = { admin, users, companies, deals };
  });
  afterAll(async () => {
    await rt?.close();
  });

  describe.each<Caller>(['outsider', 'analyst', 'rep'])('as %s', (caller) => {
    const readableIds = () => READABLE[caller].map((k) => w.deals[k].id).sort();

    it('get: readable records come without hidden fields; others answer exactly like a missing record', async () => {
      const missing = await rt.request('GET', `/api/records/deal/${MISSING_ID}`, as(caller));
      expect(missing.status).toBe(404);
      for (const [key, deal] of Object.entries(w.deals)) {
        const res = await rt.request<RecordBody>('GET', `/api/records/deal/${deal.id}`, as(caller));
        if (READABLE[caller].some((k) => k === key)) {
          expect(res.status).toBe(200);
          expect(hasAnyKey([res.body], HIDDEN)).toBe(false);
          expect(res.body.title).toBe(deal['title']);
        } else {
          expect(res.status).toBe(404);
          expect(normalised(res, deal.id)).toBe(normalised(missing, MISSING_ID));
        }
      }
    });

    it('list and count: only readable records, without hidden fields, and a total that counts only them', async () => {
      const res = await list(caller, { count: '1', limit: '500' });
      if (caller === 'outsider') {
        expect(res.status).toBe(403);
        expect(JSON.stringify(res.body)).not.toContain('alpha');
        return;
      }
      expect(res.status).toBe(200);
      expect(res.body.data.map((r) => r.id).sort()).toEqual(readableIds());
      expect(res.body.total).toBe(readableIds().length);
      expect(hasAnyKey(res.body.data, HIDDEN)).toBe(false);
    });

    it('filter: a hidden field, here or through a relation, is refused exactly like a field that does not exist', async () => {
      const probes: Array<{ path: string; hidden: string; value: unknown }> = [
        { path: 'margin', hidden: 'margin', value: 50 },
        { path: 'margin_amount', hidden: 'margin_amount', value: 100 },
        { path: 'internal', hidden: 'internal', value: 'kryptonite' },
        { path: 'partner', hidden: 'partner', value: w.companies.other.id },
        { path: 'company.secret', hidden: 'secret', value: 'TOPSECRET' },
        { path: 'partner.name', hidden: 'partner', value: 'Other Co' },
      ];
      const wraps = [(c: unknown) => c, (c: unknown) => ({ not: c }), (c: unknown) => ({ or: [{ field: 'title', op: 'eq', value: 'alpha' }, c] })];
      for (const probe of probes) {
        const unknownPath = probe.path.replace(probe.hidden, 'nosuchfield');
        for (const wrap of wraps) {
          const hidden = await list(caller, { count: '1', filter: JSON.stringify(wrap({ field: probe.path, op: 'eq', value: probe.value })) });
          const nothing = await list(caller, { count: '1', filter: JSON.stringify(wrap({ field: unknownPath, op: 'eq', value: probe.value })) });
          expect(hidden.status, probe.path).toBe(caller === 'outsider' ? 403 : 400);
          expect(normalised(hidden, probe.hidden), probe.path).toBe(normalised(nothing, 'nosuchfield'));
        }
      }
    });

    it('sort: a hidden field is refused exactly like a field that does not exist', async () => {
      for (const field of HIDDEN) {
        const hidden = await list(caller, { sort: `-${field}` });
        const nothing = await list(caller, { sort: '-nosuchfield' });
        expect(hidden.status).toBe(caller === 'outsider' ? 403 : 400);
        expect(normalised(hidden, field)).toBe(normalised(nothing, 'nosuchfield'));
      }
    });

    it('search: no match through a hidden search field, here or on a related entity', async () => {
      const admin = await rt.request<ListBody>('GET', listPath('deal', { q: 'kryptonite', count: '1' }));
      expect(admin.body.total).toBe(3);
      const hidden = await list(caller, { q: 'kryptonite', count: '1' });
      if (caller === 'outsider') {
        expect(hidden.status).toBe(403);
        return;
      }
      expect(hidden.body.total).toBe(0);
      expect(hidden.body.data).toEqual([]);
      const visible = await list(caller, { q: 'needle', count: '1' });
      expect(visible.body.data.map((r) => r.id).sort()).toEqual(
        readableIds().filter((id) => id === w.deals.a.id || id === w.deals.c.id),
      );
      const companyAdmin = await rt.request<ListBody>('GET', listPath('company', { q: 'TOPSECRET', count: '1' }));
      expect(companyAdmin.body.total).toBe(1);
      const company = await rt.request<ListBody>('GET', listPath('company', { q: 'TOPSECRET', count: '1' }), as(caller));
      expect(company.body.total).toBe(0);
    });

    it('expand: a hidden relation is refused like an unknown one; targets keep their own scope and hidden fields', async () => {
      const hidden = await rt.request('GET', `/api/records/deal/${w.deals.a.id}?expand=partner`, as(caller));
      const nothing = await rt.request('GET', `/api/records/deal/${w.deals.a.id}?expand=nosuchfield`, as(caller));
      expect(hidden.status).toBe(400);
      expect(normalised(hidden, 'partner')).toBe(normalised(nothing, 'nosuchfield'));
      if (caller === 'outsider') return;

      const a = await rt.request<RecordBody>('GET', `/api/records/deal/${w.deals.a.id}?expand=company`, as(caller));
      // The rep may read only companies they own: the other company is not loaded at all.
      if (caller === 'rep') expect(a.body['company']).toBeNull();
      else expect(a.body['company']).toMatchObject({ id: w.companies.other.id, name: 'Other Co' });
      expect(JSON.stringify(a.body)).not.toContain('TOPSECRET');

      const listed = await list(caller, { expand: 'company', limit: '500' });
      expect(JSON.stringify(listed.body)).not.toMatch(/TOPSECRET|OWNSECRET/);
      const b = listed.body.data.find((r) => r.id === w.deals.b.id);
      expect(b?.['company']).toMatchObject({ id: w.companies.own.id, name: 'Own Co' });

      const company = await rt.request<RecordBody>('GET', `/api/records/company/${w.companies.own.id}?expand=deals`, as(caller));
      expect(company.status).toBe(200);
      const deals = company.body['deals'];
      expect(Array.isArray(deals) ? deals.map((d: { id: string }) => d.id) : null).toEqual([w.deals.b.id]);
      expect(JSON.stringify(company.body)).not.toMatch(/"margin"|"internal"|zebra|OWNSECRET/);
    });

    it('history: changes of hidden fields are not shown, and an unreadable record has none', async () => {
      const b = w.deals.b;
      await rt.request('PATCH', `/api/records/deal/${b.id}`, { body: { margin: 91 + ['outsider', 'analyst', 'rep'].indexOf(caller) } });
      const res = await rt.request<HistoryBody>('GET', `/api/records/deal/${b.id}/history`, as(caller));
      if (caller === 'outsider') {
        expect(res.status).toBe(404);
        return;
      }
      expect(res.status).toBe(200);
      const text = JSON.stringify(res.body);
      expect(text).not.toMatch(/margin|internal|zebra/);
      expect(res.body.data.every((entry) => entry.changes.length > 0)).toBe(true);
      if (caller === 'rep') expect((await rt.request('GET', `/api/records/deal/${w.deals.c.id}/history`, as(caller))).status).toBe(404);
    });

    it('cursors carry only visible sort values', async () => {
      if (caller === 'outsider') return;
      const page = await list(caller, { sort: 'title', limit: '1' });
      expect(page.body.nextCursor).not.toBeNull();
      const decoded: unknown = JSON.parse(Buffer.from(page.body.nextCursor ?? '', 'base64url').toString('utf8'));
      expect(decoded).toEqual({ s: 'title,id', v: [page.body.data[0]?.['title'], page.body.data[0]?.id] });
    });
  });

  describe('dot paths through records the caller may not read', () => {
    it('match nothing whatever the value, so a filter cannot probe them', async () => {
      const ids = async (filter: unknown) => (await list('rep', { filter: JSON.stringify(filter) })).body.data.map((r) => r.id).sort();
      // The rep reads deal a, but not its company (Other Co).
      expect(await ids({ field: 'company.name', op: 'eq', value: 'Other Co' })).toEqual([]);
      expect(await ids({ field: 'company.name', op: 'eq', value: 'Wrong' })).toEqual([]);
      expect(await ids({ not: { field: 'company.name', op: 'eq', value: 'Other Co' } })).toEqual(await ids({ not: { field: 'company.name', op: 'eq', value: 'Wrong' } }));
      expect(await ids({ field: 'company.name', op: 'startsWith', value: 'O' })).toEqual([w.deals.b.id]);
      // The analyst reads every company.
      const analyst = await list('analyst', { filter: JSON.stringify({ field: 'company.name', op: 'eq', value: 'Other Co' }) });
      expect(analyst.body.data.map((r) => r.id)).toEqual([w.deals.a.id]);
    });
  });

  describe('writes', () => {
    it('refuses read-only fields with a 403 naming them, and hidden fields exactly like fields that do not exist', async () => {
      const b = w.deals.b.id;
      const res = await unchanged(b, () =>
        rt.request<ErrorBody>('PATCH', `/api/records/deal/${b}`, { body: { title: 'changed', margin: 1, region: 'east', internal: 'x', partner: null }, ...as('rep') }),
      );
      expect(res.status).toBe(403);
      expect(errorFields(res)).toEqual(['region']);
      expect(JSON.stringify(res.body)).not.toMatch(/margin|internal|partner/);
      const probes: Array<[string, unknown]> = [['margin', 5], ['internal', 'x'], ['partner', null]];
      for (const who of ['rep', 'analyst'] as const) {
        for (const [field, value] of probes) {
          const hidden = await unchanged(b, () => rt.request<ErrorBody>('PATCH', `/api/records/deal/${b}`, { body: { [field]: value }, ...as(who) }));
          const unknown = await unchanged(b, () => rt.request<ErrorBody>('PATCH', `/api/records/deal/${b}`, { body: { no_such_field: value }, ...as(who) }));
          expect(hidden.status, `${who} ${field}`).toBe(400);
          expect(normalised(hidden, field), `${who} ${field}`).toBe(normalised(unknown, 'no_such_field'));
          const created = await unchanged(b, () => rt.request('POST', '/api/records/deal', { body: { title: 'new', [field]: value }, ...as(who) }));
          const createdUnknown = await unchanged(b, () => rt.request('POST', '/api/records/deal', { body: { title: 'new', no_such_field: value }, ...as(who) }));
          expect(created.status).toBe(400);
          expect(normalised(created, field)).toBe(normalised(createdUnknown, 'no_such_field'));
        }
        // Several at once, with a value error too: the same answer as the same unknown names.
        const mixed = await rt.request('PATCH', `/api/records/deal/${b}`, { body: { margin: 1, title: 42, internal: 'x' }, ...as(who) });
        const mixedUnknown = await rt.request('PATCH', `/api/records/deal/${b}`, { body: { zz_one: 1, title: 42, zz_two: 'x' }, ...as(who) });
        expect(normalised(mixed, 'margin').split('internal').join('<two>')).toBe(normalised(mixedUnknown, 'zz_one').split('zz_two').join('<two>'));
      }
      // The formula over a hidden field is hidden too, and answered as unknown rather than read-only.
      const formula = await unchanged(b, () => rt.request('PATCH', `/api/records/deal/${b}`, { body: { margin_amount: 5 }, ...as('rep') }));
      const unknownFormula = await rt.request('PATCH', `/api/records/deal/${b}`, { body: { no_such_field: 5 }, ...as('rep') });
      expect(normalised(formula, 'margin_amount')).toBe(normalised(unknownFormula, 'no_such_field'));
    });

    it('answers 404 for a record outside the read scope and 403 for one readable but not changeable, changing nothing', async () => {
      const c = w.deals.c.id;
      const rep = await unchanged(c, () => rt.request('PATCH', `/api/records/deal/${c}`, { body: { title: 'mine now' }, ...as('rep') }));
      const missing = await rt.request('PATCH', `/api/records/deal/${MISSING_ID}`, { body: { title: 'mine now' }, ...as('rep') });
      expect(rep.status).toBe(404);
      expect(normalised(rep, c)).toBe(normalised(missing, MISSING_ID));
      // The lead reads deal c through the region sharing rule, which grants no update.
      expect((await rt.request('GET', `/api/records/deal/${c}`, as('lead'))).status).toBe(200);
      const lead = await unchanged(c, () => rt.request<ErrorBody>('PATCH', `/api/records/deal/${c}`, { body: { title: 'lead' }, ...as('lead') }));
      expect(lead.status).toBe(403);
      expect(lead.body.error.details[0]).toMatchObject({ code: 'OPERATION_NOT_ALLOWED', operation: 'update' });
      const deletion = await unchanged(w.deals.b.id, () => rt.request('DELETE', `/api/records/deal/${w.deals.b.id}`, as('rep')));
      expect(deletion.status).toBe(403);
      const outsider = await unchanged(c, () => rt.request('DELETE', `/api/records/deal/${c}`, as('outsider')));
      expect(outsider.status).toBe(403);
    });

    it('refuses mass assignment of owner without changeOwner, and of system fields for everyone', async () => {
      const b = w.deals.b.id;
      const owner = await unchanged(b, () => rt.request('POST', '/api/records/deal', { body: { title: 'x', owner: w.users.rep2.id }, ...as('rep') }));
      expect(owner.status).toBe(403);
      expect(errorFields(owner)).toEqual(['owner']);
      for (const [field, value] of Object.entries({ created_by: w.users.rep2.id, version: 99, id: MISSING_ID, updated_at: '2020-01-01T00:00:00Z' })) {
        const created = await unchanged(b, () => rt.request('POST', '/api/records/deal', { body: { title: 'x', [field]: value }, ...as('rep') }));
        expect(created.status, field).toBe(400);
        expect(errorFields(created)).toEqual([field]);
        const patched = await unchanged(b, () => rt.request('PATCH', `/api/records/deal/${b}`, { body: { [field]: value }, ...as('rep') }));
        expect(patched.status, field).toBe(400);
      }
      const handOver = await unchanged(b, () => rt.request('PATCH', `/api/records/deal/${b}`, { body: { owner: w.users.rep2.id }, ...as('rep') }));
      expect(handOver.status).toBe(403);
      expect(errorFields(handOver)).toEqual(['owner']);
      const same = await rt.request<RecordBody>('PATCH', `/api/records/deal/${b}`, { body: { owner: w.users.rep.id }, ...as('rep') });
      expect(same.status).toBe(200);
      // The lead may hand a team deal over (changeOwner).
      const lead = await rt.request<RecordBody>('POST', '/api/records/deal', { body: { title: 'for the rep', owner: w.users.rep.id }, ...as('lead') });
      expect(lead.status).toBe(201);
      expect(lead.body.owner).toBe(w.users.rep.id);
    });

    it('refuses a link to a record the caller cannot read exactly like one to a record that does not exist', async () => {
      const b = w.deals.b.id;
      const other = w.companies.other.id;
      const unreadable = await unchanged(b, () => rt.request('PATCH', `/api/records/deal/${b}`, { body: { company: other }, ...as('rep') }));
      const missing = await unchanged(b, () => rt.request('PATCH', `/api/records/deal/${b}`, { body: { company: MISSING_ID }, ...as('rep') }));
      expect(unreadable.status).toBe(400);
      expect(normalised(unreadable, other)).toBe(normalised(missing, MISSING_ID));
      const created = await unchanged(b, () => rt.request('POST', '/api/records/deal', { body: { title: 'x', company: other }, ...as('rep') }));
      expect(created.status).toBe(400);
      // A link kept from before (an admin linked deal a to that company) does not stop other changes.
      const kept = await rt.request<RecordBody>('PATCH', `/api/records/deal/${w.deals.a.id}`, { body: { company: other, notes: 'needle' }, ...as('rep') });
      expect(kept.status).toBe(200);
      expect((await rt.request('PATCH', `/api/records/deal/${b}`, { body: { company: other }, ...as('analyst') })).status).toBe(200);
      await rt.request('PATCH', `/api/records/deal/${b}`, { body: { company: w.companies.own.id } });
    });

    it('returns a created record to its creator without hidden fields', async () => {
      const res = await rt.request<RecordBody>('POST', '/api/records/deal', { body: { title: 'fresh', notes: 'n' }, ...as('rep') });
      expect(res.status).toBe(201);
      expect(res.body.owner).toBe(w.users.rep.id);
      expect(hasAnyKey([res.body], HIDDEN)).toBe(false);
      expect(res.body['region']).toBeNull();
      await rt.db.knex('rec_deal').where({ id: res.body.id }).delete();
      await rt.db.knex('record_history').where({ record_id: res.body.id }).delete();
    });
  });

  it('matches nothing with `in: []`, in a filter and in a sharing rule', async () => {
    const none = await rt.request<ListBody>('GET', listPath('deal', { count: '1', filter: JSON.stringify({ field: 'region', op: 'in', value: [] }) }));
    expect(none.body.total).toBe(0);
    const all = await rt.request<ListBody>('GET', listPath('deal', { count: '1', filter: JSON.stringify({ field: 'region', op: 'nin', value: [] }) }));
    expect(all.body.total).toBe(await dealCount());
    const empty = await list('empty', { count: '1' });
    expect(empty.status).toBe(200);
    expect(empty.body.total).toBe(0);
    const update = await unchanged(w.deals.c.id, () => rt.request('PATCH', `/api/records/deal/${w.deals.c.id}`, { body: { title: 'x' }, ...as('empty') }));
    expect(update.status).toBe(404);
  });

  it('applies a role changed directly in the database on the next request', async () => {
    const before = await list('rep2', { count: '1' });
    expect(before.body.total).toBe(1);
    await rt.db.knex('users').where({ id: w.users.rep2.id }).update({ roles: ['analyst'] });
    try {
      const after = await list('rep2', { count: '1' });
      expect(after.body.total).toBe(await dealCount());
      expect(hasAnyKey(after.body.data, HIDDEN)).toBe(false);
      await rt.db.knex('users').where({ id: w.users.rep2.id }).update({ roles: ['no_such_role'] });
      expect((await list('rep2', { count: '1' })).status).toBe(403);
    } finally {
      await rt.db.knex('users').where({ id: w.users.rep2.id }).update({ roles: ['rep'] });
    }
  });
});

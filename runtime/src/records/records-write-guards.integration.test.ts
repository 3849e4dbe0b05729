import type { App } from '@crm/schemas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../db/test-database.js';
import { startTestRuntime, type TestRuntime } from '../testing/test-runtime.js';
import { createRecordService } from './record.service.js';
import { createRecord, errorFields, signInNewUser, type ErrorBody, type HistoryBody, type ListBody, type RecordBody } from './records.test-support.js';

/*
 * What the records API says and shows about things the caller may not know (issue 11, items 6 and 9):
 * a 409 on a unique value names nothing of the record holding it; a field the definition marks
 * readOnly is set only by defaults and by processes acting as themselves; a relation pointing at a
 * record the caller cannot read shows as null (left out of many-to-many lists), as expand does; and
 * a field named like an Object.prototype member (`constructor`) keeps its value on every read.
 */

function guardsApp(): App {
  return {
    name: 'write_guards',
    settings: { timezone: 'Europe/Moscow' },
    entities: [
      {
        name: 'firm',
        label: { en: 'Firm', ru: 'Фирма' },
        display: 'name',
        fields: [{ name: 'name', type: 'text', required: true }],
      },
      {
        name: 'account',
        label: { en: 'Account', ru: 'Счёт' },
        display: 'name',
        fields: [
          { name: 'name', type: 'text', required: true },
          { name: 'code', type: 'text', unique: true },
          { name: 'score', type: 'integer', readOnly: true, default: 5 },
          { name: 'constructor', type: 'text', default: 'built' },
          { name: 'firm', type: 'relation', target: 'firm' },
          { name: 'partners', type: 'relation', target: 'firm', cardinality: 'many-to-many' },
        ],
      },
    ],
    roles: [
      {
        name: 'rep',
        entities: {
          account: { create: 'all', read: 'own', update: 'own', delete: 'own' },
          firm: { create: 'all', read: 'own', update: 'own', delete: 'none' },
        },
      },
    ],
  };
}

describe.each(testDatabaseKinds())('records write guards on %s', (kind) => {
  let rt: TestRuntime;
  const app = guardsApp();
  let rep: { id: string; token: string };

  beforeAll(async () => {
    rt = await startTestRuntime(kind, { app });
    rep = await signInNewUser(rt, `guards-rep-${kind}@x.test`, 'Rep', { roles: ['rep'] });
  });
  afterAll(async () => {
    await rt?.close();
  });

  it('a 409 on a unique value names the field and nothing of the record that holds it', async () => {
    const theirs = await createRecord(rt, 'account', { name: 'Hidden Holder Ltd', code: 'DUP-1', constructor: 'cx' });
    const res = await rt.request<ErrorBody>('POST', '/api/records/account', { body: { name: 'Mine', code: 'DUP-1' }, token: rep.token });
    expect(res.status).toBe(409);
    expect(errorFields(res)).toEqual(['code']);
    const text = JSON.stringify(res.body);
    expect(text).not.toContain(theirs.id);
    expect(text).not.toContain('Hidden Holder');
    expect(text).not.toContain('cx');
  });

  it('refuses a readOnly field set by a person, the admin included, and lets defaults and processes set it', async () => {
    const byAdmin = await rt.request<ErrorBody>('POST', '/api/records/account', { body: { name: 'A', score: 9 } });
    expect(byAdmin.status).toBe(400);
    expect(byAdmin.body.error.details).toEqual([expect.objectContaining({ field: 'score', code: 'READ_ONLY' })]);
    const byRep = await rt.request<ErrorBody>('POST', '/api/records/account', { body: { name: 'A', score: 9 }, token: rep.token });
    expect(byRep.status).toBe(400);
    expect(errorFields(byRep)).toEqual(['score']);

    const created = await createRecord(rt, 'account', { name: 'Defaulted' }, rep.token);
    expect(created['score']).toBe(5);
    const patched = await rt.request<ErrorBody>('PATCH', `/api/records/account/${created.id}`, { body: { score: 7 }, token: rep.token });
    expect(patched.status).toBe(400);
    expect(errorFields(patched)).toEqual(['score']);
    const adminPatch = await rt.request<ErrorBody>('PATCH', `/api/records/account/${created.id}`, { body: { score: 7, name: 'x' } });
    expect(adminPatch.status).toBe(400);
    expect(errorFields(adminPatch)).toEqual(['score']);

    const system = createRecordService({ db: rt.db.knex, app, caller: { user: null, process: { name: 'scoring', actAs: 'system' } } });
    expect((await system.update('account', created.id, { score: 8 }))['score']).toBe(8);
    const stored = await rt.request<RecordBody>('GET', `/api/records/account/${created.id}`);
    expect(stored.body['score']).toBe(8);
  });

  it('shows a relation to a record the caller cannot read as null, and leaves it out of many-to-many lists', async () => {
    const foreign = await createRecord(rt, 'firm', { name: 'Foreign Firm' });
    const own = await createRecord(rt, 'firm', { name: 'Own Firm' }, rep.token);
    const account = await createRecord(rt, 'account', { name: 'Linked', firm: foreign.id, partners: [foreign.id, own.id], owner: rep.id });

    const got = await rt.request<RecordBody>('GET', `/api/records/account/${account.id}`, { token: rep.token });
    expect(got.body['firm']).toBeNull();
    expect(got.body['partners']).toEqual([own.id]);
    const listed = await rt.request<ListBody>('GET', '/api/records/account', { token: rep.token });
    const row = listed.body.data.find((r) => r.id === account.id);
    expect(row?.['firm']).toBeNull();
    expect(row?.['partners']).toEqual([own.id]);
    const expanded = await rt.request<RecordBody>('GET', `/api/records/account/${account.id}?expand=firm,partners`, { token: rep.token });
    expect(expanded.body['firm']).toBeNull();
    expect((expanded.body['partners'] as RecordBody[]).map((p) => p.id)).toEqual([own.id]);
    const exported = await rt.request<unknown>('GET', '/api/export/account?format=json', { token: rep.token });
    expect(exported.status).toBe(200);
    expect(JSON.stringify(exported.body)).not.toContain(foreign.id);
    // The admin sees the links.
    const admin = await rt.request<RecordBody>('GET', `/api/records/account/${account.id}`);
    expect(admin.body['firm']).toBe(foreign.id);

    // A rep's change to the list keeps the links they cannot see.
    const third = await createRecord(rt, 'firm', { name: 'Third Firm' }, rep.token);
    const changed = await rt.request<RecordBody>('PATCH', `/api/records/account/${account.id}`, { body: { partners: [own.id, third.id], name: 'Linked 2' }, token: rep.token });
    expect(changed.status).toBe(200);
    expect(changed.body['partners']).toEqual(expect.arrayContaining([own.id, third.id]));
    expect(changed.body['firm']).toBeNull();
    const after = await rt.request<RecordBody>('GET', `/api/records/account/${account.id}`);
    expect(after.body['firm']).toBe(foreign.id);
    expect([...(after.body['partners'] as string[])].sort()).toEqual([foreign.id, own.id, third.id].sort());
    const history = await rt.request<HistoryBody>('GET', `/api/records/account/${account.id}/history`, { token: rep.token });
    expect(JSON.stringify(history.body)).not.toContain(foreign.id);
  });

  it('keeps the value of a field named constructor on create, get, list, export and history', async () => {
    const created = await rt.request<RecordBody>('POST', '/api/records/account', { body: { name: 'Proto', constructor: 'kept' }, token: rep.token });
    expect(created.status).toBe(201);
    expect(created.body['constructor']).toBe('kept');
    const defaulted = await createRecord(rt, 'account', { name: 'Proto default' }, rep.token);
    expect(defaulted['constructor']).toBe('built');
    const got = await rt.request<RecordBody>('GET', `/api/records/account/${created.body.id}`, { token: rep.token });
    expect(got.body['constructor']).toBe('kept');
    const listed = await rt.request<ListBody>('GET', '/api/records/account?filter=' + encodeURIComponent(JSON.stringify({ field: 'constructor', op: 'eq', value: 'kept' })), { token: rep.token });
    expect(listed.body.data.map((r) => r['constructor'])).toEqual(['kept']);
    const exported = await rt.request<unknown>('GET', '/api/export/account?format=json&fields=name,constructor', { token: rep.token });
    expect(JSON.stringify(exported.body)).toContain('"constructor":"kept"');
    await rt.request('PATCH', `/api/records/account/${created.body.id}`, { body: { constructor: 'changed' }, token: rep.token });
    const history = await rt.request<HistoryBody>('GET', `/api/records/account/${created.body.id}/history`, { token: rep.token });
    const changes = history.body.data.flatMap((h) => h.changes).filter((c) => c.field === 'constructor');
    expect(changes.map((c) => [c.old, c.new])).toEqual([['kept', 'changed'], [null, 'kept']]);
  });
});

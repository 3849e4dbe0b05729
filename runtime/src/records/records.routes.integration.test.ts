import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../db/test-database.js';
import { startTestRuntime, type TestRuntime } from '../testing/test-runtime.js';
import { recordsTestApp } from './records.fixtures.js';
import {
  createRecord,
  errorFields,
  signInNewUser,
  type ErrorBody,
  type HistoryBody,
  type ListBody,
  type RecordBody,
} from './records.test-support.js';

const MISSING_ID = '00000000-0000-4000-8000-000000000000';

function todayInMoscow(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Moscow', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}

describe.each(testDatabaseKinds())('records API on %s', (kind) => {
  let rt: TestRuntime;
  let adminId: string;

  beforeAll(async () => {
    rt = await startTestRuntime(kind, { app: recordsTestApp() });
    const me = await rt.request<{ user: { id: string } }>('GET', '/api/auth/me');
    adminId = me.body.user.id;
  });
  afterAll(async () => {
    await rt?.close();
  });

  async function countRows(table: string): Promise<number> {
    const row: { count?: unknown } | undefined = await rt.db.knex(table).count({ count: '*' }).first();
    return Number(row?.count ?? 0);
  }

  describe('create and read', () => {
    it('creates a record with system fields, defaults, the first stage and the formula, and reads it back with its ETag', async () => {
      const res = await rt.request<RecordBody>('POST', '/api/records/deal', { body: { title: 'Поставка серверов', amount: 150000.5 } });
      expect(res.status).toBe(201);
      expect(res.headers.get('etag')).toBe('"1"');
      const deal = res.body;
      expect(deal).toMatchObject({
        version: 1,
        owner: adminId,
        created_by: adminId,
        updated_by: adminId,
        deleted_at: null,
        title: 'Поставка серверов',
        amount: 150000.5,
        probability: 10,
        stage: 'new',
        manager: adminId,
        opened_on: todayInMoscow(),
        tags: [],
        weighted: 15000.05,
      });
      expect(deal.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(Date.parse(deal.created_at)).not.toBeNaN();

      const read = await rt.request<RecordBody>('GET', `/api/records/deal/${deal.id}`);
      expect(read.status).toBe(200);
      expect(read.headers.get('etag')).toBe('"1"');
      expect(read.body).toEqual(deal);
    });

    it('answers 401 without a signed-in user and 404 naming an unknown entity or record', async () => {
      expect((await rt.request('POST', '/api/records/deal', { body: { title: 'x' }, token: null })).status).toBe(401);
      expect((await rt.request('GET', '/api/records/deal', { token: null })).status).toBe(401);
      const unknown = await rt.request<ErrorBody>('POST', '/api/records/invoice', { body: {} });
      expect(unknown.status).toBe(404);
      expect(unknown.body.error.code).toBe('NOT_FOUND');
      expect(unknown.body.error.message).toContain('invoice');
      expect((await rt.request('GET', `/api/records/deal/${MISSING_ID}`)).status).toBe(404);
      expect((await rt.request('GET', '/api/records/deal/not-a-uuid')).status).toBe(404);
    });

    it('refuses "много" as an amount with a 400 naming amount, in English and Russian', async () => {
      const res = await rt.request<ErrorBody>('POST', '/api/records/deal', { body: { title: 'x', amount: 'много' } });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
      expect(res.body.error.details).toEqual([
        expect.objectContaining({ field: 'amount', code: 'INVALID_TYPE', message: expect.any(String), message_ru: expect.any(String) }),
      ]);
    });

    it('refuses unknown fields, system fields and formula fields, naming each', async () => {
      const res = await rt.request<ErrorBody>('POST', '/api/records/deal', {
        body: { title: 'x', colour: 'red', id: MISSING_ID, version: 7, created_at: '2020-01-01T00:00:00Z', updated_by: adminId, deleted_at: null, weighted: 5 },
      });
      expect(res.status).toBe(400);
      expect(errorFields(res).sort()).toEqual(['colour', 'created_at', 'deleted_at', 'id', 'updated_by', 'version', 'weighted']);
      const missing = await rt.request<ErrorBody>('POST', '/api/records/deal', { body: { amount: 5 } });
      expect(missing.status).toBe(400);
      expect(errorFields(missing)).toEqual(['title']);
    });

    it('stores lists, files and instants and treats an unchanged value as no change', async () => {
      // A file value must point at an upload of the writer's (runtime/src/files).
      const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
      const upload = await fetch(`${rt.baseUrl}/api/files?entity=company&field=logo&name=logo.png`, { method: 'POST', headers: { authorization: `Bearer ${rt.adminToken}`, 'content-type': 'image/png' }, body: png });
      const uploaded: unknown = await upload.json();
      const logo = { name: 'logo.png', size: png.length, mime: 'image/png', key: typeof uploaded === 'object' && uploaded !== null && 'key' in uploaded ? String(uploaded.key) : '' };
      const company = await createRecord(rt, 'company', { name: 'Types Inc', segments: ['smb', 'public'], logo, founded_at: '2020-05-01T12:00:00+03:00' });
      expect(company).toMatchObject({ segments: ['smb', 'public'], logo, founded_at: '2020-05-01T09:00:00.000Z' });
      const same = await rt.request<RecordBody>('PATCH', `/api/records/company/${company.id}`, {
        body: { segments: ['smb', 'public'], logo: { ...logo }, founded_at: '2020-05-01T09:00:00Z' },
      });
      expect(same.body.version).toBe(1);
      const changed = await rt.request<RecordBody>('PATCH', `/api/records/company/${company.id}`, { body: { segments: [], logo: null } });
      expect(changed.body).toMatchObject({ version: 2, segments: [], logo: null });
    });

    it('normalises phones to E.164 and lower-cases emails', async () => {
      const contact = await createRecord(rt, 'contact', { full_name: 'Анна', phone: '8 (912) 345-67-89', email: ' Anna@Example.COM ' });
      expect(contact.phone).toBe('+79123456789');
      expect(contact.email).toBe('anna@example.com');
      const same = await rt.request<ErrorBody>('POST', '/api/records/contact', { body: { full_name: 'Анна 2', phone: '+79123456789' } });
      expect(same.status).toBe(409);
      expect(errorFields(same)).toEqual(['phone']);
    });
  });

  describe('references', () => {
    it('requires relation and user values to point at existing records and people', async () => {
      const company = await createRecord(rt, 'company', { name: 'Refs Ltd' });
      const ok = await createRecord(rt, 'deal', { title: 'with company', company: company.id });
      expect(ok.company).toBe(company.id);

      const missing = await rt.request<ErrorBody>('POST', '/api/records/deal', { body: { title: 'x', company: MISSING_ID, manager: MISSING_ID } });
      expect(missing.status).toBe(400);
      expect(errorFields(missing).sort()).toEqual(['company', 'manager']);

      expect((await rt.request('DELETE', `/api/records/company/${company.id}`)).status).toBe(204);
      const deleted = await rt.request<ErrorBody>('POST', '/api/records/deal', { body: { title: 'x', company: company.id } });
      expect(deleted.status).toBe(400);
      expect(errorFields(deleted)).toEqual(['company']);

      // A link kept from before stays valid although its target was deleted since.
      const kept = await rt.request<RecordBody>('PATCH', `/api/records/deal/${ok.id}`, { body: { title: 'renamed' } });
      expect(kept.status).toBe(200);
      expect(kept.body.company).toBe(company.id);
    });

    it('writes many-to-many fields as arrays of ids and replaces the links on update', async () => {
      const [a, b, c] = await Promise.all(['vip', 'urgent', 'b2b'].map((name) => createRecord(rt, 'tag', { name })));
      if (!a || !b || !c) throw new Error('tags were not created');
      const deal = await createRecord(rt, 'deal', { title: 'tagged', tags: [a.id, b.id] });
      expect(deal.tags).toEqual([a.id, b.id].sort());
      const patched = await rt.request<RecordBody>('PATCH', `/api/records/deal/${deal.id}`, { body: { tags: [c.id] } });
      expect(patched.status).toBe(200);
      expect(patched.body.tags).toEqual([c.id]);
      expect(patched.body.version).toBe(2);
      const links: Array<{ target_id: string }> = await rt.db.knex('lnk_deal__tags').where({ source_id: deal.id }).select('target_id');
      expect(links.map((l) => l.target_id)).toEqual([c.id]);
    });

    it('changes nothing when a write fails: the second of two link ids is invalid', async () => {
      const tag = await createRecord(rt, 'tag', { name: 'kept' });
      const deal = await createRecord(rt, 'deal', { title: 'atomic', tags: [tag.id] });
      const deals = await countRows('rec_deal');
      const links = await countRows('lnk_deal__tags');
      const history = await countRows('record_history');

      const create = await rt.request<ErrorBody>('POST', '/api/records/deal', { body: { title: 'never', tags: [tag.id, MISSING_ID] } });
      expect(create.status).toBe(400);
      expect(errorFields(create)).toEqual(['tags']);
      const update = await rt.request<ErrorBody>('PATCH', `/api/records/deal/${deal.id}`, { body: { title: 'changed', tags: [tag.id, MISSING_ID] } });
      expect(update.status).toBe(400);

      expect(await countRows('rec_deal')).toBe(deals);
      expect(await countRows('lnk_deal__tags')).toBe(links);
      expect(await countRows('record_history')).toBe(history);
      const after = await rt.request<RecordBody>('GET', `/api/records/deal/${deal.id}`);
      expect(after.body).toMatchObject({ title: 'atomic', version: 1, tags: [tag.id] });
    });
  });

  describe('update', () => {
    it('accepts If-Match as 3, "3" and W/"3", bumps the version by one per change and recomputes formulas', async () => {
      const deal = await createRecord(rt, 'deal', { title: 'versions', amount: 1000 });
      const one = await rt.request<RecordBody>('PATCH', `/api/records/deal/${deal.id}`, { body: { probability: 50 }, headers: { 'if-match': '1' } });
      expect(one.status).toBe(200);
      expect(one.headers.get('etag')).toBe('"2"');
      expect(one.body).toMatchObject({ version: 2, probability: 50, weighted: 500 });
      const two = await rt.request<RecordBody>('PATCH', `/api/records/deal/${deal.id}`, { body: { amount: 2000 }, headers: { 'if-match': '"2"' } });
      expect(two.body).toMatchObject({ version: 3, weighted: 1000 });
      const three = await rt.request<RecordBody>('PATCH', `/api/records/deal/${deal.id}`, { body: { amount: null }, headers: { 'if-match': 'W/"3"' } });
      expect(three.body).toMatchObject({ version: 4, amount: null, weighted: null });
    });

    it('does not bump the version or write history for a PATCH that changes nothing', async () => {
      const deal = await createRecord(rt, 'deal', { title: 'same', amount: 10 });
      const res = await rt.request<RecordBody>('PATCH', `/api/records/deal/${deal.id}`, { body: { title: 'same', amount: 10.0 }, headers: { 'if-match': '1' } });
      expect(res.status).toBe(200);
      expect(res.body.version).toBe(1);
      expect(res.body.updated_at).toBe(deal.updated_at);
      const history = await rt.request<HistoryBody>('GET', `/api/records/deal/${deal.id}/history`);
      expect(history.body.data.map((h) => h.action)).toEqual(['create']);
    });

    it('answers 412 to a stale If-Match and leaves the row unchanged', async () => {
      const deal = await createRecord(rt, 'deal', { title: 'stale' });
      await rt.request('PATCH', `/api/records/deal/${deal.id}`, { body: { title: 'fresh' } });
      const res = await rt.request<ErrorBody>('PATCH', `/api/records/deal/${deal.id}`, { body: { title: 'lost update' }, headers: { 'if-match': '"1"' } });
      expect(res.status).toBe(412);
      expect(res.body.error.code).toBe('VERSION_CONFLICT');
      const row = await rt.request<RecordBody>('GET', `/api/records/deal/${deal.id}`);
      expect(row.body).toMatchObject({ title: 'fresh', version: 2 });
      expect((await rt.request('PATCH', `/api/records/deal/${deal.id}`, { body: {}, headers: { 'if-match': 'yesterday' } })).status).toBe(400);
    });

    it('lets exactly one of several concurrent PATCHes with the same If-Match win', async () => {
      const deal = await createRecord(rt, 'deal', { title: 'race' });
      const attempts = await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          rt.request<RecordBody>('PATCH', `/api/records/deal/${deal.id}`, { body: { title: `writer ${i}` }, headers: { 'if-match': '"1"' } }),
        ),
      );
      const statuses = attempts.map((a) => a.status).sort();
      expect(statuses).toEqual([200, 412, 412, 412, 412, 412]);
      const winner = attempts.find((a) => a.status === 200);
      const row = await rt.request<RecordBody>('GET', `/api/records/deal/${deal.id}`);
      expect(row.body).toMatchObject({ version: 2, title: winner?.body.title });
      const history = await rt.request<HistoryBody>('GET', `/api/records/deal/${deal.id}/history`);
      expect(history.body.data.map((h) => h.action)).toEqual(['update', 'create']);
    });

    it('enforces stage transitions and the required fields of the stage being entered', async () => {
      const deal = await createRecord(rt, 'deal', { title: 'pipeline' });
      const jump = await rt.request<ErrorBody>('PATCH', `/api/records/deal/${deal.id}`, { body: { stage: 'won' } });
      expect(jump.status).toBe(400);
      expect(jump.body.error.details).toEqual([expect.objectContaining({ field: 'stage', code: 'INVALID_TRANSITION', from: 'new', to: 'won' })]);
      expect(jump.body.error.message).toContain('new');
      expect(jump.body.error.message).toContain('won');

      const unqualified = await rt.request<ErrorBody>('PATCH', `/api/records/deal/${deal.id}`, { body: { stage: 'qualified' } });
      expect(unqualified.status).toBe(400);
      expect(errorFields(unqualified)).toEqual(['amount']);

      const qualified = await rt.request<RecordBody>('PATCH', `/api/records/deal/${deal.id}`, { body: { stage: 'qualified', amount: 5000 } });
      expect(qualified.status).toBe(200);
      await rt.request('PATCH', `/api/records/deal/${deal.id}`, { body: { stage: 'proposal' } });
      const won = await rt.request<ErrorBody>('PATCH', `/api/records/deal/${deal.id}`, { body: { stage: 'won' } });
      expect(errorFields(won)).toEqual(['close_date']);
      const closed = await rt.request<RecordBody>('PATCH', `/api/records/deal/${deal.id}`, { body: { stage: 'won', close_date: '2025-06-30' } });
      expect(closed.body).toMatchObject({ stage: 'won', close_date: '2025-06-30' });
    });
  });

  describe('delete and restore', () => {
    it('soft-deletes, hides the record, shows it with ?deleted=1 and restores it', async () => {
      const company = await createRecord(rt, 'company', { name: 'Gone Ltd' });
      expect((await rt.request('DELETE', `/api/records/company/${company.id}`, { headers: { 'if-match': '"1"' } })).status).toBe(204);
      expect((await rt.request('GET', `/api/records/company/${company.id}`)).status).toBe(404);
      expect((await rt.request('DELETE', `/api/records/company/${company.id}`)).status).toBe(404);
      const hidden = await rt.request<RecordBody>('GET', `/api/records/company/${company.id}?deleted=1`);
      expect(hidden.status).toBe(200);
      expect(hidden.body.deleted_at).not.toBeNull();
      expect(hidden.body.version).toBe(2);
      const list = await rt.request<ListBody>('GET', '/api/records/company?limit=500');
      expect(list.body.data.map((r) => r.id)).not.toContain(company.id);
      const onlyDeleted = await rt.request<ListBody>('GET', '/api/records/company?deleted=only&limit=500');
      expect(onlyDeleted.body.data.map((r) => r.id)).toContain(company.id);

      const restored = await rt.request<RecordBody>('POST', `/api/records/company/${company.id}/restore`);
      expect(restored.status).toBe(200);
      expect(restored.body).toMatchObject({ deleted_at: null, version: 3, name: 'Gone Ltd' });
      expect((await rt.request('GET', `/api/records/company/${company.id}`)).status).toBe(200);
    });

    it('answers 409 naming the field for a unique value taken, on create and on restore', async () => {
      await createRecord(rt, 'company', { name: 'Unique LLC' });
      const twice = await rt.request<ErrorBody>('POST', '/api/records/company', { body: { name: 'Unique LLC' } });
      expect(twice.status).toBe(409);
      expect(twice.body.error.code).toBe('CONFLICT');
      expect(errorFields(twice)).toEqual(['name']);

      const old = await createRecord(rt, 'company', { name: 'Reused name' });
      await rt.request('DELETE', `/api/records/company/${old.id}`);
      await createRecord(rt, 'company', { name: 'Reused name' });
      const restore = await rt.request<ErrorBody>('POST', `/api/records/company/${old.id}/restore`);
      expect(restore.status).toBe(409);
      expect(errorFields(restore)).toEqual(['name']);
      expect((await rt.request<RecordBody>('GET', `/api/records/company/${old.id}?deleted=1`)).body.deleted_at).not.toBeNull();
    });
  });

  describe('history', () => {
    it('lists every write newest first with who made it and each field old and new', async () => {
      const manager = await signInNewUser(rt, `history-${kind}@example.com`, 'Мария Иванова');
      const deal = await createRecord(rt, 'deal', { title: 'История', amount: 100 });
      const patch = await rt.request('PATCH', `/api/records/deal/${deal.id}`, { body: { amount: 250, title: 'История 2' }, token: manager.token });
      expect(patch.status).toBe(200);
      await rt.request('DELETE', `/api/records/deal/${deal.id}`);
      await rt.request('POST', `/api/records/deal/${deal.id}/restore`);

      const res = await rt.request<HistoryBody>('GET', `/api/records/deal/${deal.id}/history`);
      expect(res.status).toBe(200);
      const [restore, remove, update, create] = res.body.data;
      expect(res.body.data.map((h) => [h.version, h.action])).toEqual([
        [4, 'restore'],
        [3, 'delete'],
        [2, 'update'],
        [1, 'create'],
      ]);
      expect(update?.actor).toEqual({ kind: 'user', id: manager.id, name: 'Мария Иванова' });
      expect(update?.changes).toEqual([
        { field: 'title', old: 'История', new: 'История 2' },
        { field: 'amount', old: 100, new: 250 },
        { field: 'weighted', old: 10, new: 25 },
      ]);
      expect(create?.actor).toMatchObject({ kind: 'user', id: adminId });
      expect(create?.changes).toEqual(
        expect.arrayContaining([
          { field: 'owner', old: null, new: adminId },
          { field: 'title', old: null, new: 'История' },
          { field: 'amount', old: null, new: 100 },
          { field: 'stage', old: null, new: 'new' },
        ]),
      );
      expect(create?.changes.every((c) => c.old === null)).toBe(true);
      expect(remove?.changes).toEqual([{ field: 'deleted_at', old: null, new: expect.any(String) }]);
      expect(restore?.changes).toEqual([{ field: 'deleted_at', old: expect.any(String), new: null }]);
    });
  });
});

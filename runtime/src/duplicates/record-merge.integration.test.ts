import type { App, ImportReport } from '@crm/schemas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../db/test-database.js';
import { postCsv } from '../exchange/exchange.test-support.js';
import { createRecord, signInNewUser, type ErrorBody, type HistoryBody, type RecordBody } from '../records/records.test-support.js';
import { startTestRuntime, type TestRuntime } from '../testing/test-runtime.js';
import { allowHosts } from '../webhooks/webhooks.test-support.js';

/*
 * Issue 15, item 3 over HTTP on both databases: a configured duplicate key (`duplicateKeys`) is
 * reported on create and on import; POST /api/records/:entity/merge moves every deal, task,
 * activity, link row, history entry, process run and human task of the merged records to the
 * survivor, takes the chosen values (a file among them), deletes the merged records, writes the
 * history and the audit entry, and is refused whole (nothing changed) to a role that may not
 * update or delete one of them, for stale versions and for values that do not validate.
 */

function mergeApp(): App {
  const contactRef = { type: 'relation', target: 'contact' } as const;
  return {
    name: 'merge_test',
    entities: [
      { name: 'company', label: { en: 'Company', ru: 'Компания' }, display: 'name', fields: [{ name: 'name', type: 'text', required: true }] },
      {
        name: 'contact',
        label: { en: 'Contact', ru: 'Контакт' },
        display: 'name',
        fields: [
          { name: 'name', type: 'text', required: true },
          { name: 'phone', type: 'phone' },
          { name: 'email', type: 'email' },
          { name: 'inn', type: 'text', indexed: true },
          { name: 'title', type: 'text' },
          { name: 'company', type: 'relation', target: 'company' },
          { name: 'photo', type: 'file', label: { en: 'Photo', ru: 'Фото' } },
        ],
        duplicateKeys: [['inn'], ['company', 'title']],
      },
      {
        name: 'deal',
        label: { en: 'Deal', ru: 'Сделка' },
        display: 'title',
        fields: [
          { name: 'title', type: 'text', required: true },
          { name: 'contact', ...contactRef },
          { name: 'participants', ...contactRef, cardinality: 'many-to-many' },
        ],
      },
      { name: 'task', label: { en: 'Task', ru: 'Задача' }, display: 'title', fields: [{ name: 'title', type: 'text', required: true }, { name: 'contact', ...contactRef }] },
      { name: 'activity', label: { en: 'Activity', ru: 'Активность' }, display: 'subject', fields: [{ name: 'subject', type: 'text', required: true }, { name: 'contact', ...contactRef }] },
    ],
    processes: [
      {
        name: 'greet_contact',
        label: { ru: 'Контакт изменён', en: 'Contact changed' },
        // Before-save on update (a create has no id yet to hang a task on): the task and the
        // notification are made in the save's own transaction, so the test waits for no worker.
        mode: 'before-save',
        trigger: { type: 'record', entity: 'contact', on: ['update'] },
        nodes: [
          { id: 'call', type: 'create_task', config: { title: 'Call {{record.name}}', due: 'P1D' } },
          { id: 'tell', type: 'notify', config: { to: { $ref: 'record.owner' }, message: 'New contact {{record.name}}' } },
        ],
        edges: [
          { from: 'trigger', to: 'call' },
          { from: 'call', to: 'tell' },
        ],
      },
    ],
    roles: [
      {
        name: 'rep',
        entities: {
          contact: { create: 'all', read: 'all', update: 'own', delete: 'own' },
          company: { create: 'all', read: 'all', update: 'none', delete: 'none' },
          deal: { create: 'all', read: 'all', update: 'own', delete: 'none' },
        },
      },
    ],
  };
}

interface Created extends RecordBody {
  _duplicates?: Array<{ id: string; display: string | null; matchedOn: string[] }>;
}

interface MergeBody {
  survivor: RecordBody;
  merged: string[];
  moved: { references: Record<string, number>; links: Record<string, number>; system: Record<string, number> };
}

describe.each(testDatabaseKinds())('duplicates by a configured key and merging over HTTP on %s', (kind) => {
  let rt: TestRuntime;
  let rep: { id: string; token: string };

  beforeAll(async () => {
    rt = await startTestRuntime(kind, { app: mergeApp() });
    rep = await signInNewUser(rt, `rep-${kind}@merge.test`, 'Rep', { roles: ['rep'] });
  });
  afterAll(async () => {
    await rt?.close();
  });

  async function upload(token: string, name: string, bytes: string): Promise<{ key: string; name: string; size: number; mime: string }> {
    const res = await fetch(`${rt.baseUrl}/api/files?${new URLSearchParams({ entity: 'contact', field: 'photo', name }).toString()}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream' },
      body: bytes,
    });
    expect(res.status).toBe(201);
    return (await res.json()) as { key: string; name: string; size: number; mime: string };
  }

  async function count(table: string, where: Record<string, unknown>): Promise<number> {
    const row = await rt.db.knex(table).where(where).count<Array<{ n: string | number }>>({ n: '*' }).first();
    return Number(row?.n ?? 0);
  }

  it('reports a match by a configured key on create: one field trimmed, two fields with text in any case', async () => {
    const firm = await createRecord(rt, 'company', { name: 'Ромашка' });
    const other = await createRecord(rt, 'company', { name: 'Лютик' });
    const byInn = await createRecord(rt, 'contact', { name: 'ООО Ромашка (бух.)', inn: '7701234567' });
    const sameInn = await rt.request<Created>('POST', '/api/records/contact', { body: { name: 'Ромашка', inn: ' 7701234567 ' } });
    expect(sameInn.status).toBe(201);
    expect(sameInn.body._duplicates).toEqual([{ id: byInn.id, display: 'ООО Ромашка (бух.)', matchedOn: ['inn'] }]);

    const director = await createRecord(rt, 'contact', { name: 'Анна', company: firm.id, title: 'Генеральный директор' });
    const again = await rt.request<Created>('POST', '/api/records/contact', { body: { name: 'А. Смирнова', company: firm.id, title: 'генеральный ДИРЕКТОР' } });
    expect(again.body._duplicates).toEqual([{ id: director.id, display: 'Анна', matchedOn: ['company', 'title'] }]);
    const elsewhere = await rt.request<Created>('POST', '/api/records/contact', { body: { name: 'Анна Л.', company: other.id, title: 'Генеральный директор' } });
    expect(elsewhere.body).not.toHaveProperty('_duplicates');
  });

  it('reports a match by a configured key on import, per row, against the database and the file', async () => {
    const firm = await createRecord(rt, 'company', { name: 'Василёк' });
    const existing = await createRecord(rt, 'contact', { name: 'Пётр', inn: '5009876543', company: firm.id, title: 'Бухгалтер' });
    const csv = `name,inn,company,title\nПётр И.,5009876543,,\nПётр Б.,,${firm.id},БУХГАЛТЕР\nНовый,5000000001,${firm.id},Юрист\nКопия,5000000001,,\n`;
    const res = await postCsv<ImportReport>(rt, '/api/import/contact?dryRun=1', csv, rt.adminToken);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ dryRun: true, created: 1, skipped: 3 });
    expect(res.body.skippedRows).toEqual([
      { row: 2, field: 'inn', duplicateOf: { id: existing.id } },
      { row: 3, field: 'company+title', duplicateOf: { id: existing.id } },
      { row: 5, field: 'inn', duplicateOf: { row: 4 } },
    ]);
  });

  it('merges two duplicates into a survivor and loses nothing that pointed at them', async () => {
    const survivor = await createRecord(rt, 'contact', { name: 'Иван Петров', email: 'ivan@shop.test' });
    // The rep's record with the rep's photo: the admin who merges did not upload it, and still takes it.
    const first = await createRecord(rt, 'contact', { name: 'И. Петров', phone: '89123456789', email: 'ivan.p@shop.test' }, rep.token);
    const second = await createRecord(rt, 'contact', { name: 'Петров Иван' });
    const photo = await upload(rep.token, 'ivan.png', 'not really a png');
    const withPhoto = await rt.request<RecordBody>('PATCH', `/api/records/contact/${first.id}`, { body: { photo }, token: rep.token });
    expect(withPhoto.status).toBe(200);
    for (const record of [survivor, second]) expect((await rt.request('PATCH', `/api/records/contact/${record.id}`, { body: { title: 'Клиент' } })).status).toBe(200);
    expect(await count('human_tasks', { entity: 'contact', record_id: first.id })).toBe(1);

    const deal = await createRecord(rt, 'deal', { title: 'Поставка', contact: first.id, participants: [first.id, survivor.id] });
    const other = await createRecord(rt, 'deal', { title: 'Сервис', participants: [second.id] });
    const task = await createRecord(rt, 'task', { title: 'Перезвонить', contact: second.id });
    const activity = await createRecord(rt, 'activity', { subject: 'Звонок', contact: first.id });

    const res = await rt.request<MergeBody>('POST', '/api/records/contact/merge', {
      body: { survivor: survivor.id, merged: [first.id, second.id], values: { phone: '+79123456789', photo: withPhoto.body['photo'] }, versions: { [first.id]: withPhoto.body.version } },
    });
    expect(res.status).toBe(200);
    expect(res.body.merged).toEqual([first.id, second.id]);
    expect(res.body.survivor).toMatchObject({ id: survivor.id, name: 'Иван Петров', email: 'ivan@shop.test', phone: '+79123456789', photo: { key: photo.key } });
    expect(res.body.moved.references).toEqual({ 'deal.contact': 1, 'task.contact': 1, 'activity.contact': 1 });

    // Related records now point at the survivor, each with a history entry saying so.
    expect((await rt.request<RecordBody>('GET', `/api/records/deal/${deal.id}`)).body).toMatchObject({ contact: survivor.id, participants: [survivor.id] });
    // A many-to-many field changes value too: a version and a history entry naming it.
    expect((await rt.request<RecordBody>('GET', `/api/records/deal/${other.id}`)).body).toMatchObject({ participants: [survivor.id], version: 2 });
    const otherHistory = await rt.request<HistoryBody>('GET', `/api/records/deal/${other.id}/history`);
    expect(otherHistory.body.data[0]).toMatchObject({ action: 'update', changes: [{ field: 'participants', old: [second.id], new: [survivor.id] }] });
    expect((await rt.request<RecordBody>('GET', `/api/records/task/${task.id}`)).body).toMatchObject({ contact: survivor.id, version: 2 });
    expect((await rt.request<RecordBody>('GET', `/api/records/activity/${activity.id}`)).body).toMatchObject({ contact: survivor.id });
    const dealHistory = await rt.request<HistoryBody>('GET', `/api/records/deal/${deal.id}/history`);
    // Two updates: its contact, then its participants (the survivor stays once).
    expect(dealHistory.body.data[1]).toMatchObject({ action: 'update', changes: [{ field: 'contact', old: first.id, new: survivor.id }] });
    expect(dealHistory.body.data[0]).toMatchObject({ action: 'update', changes: [{ field: 'participants', new: [survivor.id] }] });
    expect([...(dealHistory.body.data[0]?.changes[0]?.old as string[])].sort()).toEqual([first.id, survivor.id].sort());

    // The merged records are deleted (as DELETE does) and their runs, tasks and history are the survivor's.
    expect((await rt.request('GET', `/api/records/contact/${first.id}`)).status).toBe(404);
    expect((await rt.request('GET', `/api/records/contact/${second.id}`)).status).toBe(404);
    for (const table of ['process_runs', 'human_tasks', 'notifications']) {
      expect(await count(table, { entity: 'contact', record_id: first.id })).toBe(0);
      // Its own, the two merged records', and the one the merge's update of the survivor started.
      expect(await count(table, { entity: 'contact', record_id: survivor.id }), table).toBe(4);
    }
    const photoFile = await fetch(`${rt.baseUrl}/api/records/contact/${survivor.id}/files/photo/${photo.key}`, { headers: { authorization: `Bearer ${rt.adminToken}` } });
    expect(photoFile.status).toBe(200);
    expect(Buffer.from(await photoFile.arrayBuffer()).toString()).toBe('not really a png');

    const history = await rt.request<HistoryBody>('GET', `/api/records/contact/${survivor.id}/history`);
    expect(history.body.data[0]).toMatchObject({ action: 'update', changes: [{ field: 'id', old: [first.id, second.id], new: survivor.id }] });
    // The merged record's own past (its creation and its photo) is on the survivor's timeline.
    expect(history.body.data.filter((h) => h.action === 'create')).toHaveLength(3);
    expect(history.body.data.some((h) => h.changes.some((c) => c.field === 'photo' && c.old === null))).toBe(true);

    const audit = await rt.request<{ data: Array<{ action: string; target: { id: string }; details: { merged: string[] } }> }>('GET', '/api/audit?action=record.merge');
    expect(audit.body.data[0]).toMatchObject({ action: 'record.merge', target: { id: survivor.id }, details: { merged: [first.id, second.id] } });
  });

  it('fires the record event an update fires for every moved reference: a webhook on deals hears of the new contact and participant', async () => {
    await allowHosts(rt, ['127.0.0.1']);
    const hook = await rt.request<{ id: string }>('POST', '/api/webhooks', { body: { name: 'deal contact', url: 'http://127.0.0.1:9/hook', entity: 'deal', events: ['update'], fields: ['contact', 'participants'] } });
    expect(hook.status).toBe(201);
    const survivor = await createRecord(rt, 'contact', { name: 'Мария' });
    const merged = await createRecord(rt, 'contact', { name: 'М. Иванова' });
    const deal = await createRecord(rt, 'deal', { title: 'Сделка Марии', contact: merged.id, participants: [merged.id] });

    expect((await rt.request('POST', '/api/records/contact/merge', { body: { survivor: survivor.id, merged: [merged.id] } })).status).toBe(200);
    const events: Array<{ action: string; version: number; record: unknown; changes: unknown }> = await rt.db
      .knex('webhook_events')
      .where({ entity: 'deal', record_id: deal.id })
      .orderBy('version')
      .select('action', 'version', 'record', 'changes');
    expect(events).toHaveLength(2);
    const [contactEvent, participantsEvent] = events;
    const parse = (value: unknown): unknown => (typeof value === 'string' ? JSON.parse(value) : value);
    expect(contactEvent).toMatchObject({ action: 'update', version: 2 });
    expect(parse(contactEvent?.changes)).toEqual([{ field: 'contact', old: merged.id, new: survivor.id }]);
    expect(parse(contactEvent?.record)).toMatchObject({ id: deal.id, version: 2, contact: survivor.id, title: 'Сделка Марии' });
    expect(participantsEvent).toMatchObject({ action: 'update', version: 3 });
    expect(parse(participantsEvent?.changes)).toEqual([{ field: 'participants', old: [merged.id], new: [survivor.id] }]);
    expect(parse(participantsEvent?.record)).toMatchObject({ id: deal.id, version: 3, contact: survivor.id, participants: [survivor.id] });
    expect(await count('webhook_deliveries', { subscription_id: hook.body.id })).toBe(2);
    expect((await rt.request('DELETE', `/api/webhooks/${hook.body.id}`)).status).toBeLessThan(300);
  });

  it('refuses a rep who may not update one of the records, and changes nothing', async () => {
    const own = await createRecord(rt, 'contact', { name: 'Мой клиент', phone: '+79990000001' }, rep.token);
    const theirs = await createRecord(rt, 'contact', { name: 'Чужой клиент', phone: '89990000001' });
    const deal = await createRecord(rt, 'deal', { title: 'Чужая сделка', contact: theirs.id });
    const res = await rt.request<ErrorBody>('POST', '/api/records/contact/merge', { body: { survivor: own.id, merged: [theirs.id] }, token: rep.token });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('MERGE_NOT_ALLOWED');
    expect(res.body.error.details).toEqual([
      expect.objectContaining({ field: 'merged', code: 'MERGE_NOT_ALLOWED', recordId: theirs.id, operation: 'update' }),
      expect.objectContaining({ field: 'merged', code: 'MERGE_NOT_ALLOWED', recordId: theirs.id, operation: 'delete' }),
    ]);
    expect((await rt.request<RecordBody>('GET', `/api/records/contact/${theirs.id}`)).body).toMatchObject({ deleted_at: null, version: 1 });
    expect((await rt.request<RecordBody>('GET', `/api/records/deal/${deal.id}`)).body).toMatchObject({ contact: theirs.id, version: 1 });
    // Either way round: surviving someone else's record needs its update too.
    const reversed = await rt.request<ErrorBody>('POST', '/api/records/contact/merge', { body: { survivor: theirs.id, merged: [own.id] }, token: rep.token });
    expect(reversed.status).toBe(403);
    expect(reversed.body.error.details).toEqual([expect.objectContaining({ field: 'survivor', recordId: theirs.id, operation: 'update' })]);
  });

  it('changes nothing when the merge fails half-way, a version is stale, or the request names no mergeable records', async () => {
    const survivor = await createRecord(rt, 'contact', { name: 'Ольга' });
    const merged = await createRecord(rt, 'contact', { name: 'Ольга С.' });
    const deal = await createRecord(rt, 'deal', { title: 'Сделка Ольги', contact: merged.id });
    const invalid = await rt.request<ErrorBody>('POST', '/api/records/contact/merge', { body: { survivor: survivor.id, merged: [merged.id], values: { email: 'not an e-mail' } } });
    expect(invalid.status).toBe(400);
    expect((await rt.request<RecordBody>('GET', `/api/records/deal/${deal.id}`)).body).toMatchObject({ contact: merged.id, version: 1 });
    expect((await rt.request<RecordBody>('GET', `/api/records/contact/${merged.id}`)).status).toBe(200);

    const stale = await rt.request<ErrorBody>('POST', '/api/records/contact/merge', { body: { survivor: survivor.id, merged: [merged.id], versions: { [merged.id]: 7 } } });
    expect(stale.status).toBe(412);
    expect(stale.body.error.details[0]).toMatchObject({ code: 'VERSION_CONFLICT', currentVersion: 1 });

    const itself = await rt.request<ErrorBody>('POST', '/api/records/contact/merge', { body: { survivor: survivor.id, merged: [survivor.id] } });
    expect(itself.status).toBe(422);
    expect(itself.body.error.details[0]).toMatchObject({ field: 'merged', code: 'SURVIVOR_MERGED' });
    const missing = await rt.request<ErrorBody>('POST', '/api/records/contact/merge', { body: { survivor: survivor.id, merged: ['00000000-0000-4000-8000-000000000000'] } });
    expect(missing.status).toBe(404);
    expect((await rt.request('POST', '/api/records/nothing_here/merge', { body: { survivor: survivor.id, merged: [merged.id] } })).status).toBe(404);
    expect((await rt.request<RecordBody>('GET', `/api/records/deal/${deal.id}`)).body).toMatchObject({ contact: merged.id, version: 1 });
  });
});

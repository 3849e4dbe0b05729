import type { App } from '@crm/schemas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../db/test-database.js';
import { countDriverStatements, startTestRuntime, type TestRuntime } from '../testing/index.js';
import { createRecordService } from './record.service.js';
import type { RecordCaller, StoredRecord } from './record.types.js';
import { createRecord, signInNewUser, type HistoryBody } from './records.test-support.js';

/*
 * An update given a copy of the record read earlier (WriteOptions.readCopy: a process step updating
 * the record its run read) is sent without reading the row locked first: the UPDATE itself checks
 * the copy's version and the caller's right to read and update the row. When the row moved, is no
 * longer the caller's, or something runs before the save, the update reads the row locked and goes
 * on as without a copy: nothing another writer saved in between is lost, and a refusal says why.
 */

function copyApp(): App {
  return {
    name: 'read_copy',
    entities: [
      { name: 'note', label: { en: 'Note', ru: 'Заметка' }, display: 'title', fields: [{ name: 'title', type: 'text', required: true }, { name: 'body', type: 'text' }] },
      { name: 'ticket', label: { en: 'Ticket', ru: 'Обращение' }, display: 'title', fields: [{ name: 'title', type: 'text', required: true }, { name: 'checked', type: 'boolean' }] },
      { name: 'lead', label: { en: 'Lead', ru: 'Лид' }, display: 'title', fields: [{ name: 'title', type: 'text', required: true }, { name: 'stage', type: 'enum' }] },
    ],
    pipelines: [
      {
        name: 'leads',
        entity: 'lead',
        field: 'stage',
        stages: [
          { name: 'new', transitions: ['qualified'] },
          { name: 'qualified', transitions: ['proposal'] },
          { name: 'proposal', transitions: [] },
        ],
      },
    ],
    processes: [
      {
        name: 'check_ticket',
        mode: 'before-save',
        trigger: { type: 'record', entity: 'ticket', on: ['update'] },
        nodes: [{ id: 'mark', type: 'update_record', config: { values: { checked: true } } }],
        edges: [{ from: 'trigger', to: 'mark' }],
      },
    ],
    roles: [{ name: 'rep', entities: { note: { create: 'all', read: 'all', update: 'own', delete: 'none' } } }],
  } as App;
}

describe.each(testDatabaseKinds())('an update on a copy read earlier on %s', (kind) => {
  let rt: TestRuntime;
  let admin: RecordCaller;
  let rep: { caller: RecordCaller; token: string };
  const copies = new Map<object, StoredRecord>();

  beforeAll(async () => {
    rt = await startTestRuntime(kind, { app: copyApp() });
    const users = await rt.db.knex('users').select('id', 'email', 'name', 'roles').orderBy('created_at');
    const first = users[0];
    admin = { user: { id: first.id, email: first.email, name: first.name, roles: first.roles, teamId: null, managerId: null, attributes: {} } };
    const signedIn = await signInNewUser(rt, `rep-${kind}@copy.test`, 'Rep', { roles: ['rep'] });
    rep = { caller: { user: { id: signedIn.id, email: `rep-${kind}@copy.test`, name: 'Rep', roles: ['rep'], teamId: null, managerId: null, attributes: {} } }, token: signedIn.token };
  });
  afterAll(async () => {
    await rt?.close();
  });

  /** A service as the engine's records port makes one: the runtime's seams, stored copies kept. */
  const service = (caller: RecordCaller) =>
    createRecordService({ db: rt.db.knex, app: copyApp(), caller, ...rt.runtime.engine.seams, keepStoredCopy: (answered, stored) => copies.set(answered, stored) });

  /** The stored copy behind what `get` answers now. */
  async function copyOf(caller: RecordCaller, entity: string, id: string): Promise<StoredRecord> {
    const copy = copies.get(await service(caller).get(entity, id));
    if (!copy) throw new Error('no stored copy kept');
    return copy;
  }

  async function statementsOf(work: () => Promise<unknown>): Promise<string[]> {
    const sent = countDriverStatements(rt.db.knex);
    try {
      await work();
      return sent.take();
    } finally {
      sent.stop();
    }
  }

  const lockedReads = (statements: string[], table: string) => statements.filter((sql) => sql.includes(`from "${table}"`) && /for update/i.test(sql));
  const historyOf = async (entity: string, id: string) => (await rt.request<HistoryBody>('GET', `/api/records/${entity}/${id}/history`)).body.data;

  it('is sent without reading the row again, with its history, in one statement', async () => {
    const note = await createRecord(rt, 'note', { title: 'Звонок' });
    const copy = await copyOf(admin, 'note', note.id);
    let updated: StoredRecord | undefined;
    const statements = await statementsOf(async () => {
      updated = await service(admin).update('note', note.id, { body: 'перезвонить' }, { readCopy: copy });
    });
    expect(updated).toMatchObject({ version: 2, title: 'Звонок', body: 'перезвонить' });
    expect(lockedReads(statements, 'rec_note'), statements.join('\n')).toEqual([]);
    const writes = statements.filter((sql) => /^\s*(insert|update|delete|with)\b/i.test(sql));
    expect(writes, statements.join('\n')).toHaveLength(1);
    expect(writes[0]).toMatch(/update "rec_note"/i);
    expect((await historyOf('note', note.id))[0]).toMatchObject({ version: 2, action: 'update', changes: [{ field: 'body', old: null, new: 'перезвонить' }] });
    // The answer's copy is kept too: a second update on it needs no read either.
    const again = copies.get(updated as object);
    expect(again?.version).toBe(2);
    const second = await statementsOf(() => service(admin).update('note', note.id, { title: 'Звонок клиенту' }, { readCopy: again as StoredRecord }));
    expect(lockedReads(second, 'rec_note'), second.join('\n')).toEqual([]);
  });

  it('behind the row: reads it locked and loses nothing saved in between', async () => {
    const note = await createRecord(rt, 'note', { title: 'Встреча' });
    const copy = await copyOf(admin, 'note', note.id);
    expect((await rt.request('PATCH', `/api/records/note/${note.id}`, { body: { body: 'из формы' } })).status).toBe(200);

    let updated: StoredRecord | undefined;
    const statements = await statementsOf(async () => {
      updated = await service(admin).update('note', note.id, { title: 'Встреча в офисе' }, { readCopy: copy });
    });
    expect(updated).toMatchObject({ version: 3, title: 'Встреча в офисе', body: 'из формы' });
    expect(lockedReads(statements, 'rec_note'), statements.join('\n')).toHaveLength(1);
    const history = await historyOf('note', note.id);
    expect(history.map((h) => [h.version, h.changes])).toEqual([
      [3, [{ field: 'title', old: 'Встреча', new: 'Встреча в офисе' }]],
      [2, [{ field: 'body', old: null, new: 'из формы' }]],
      [1, expect.any(Array)],
    ]);
  });

  it('behind the row: a value the copy already shows is still written when the row moved away from it', async () => {
    const note = await createRecord(rt, 'note', { title: 'Письмо' });
    const copy = await copyOf(admin, 'note', note.id);
    expect((await rt.request('PATCH', `/api/records/note/${note.id}`, { body: { body: 'черновик' } })).status).toBe(200);
    // By the copy, body is already null: nothing to change. The row says otherwise.
    const updated = await service(admin).update('note', note.id, { body: null }, { readCopy: copy });
    expect(updated).toMatchObject({ version: 3, body: null });
  });

  it('behind the row: a move the copy\'s stage refuses is judged again on the row, where it is allowed', async () => {
    const lead = await createRecord(rt, 'lead', { title: 'Завод' });
    expect(lead).toMatchObject({ stage: 'new' });
    const copy = await copyOf(admin, 'lead', lead.id);
    expect((await rt.request('PATCH', `/api/records/lead/${lead.id}`, { body: { stage: 'qualified' } })).status).toBe(200);
    // new -> proposal is no transition of the pipeline; qualified -> proposal is.
    const updated = await service(admin).update('lead', lead.id, { stage: 'proposal' }, { readCopy: copy });
    expect(updated).toMatchObject({ version: 3, stage: 'proposal' });
    // Without a copy behind the row, the same refusal stands with its reason.
    await expect(service(admin).update('lead', lead.id, { stage: 'new' }, { readCopy: copies.get(updated as object) as StoredRecord })).rejects.toMatchObject({ status: 400 });
    expect(await rt.db.knex('rec_lead').where({ id: lead.id }).first('version', 'stage')).toEqual({ version: 3, stage: 'proposal' });
  });

  it('checks the caller\'s rights in the UPDATE; the locked read then refuses with the reason', async () => {
    const mine = await createRecord(rt, 'note', { title: 'Моя' }, rep.token);
    const others = await createRecord(rt, 'note', { title: 'Чужая' });
    const myCopy = await copyOf(rep.caller, 'note', mine.id);
    const otherCopy = await copyOf(rep.caller, 'note', others.id);

    await expect(service(rep.caller).update('note', mine.id, { body: 'моя правка' }, { readCopy: myCopy })).resolves.toMatchObject({ version: 2, body: 'моя правка' });
    await expect(service(rep.caller).update('note', others.id, { body: 'чужая правка' }, { readCopy: otherCopy })).rejects.toMatchObject({ status: 403 });
    expect(await rt.db.knex('rec_note').where({ id: others.id }).first('version', 'body')).toEqual({ version: 1, body: null });
    expect((await historyOf('note', others.id)).map((h) => h.version)).toEqual([1]);

    // Deleted since the copy was read: not found, as without a copy.
    expect((await rt.request('DELETE', `/api/records/note/${mine.id}`)).status).toBe(204);
    await expect(service(rep.caller).update('note', mine.id, { body: 'после удаления' }, { readCopy: myCopy })).rejects.toMatchObject({ status: 404 });
  });

  it('reads the row locked when a before-save process runs on the update', async () => {
    const ticket = await createRecord(rt, 'ticket', { title: 'Не печатает' });
    const copy = await copyOf(admin, 'ticket', ticket.id);
    let updated: StoredRecord | undefined;
    const statements = await statementsOf(async () => {
      updated = await service(admin).update('ticket', ticket.id, { title: 'Не печатает принтер' }, { readCopy: copy });
    });
    expect(updated).toMatchObject({ version: 2, title: 'Не печатает принтер', checked: true });
    expect(lockedReads(statements, 'rec_ticket'), statements.join('\n')).toHaveLength(1);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '@crm/schemas';
import { testDatabaseKinds } from '../db/test-database.js';
import { findUserByEmail, toActor } from '../people/users.repository.js';
import type { Actor } from '../people/user.types.js';
import { countDriverStatements } from '../testing/driver-statements.counter.js';
import { startTestRuntime, type TestRuntime } from '../testing/test-runtime.js';
import type { BeforeSaveHook } from './before-save.hooks.js';
import type { RecordEventSink, RecordWriteEvent } from './record-events.outbox.js';
import { createRecordService, type RecordServiceDeps } from './record.service.js';
import { recordsTestApp } from './records.fixtures.js';

/*
 * The service's seams, driven directly: before-save hooks inside the transaction, the outbox sink,
 * and that a failure anywhere in the write (here: the last step, the outbox) undoes all of it.
 */
describe.each(testDatabaseKinds())('record service seams on %s', (kind) => {
  let rt: TestRuntime;
  let app: App;
  let admin: Actor;

  beforeAll(async () => {
    rt = await startTestRuntime(kind, { app: recordsTestApp() });
    const live = await rt.runtime.definitionService.getLive();
    const row = await findUserByEmail(rt.db.knex, 'admin@example.com');
    if (!live || !row) throw new Error('runtime not ready');
    app = live.app;
    admin = toActor(row);
  });
  afterAll(async () => {
    await rt?.close();
  });

  function service(deps: Partial<RecordServiceDeps> = {}) {
    return createRecordService({ db: rt.db.knex, app, caller: { user: admin }, ...deps });
  }

  async function count(table: string): Promise<number> {
    const row: { count?: unknown } | undefined = await rt.db.knex(table).count({ count: '*' }).first();
    return Number(row?.count ?? 0);
  }

  it('rolls back the row, its links and its history when a later step of the write fails', async () => {
    const tag = await service().create('tag', { name: 'rollback' });
    const failingOutbox: RecordEventSink = {
      async recordWritten() {
        throw new Error('outbox unavailable');
      },
    };
    const before = { deals: await count('rec_deal'), links: await count('lnk_deal__tags'), history: await count('record_history') };
    await expect(service({ events: failingOutbox }).create('deal', { title: 'doomed', tags: [tag.id] })).rejects.toThrow('outbox unavailable');
    expect({ deals: await count('rec_deal'), links: await count('lnk_deal__tags'), history: await count('record_history') }).toEqual(before);

    const deal = await service().create('deal', { title: 'survivor', tags: [tag.id] });
    await expect(service({ events: failingOutbox }).update('deal', deal.id, { title: 'doomed', tags: [] })).rejects.toThrow('outbox unavailable');
    expect(await service().get('deal', deal.id)).toMatchObject({ title: 'survivor', version: 1, tags: [tag.id] });
  });

  it('emits one event per write, inside the transaction, with the changes', async () => {
    const events: RecordWriteEvent[] = [];
    const sink: RecordEventSink = {
      async recordWritten(trx, event) {
        // The event sees the write it belongs to through the same transaction.
        const row: { version: number } | undefined = await trx('rec_deal').where({ id: event.recordId }).first('version');
        expect(row?.version).toBe(event.version);
        events.push(event);
      },
    };
    const deal = await service({ events: sink }).create('deal', { title: 'evented' });
    await service({ events: sink }).update('deal', deal.id, { title: 'evented 2' });
    await service({ events: sink }).remove('deal', deal.id);
    expect(events.map((e) => [e.action, e.version])).toEqual([
      ['create', 1],
      ['update', 2],
      ['delete', 3],
    ]);
    expect(events[1]?.changes).toEqual([{ field: 'title', old: 'evented', new: 'evented 2' }]);
  });

  it('lets before-save hooks change the record, then validates, recomputes and checks what they set', async () => {
    const raiseProbability: BeforeSaveHook = ({ after, action }) => {
      if (action === 'create') after['probability'] = 40;
    };
    const deal = await service({ hooks: [raiseProbability] }).create('deal', { title: 'hooked', amount: 1000 });
    expect(deal).toMatchObject({ probability: 40, weighted: 400 });

    const badValue: BeforeSaveHook = ({ after }) => {
      after['amount'] = 'много';
    };
    await expect(service({ hooks: [badValue] }).update('deal', deal.id, { title: 'x' })).rejects.toMatchObject({
      status: 400,
      details: [expect.objectContaining({ field: 'amount' })],
    });
    const skipStage: BeforeSaveHook = ({ after }) => {
      after['stage'] = 'won';
    };
    await expect(service({ hooks: [skipStage] }).update('deal', deal.id, { title: 'y' })).rejects.toMatchObject({
      status: 400,
      details: [expect.objectContaining({ field: 'stage', code: 'INVALID_TRANSITION' })],
    });
    expect(await service().get('deal', deal.id)).toMatchObject({ title: 'hooked', version: 1 });
  });

  it('records a process as the actor in history when one makes the change', async () => {
    const deal = await service().create('deal', { title: 'by process' });
    await createRecordService({ db: rt.db.knex, app, caller: { user: admin, process: { name: 'qualify', runId: 'run-1' } } }).update('deal', deal.id, {
      probability: 90,
    });
    const [latest] = await service().history('deal', deal.id);
    expect(latest?.actor).toEqual({ kind: 'process', id: admin.id, name: admin.name, process: 'qualify', runId: 'run-1' });
  });

  it('nests in a caller-held transaction: the caller rolling back undoes the write', async () => {
    const before = await count('rec_company');
    await expect(
      rt.db.knex.transaction(async (trx) => {
        await createRecordService({ db: trx, app, caller: { user: admin } }).create('company', { name: 'Nested Ltd' });
        throw new Error('caller changed its mind');
      }),
    ).rejects.toThrow('caller changed its mind');
    expect(await count('rec_company')).toBe(before);
  });

  it('inside a transaction, a write nests as a savepoint unless the caller undoes it (undoneByCaller)', async () => {
    const deal = await service().create('deal', { title: 'nesting' });
    const statements = countDriverStatements(rt.db.knex);
    let own: string[];
    let undone: string[];
    try {
      await rt.db.knex.transaction(async (trx) => createRecordService({ db: trx, app, caller: { user: admin } }).update('deal', deal.id, { title: 'nesting 2' }));
      own = statements.take();
      await rt.db.knex.transaction(async (trx) => createRecordService({ db: trx, app, caller: { user: admin }, undoneByCaller: true }).update('deal', deal.id, { title: 'nesting 3' }));
      undone = statements.take();
    } finally {
      statements.stop();
    }
    const savepoints = (sent: string[]) => sent.filter((sql) => /^(savepoint|release savepoint)/i.test(sql.trim()));
    expect(savepoints(own), own.join('\n')).toHaveLength(2);
    expect(savepoints(undone), undone.join('\n')).toEqual([]);
    expect(undone.length).toBe(own.length - 2);
    expect(await service().get('deal', deal.id)).toMatchObject({ title: 'nesting 3', version: 3 });

    // Without its savepoint, a write the database refuses (a unique name taken) is still a 409
    // naming the field, and the caller's rollback leaves nothing of the transaction behind.
    const taken = await service().create('company', { name: 'Taken Ltd' });
    const before = await count('rec_company');
    await expect(
      rt.db.knex.transaction(async (trx) => {
        await createRecordService({ db: trx, app, caller: { user: admin }, undoneByCaller: true }).create('company', { name: 'Half Written Ltd' });
        await createRecordService({ db: trx, app, caller: { user: admin }, undoneByCaller: true }).create('company', { name: taken.name });
      }),
    ).rejects.toMatchObject({ status: 409 });
    expect(await count('rec_company')).toBe(before);
  });

  it('reads many records at once as get would answer each: deleted, unreadable and malformed ids left out', async () => {
    const kept = await service().create('deal', { title: 'many 1' });
    const other = await service().create('deal', { title: 'many 2' });
    const gone = await service().create('deal', { title: 'many 3' });
    await service().remove('deal', gone.id);
    const found = await service().getMany('deal', [kept.id, other.id, gone.id, 'not-a-uuid', '00000000-0000-4000-8000-000000000000']);
    expect(found.map((r) => r.id).sort()).toEqual([kept.id, other.id].sort());
    expect(found.find((r) => r.id === kept.id)).toEqual(await service().get('deal', kept.id));
  });
});

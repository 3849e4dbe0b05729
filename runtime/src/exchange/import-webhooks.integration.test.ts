import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../db/test-database.js';
import { startTestRuntime, type TestRuntime } from '../testing/test-runtime.js';
import { allowHosts, startReceiver, subscribe, type Receiver } from '../webhooks/webhooks.test-support.js';
import { countRows, postCsv, withQuery } from './exchange.test-support.js';
import type { ImportReport } from './import-report.builder.js';

/*
 * Records written by POST /api/import/:entity reach webhook subscriptions on an entity no process
 * listens on (b2b-sales' contact): the import used to send creates to the outbox only when a
 * process listened, so a subscription to contact creates never heard of imported contacts. With
 * no subscription for the entity's creates, nothing is written to webhook_events (the import's
 * fast path). The webhooks' own tests cover delivery; here it is what the import queues.
 */

interface EventRow {
  record_id: string;
  action: string;
  version: number;
  record: unknown;
}

function csv(prefix: string, from: number, count: number, lastName = 'Импорт'): string {
  const lines = ['first_name,last_name,email'];
  for (let i = from; i < from + count; i += 1) lines.push(`Имя${i},${lastName},${prefix}${i}@hooks-import.test`);
  return `${lines.join('\r\n')}\r\n`;
}

describe.each(testDatabaseKinds())('import into an entity with webhooks and no process on %s', (kind) => {
  let rt: TestRuntime;
  let receiver: Receiver;

  async function importCsv(body: string, query: Record<string, string> = {}): Promise<ImportReport> {
    const res = await postCsv<ImportReport>(rt, withQuery('/api/import/contact', query), body, rt.adminToken);
    expect(res.status).toBe(200);
    return res.body;
  }

  /** Ids of the contacts whose e-mail starts with `prefix`. */
  async function contactIds(prefix: string): Promise<string[]> {
    const rows: Array<{ id: string }> = await rt.db.knex('rec_contact').where('email', 'like', `${prefix}%`).select('id');
    return rows.map((r) => r.id).sort();
  }

  async function contactEvents(action: string): Promise<EventRow[]> {
    return rt.db.knex('webhook_events').where({ entity: 'contact', action }).select('record_id', 'action', 'version', 'record');
  }

  beforeAll(async () => {
    receiver = await startReceiver();
    rt = await startTestRuntime(kind, { template: 'b2b-sales' });
    await allowHosts(rt, ['127.0.0.1']);
    // The guard below is only meaningful while no process listens on contacts.
    const live = await rt.runtime.context.definitions.getLive();
    const onContact = (live?.app.processes ?? []).filter((p) => 'entity' in p.trigger && p.trigger.entity === 'contact');
    expect(onContact).toEqual([]);
  });
  afterAll(async () => {
    await rt?.close();
    await receiver?.close();
  });

  it('writes no webhook event for imported contacts when nothing subscribes to contact creates', async () => {
    const report = await importCsv(csv('quiet', 0, 20));
    expect(report).toMatchObject({ rows: 20, created: 20, rejectedRows: 0 });
    expect(await contactIds('quiet')).toHaveLength(20);
    expect(await countRows(rt, 'webhook_events')).toBe(0);

    // Subscriptions to other actions or other entities do not make contact creates heard either.
    await subscribe(rt, { name: 'Contact updates', url: receiver.url('/ok/updates'), entity: 'contact', events: ['update'] });
    await subscribe(rt, { name: 'Company creates', url: receiver.url('/ok/companies'), entity: 'company', events: ['create'] });
    expect(await importCsv(csv('still-quiet', 0, 20))).toMatchObject({ created: 20, rejectedRows: 0 });
    expect(await countRows(rt, 'webhook_events')).toBe(0);
  });

  it('writes an update event for each contact an upsert import changes (contact updates are subscribed to)', async () => {
    const report = await importCsv(csv('quiet', 0, 10, 'Обновлён'), { mode: 'upsert', match: 'email' });
    expect(report).toMatchObject({ rows: 10, created: 0, updated: 10, rejectedRows: 0 });
    const changed: Array<{ id: string }> = await rt.db.knex('rec_contact').where({ last_name: 'Обновлён' }).select('id');
    expect(changed).toHaveLength(10);
    const updates = await contactEvents('update');
    expect(updates.map((e) => e.record_id).sort()).toEqual(changed.map((r) => r.id).sort());
    for (const event of updates) {
      expect(event.version).toBe(2);
      expect(event.record).toMatchObject({ id: event.record_id, last_name: 'Обновлён' });
    }
    expect(await contactEvents('create')).toEqual([]);
  });

  it('writes one create event per imported contact, with its id, once contact creates are subscribed to', async () => {
    const sub = await subscribe(rt, { name: 'Contact creates', url: receiver.url('/ok/creates'), entity: 'contact', events: ['create'] });
    const report = await importCsv(csv('heard', 0, 30));
    expect(report).toMatchObject({ rows: 30, created: 30, rejectedRows: 0 });

    const ids = await contactIds('heard');
    expect(ids).toHaveLength(30);
    const creates = await contactEvents('create');
    expect(creates.map((e) => e.record_id).sort()).toEqual(ids);
    for (const event of creates) {
      expect(event.version).toBe(1);
      // The whole stored record, as a create through the records API sends it.
      expect(event.record).toMatchObject({ id: event.record_id, first_name: expect.stringMatching(/^Имя\d+$/), last_name: 'Импорт', version: 1 });
      expect(event.record).toHaveProperty('created_at');
    }
    expect(await countRows(rt, 'webhook_deliveries', { subscription_id: sub.id })).toBe(30);
  });

  it('writes no event for a dry run, since its batches roll back', async () => {
    const before = await countRows(rt, 'webhook_events');
    expect(await importCsv(csv('dry', 0, 5), { dryRun: '1' })).toMatchObject({ rows: 5, created: 5, dryRun: true });
    expect(await contactIds('dry')).toEqual([]);
    expect(await countRows(rt, 'webhook_events')).toBe(before);
  });
});

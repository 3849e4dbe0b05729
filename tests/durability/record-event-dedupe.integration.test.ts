import type { App, Process } from '@crm/schemas';
import type { RecordChange } from '@crm/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRuntime, testDatabaseKinds, type TestRuntime } from '@crm/runtime/testing';
import { durabilityApp, orderProcess, ORDER_STEPS } from './harness/durability-app.js';
import { auditLedger } from './harness/ledger.checks.js';

/*
 * A record event can start a process once per record version: the run is created in the write's
 * transaction with the dedupe key rec:<process>:<entity>:<id>:<version>. Here the engine hears the
 * same event again (the way an outbox relay or a retried save would deliver it), one after the
 * other and from two transactions at once, and starts nothing more; a new version is a new event.
 * In-process (the engine's seam is not reachable over HTTP), on a real runtime and database.
 */

const itemProcess: Process = {
  name: 'item_flow',
  mode: 'after-save',
  trigger: { type: 'record', entity: 'item', on: ['update'] },
  nodes: [{ id: 'i1', type: 'create_record', config: { entity: 'ledger', values: { run: '{{$run.id}}', step: 'i1', subject: '{{record.id}}' } } }],
  edges: [{ from: 'trigger', to: 'i1' }],
};

const app: App = durabilityApp([orderProcess(), itemProcess]);

interface StoredRecord {
  id: string;
  version: number;
  [field: string]: unknown;
}

describe.each(testDatabaseKinds())('record events delivered twice on %s', (kind) => {
  let rt: TestRuntime;

  beforeAll(async () => {
    rt = await startTestRuntime(kind, { app });
  });
  afterAll(async () => {
    await rt?.close();
  });

  /** Hands the engine a record event in a transaction of its own, as the records service does after a write. */
  async function redeliver(change: RecordChange): Promise<Array<{ runId: string; created: boolean }>> {
    return rt.db.knex.transaction(async (trx) => {
      const live = await rt.runtime.context.definitions.getLive(trx);
      if (!live) throw new Error('nothing is published');
      return rt.runtime.engine.engine.recordWritten(trx, live, change);
    });
  }

  async function runsOf(process: string, recordId: string): Promise<Array<{ id: string }>> {
    const res = await rt.request<{ data: Array<{ id: string }> }>('GET', `/api/processes/${process}/runs?recordId=${recordId}`);
    return res.body.data;
  }

  function createEvent(record: StoredRecord): RecordChange {
    return { entity: 'order', action: 'create', recordId: record.id, version: record.version, before: null, after: record, changes: [{ field: 'title', old: null, new: record['title'] }], user: null, process: null };
  }

  it('the create event of a record heard again starts no second run', async () => {
    const created = await rt.request<StoredRecord>('POST', '/api/records/order', { body: { title: 'Заказ 1', amount: 10 } });
    expect(created.status).toBe(201);
    const [run] = await runsOf('order_flow', created.body.id);
    expect(run).toBeDefined();

    const again = await redeliver(createEvent(created.body));
    expect(again).toMatchObject([{ runId: run?.id, created: false }]);
    const atOnce = await Promise.all([redeliver(createEvent(created.body)), redeliver(createEvent(created.body))]);
    expect(atOnce.flat()).toMatchObject([
      { runId: run?.id, created: false },
      { runId: run?.id, created: false },
    ]);
    expect(await runsOf('order_flow', created.body.id)).toHaveLength(1);
  });

  it('an event heard twice at once for the first time starts one run, and a new version starts its own', async () => {
    const item = await rt.request<StoredRecord>('POST', '/api/records/item', { body: { title: 'Позиция' } });
    const updated = await rt.request<StoredRecord>('PATCH', `/api/records/item/${item.body.id}`, { body: { counter: 1 }, headers: { 'if-match': String(item.body.version) } });
    expect(updated.status).toBe(200);
    expect(await runsOf('item_flow', item.body.id)).toHaveLength(1);

    // Version 7 has not happened: two transactions deliver its event at the same moment.
    const next: RecordChange = {
      entity: 'item',
      action: 'update',
      recordId: item.body.id,
      version: 7,
      before: updated.body,
      after: { ...updated.body, counter: 2, version: 7 },
      changes: [{ field: 'counter', old: 1, new: 2 }],
      user: null,
      process: null,
    };
    const both = (await Promise.all([redeliver(next), redeliver(next)])).flat();
    expect(both.filter((s) => s.created)).toHaveLength(1);
    expect(new Set(both.map((s) => s.runId)).size).toBe(1);
    expect(await runsOf('item_flow', item.body.id)).toHaveLength(2);

    const third = await rt.request<StoredRecord>('PATCH', `/api/records/item/${item.body.id}`, { body: { counter: 3 } });
    expect(third.status).toBe(200);
    expect(await runsOf('item_flow', item.body.id)).toHaveLength(3);
  });

  it('the runs there are run once each', async () => {
    const worker = await rt.runtime.engine.startWorkers({ pollMs: 100 });
    const deadline = Date.now() + 30_000;
    while (Number((await rt.db.knex('process_runs').whereIn('status', ['running', 'waiting']).count({ n: '*' }).first())?.n) > 0) {
      if (Date.now() > deadline) throw new Error('runs did not finish');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await worker.stop();
    const audit = await auditLedger(rt.db.knex, [
      { process: 'order_flow', steps: ORDER_STEPS },
      { process: 'item_flow', steps: ['i1'] },
    ]);
    expect(audit).toEqual({ runsByStatus: { completed: 4 }, duplicates: [], missing: [], doubleSteps: [], orphans: 0 });
  });
});

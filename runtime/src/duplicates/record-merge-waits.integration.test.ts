import type { App } from '@crm/schemas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../db/test-database.js';
import { createRecord, type RecordBody } from '../records/records.test-support.js';
import { startTestRuntime, type TestRuntime } from '../testing/test-runtime.js';

/*
 * A merge and the processes waiting on the merged record (issue 15 item 3, "keeps every ... run
 * link on the survivor"): a run that waits until its contact meets a condition must not wait
 * forever on a record the merge deleted. The merge re-points the wait (the engine's
 * moveRecordWaits, in the merge's transaction), so the survivor's next save resumes it.
 */

function waitingApp(): App {
  return {
    name: 'merge_waits',
    entities: [
      {
        name: 'contact',
        label: { en: 'Contact', ru: 'Контакт' },
        display: 'name',
        fields: [
          { name: 'name', type: 'text', required: true },
          { name: 'inn', type: 'text', indexed: true },
          { name: 'status', type: 'text' },
        ],
        duplicateKeys: [['inn']],
      },
    ],
    processes: [
      {
        name: 'await_client',
        label: { ru: 'Ждём клиента', en: 'Waiting for a client' },
        mode: 'after-save',
        trigger: { type: 'record', entity: 'contact', on: ['create'] },
        nodes: [
          { id: 'until_client', type: 'wait', config: { untilCondition: { field: 'status', op: 'eq', value: 'client' }, timeout: 'P30D' } },
          { id: 'welcome', type: 'notify', config: { to: { $ref: 'record.owner' }, message: 'Client {{record.name}}' } },
        ],
        edges: [
          { from: 'trigger', to: 'until_client' },
          { from: 'until_client', to: 'welcome' },
        ],
      },
    ],
  };
}

interface MergeBody {
  moved: { system: Record<string, number> };
}

describe.each(testDatabaseKinds())('a merge re-points the waits of running processes on %s', (kind) => {
  let rt: TestRuntime;

  beforeAll(async () => {
    rt = await startTestRuntime(kind, { app: waitingApp(), workers: { pollMs: 100 } });
  });
  afterAll(async () => {
    await rt?.close();
  });

  const waitingOn = async (recordId: string): Promise<number> => {
    const row = await rt.db.knex('run_jobs').where({ wait_entity: 'contact', wait_record_id: recordId, status: 'waiting' }).count<Array<{ n: string | number }>>({ n: '*' }).first();
    return Number(row?.n ?? 0);
  };
  const runStatuses = async (recordId: string): Promise<string[]> =>
    (await rt.db.knex('process_runs').where({ entity: 'contact', record_id: recordId }).orderBy('created_at').select('status')).map((r: { status: string }) => r.status);

  it('moves a merged record’s waiting run onto the survivor, whose next save resumes it', async () => {
    const survivor = await createRecord(rt, 'contact', { name: 'ООО «Берёза»', inn: '7701234567', status: 'lead' });
    const merged = await createRecord(rt, 'contact', { name: 'Берёза', inn: '7701234567', status: 'lead' });
    await expect.poll(() => waitingOn(merged.id), { timeout: 20_000 }).toBe(1);
    await expect.poll(() => waitingOn(survivor.id), { timeout: 20_000 }).toBe(1);

    const res = await rt.request<MergeBody>('POST', '/api/records/contact/merge', { body: { survivor: survivor.id, merged: [merged.id] } });
    expect(res.status).toBe(200);
    expect(res.body.moved.system['run_jobs']).toBe(1);
    expect(await waitingOn(merged.id)).toBe(0);
    expect(await waitingOn(survivor.id)).toBe(2);

    const saved = await rt.request<RecordBody>('PATCH', `/api/records/contact/${survivor.id}`, { body: { status: 'client' } });
    expect(saved.status).toBe(200);
    // Both runs (the survivor's own and the merged record's) resume and finish; none is left waiting.
    await expect.poll(() => runStatuses(survivor.id), { timeout: 20_000 }).toEqual(['completed', 'completed']);
    expect(await waitingOn(survivor.id)).toBe(0);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRuntime, testDatabaseKinds, type TestRuntime } from '@crm/runtime/testing';
import { processDef, publishWith, runFor, runsOf, settled } from '../engine-test.support.js';

/*
 * Issue 16, item 6: whether a stage trigger fires for a record created directly in its stage is an
 * explicit option, `onCreate`, true by default (as before). With `onCreate: false` only a record
 * moved into the stage from another one starts the process.
 */

describe.each(testDatabaseKinds())('stage triggers and records created in the stage, on %s', (kind) => {
  let rt: TestRuntime;

  beforeAll(async () => {
    rt = await startTestRuntime(kind, { template: 'b2b-sales', workers: { pollMs: 50 } });
    const mark = [{ id: 'done', type: 'end' }];
    await publishWith(rt, (app) => {
      app.processes = [
        ...(app.processes ?? []),
        processDef('qualified_any', { type: 'stage', entity: 'deal', pipeline: 'sales', stage: 'qualified' }, mark, [['trigger', 'done']]),
        processDef('qualified_moved', { type: 'stage', entity: 'deal', pipeline: 'sales', stage: 'qualified', onCreate: false }, mark, [['trigger', 'done']]),
      ];
    });
  });
  afterAll(async () => {
    await rt?.close();
  });

  it('a deal created in the stage fires the default trigger, not the one with onCreate: false', async () => {
    const created = await rt.request<{ id: string }>('POST', '/api/records/deal', { body: { title: 'Сразу квалифицирована', amount: 10, stage: 'qualified' } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect((await runFor(rt, 'qualified_any', created.body.id)).status).toBe('completed');
    await settled(rt);
    expect(await runsOf(rt, 'qualified_moved', `?recordId=${created.body.id}`)).toEqual([]);
  });

  it('a deal moved into the stage fires both', async () => {
    const created = await rt.request<{ id: string; version: number }>('POST', '/api/records/deal', { body: { title: 'Переведена', amount: 10, stage: 'lead' } });
    expect(created.status).toBe(201);
    const moved = await rt.request('PATCH', `/api/records/deal/${created.body.id}`, { body: { stage: 'qualified' }, headers: { 'if-match': String(created.body.version) } });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect((await runFor(rt, 'qualified_any', created.body.id)).status).toBe('completed');
    expect((await runFor(rt, 'qualified_moved', created.body.id)).status).toBe('completed');
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRuntime, testDatabaseKinds, type TestRuntime } from '@crm/runtime/testing';
import { processDef } from './engine-test.support.js';

/*
 * The builder's test run (POST /api/processes/:name/simulate with definition: 'draft') runs the
 * draft, the diagram as drawn, before anything is published; the API's default stays the live
 * version. A draft that does not hold together is refused, each problem naming its node.
 */

describe.each(testDatabaseKinds())('simulating the draft on %s', (kind) => {
  let rt: TestRuntime;

  beforeAll(async () => {
    rt = await startTestRuntime(kind, { template: 'b2b-sales' });
  });

  afterAll(async () => {
    await rt?.close();
  });

  it('the builder test-runs the diagram as drawn, before it is published; a broken draft is refused naming the node', async () => {
    const live = await rt.request<Record<string, unknown> & { processes: Array<Record<string, unknown>> }>('GET', '/api/definitions/live');
    const onlyInDraft = processDef(
      'draft_only_route',
      { type: 'record', entity: 'deal', on: ['create'] },
      [
        { id: 'big', type: 'condition', config: { condition: { field: 'amount', op: 'gt', value: 100000 } } },
        { id: 'flag', type: 'update_record', config: { values: { description: 'big' } } },
        { id: 'small', type: 'end', config: {} },
      ],
      [
        ['trigger', 'big'],
        ['big', 'flag', 'true'],
        ['big', 'small', 'false'],
      ],
    );
    try {
      const put = await rt.request('PUT', '/api/definitions/draft', { body: { ...live.body, processes: [...live.body.processes, onlyInDraft] } });
      expect(put.status, JSON.stringify(put.body)).toBe(200);
      const fromLive = await rt.request<{ error: { code: string } }>('POST', '/api/processes/draft_only_route/simulate', { body: { record: { title: 'x', amount: 150000 } } });
      expect(fromLive.status).toBe(404);
      const fromDraft = await rt.request<{ version: number; path: string[]; status: string }>('POST', '/api/processes/draft_only_route/simulate', {
        body: { definition: 'draft', record: { title: 'Черновая', amount: 150000 } },
      });
      expect(fromDraft.status, JSON.stringify(fromDraft.body)).toBe(200);
      expect(fromDraft.body).toMatchObject({ version: 0, status: 'completed', path: ['big', 'flag'] });

      // A draft whose process does not hold together is not run: each problem names its node.
      const broken = { ...onlyInDraft, edges: [{ from: 'trigger', to: 'big' }, { from: 'big', to: 'flag', handle: 'true' }] };
      const putBroken = await rt.request('PUT', '/api/definitions/draft?allowIssues=1', { body: { ...live.body, processes: [...live.body.processes, broken] } });
      expect(putBroken.status).toBe(200);
      const refused = await rt.request<{ error: { code: string; details: Array<{ process?: string; nodeId?: string; message_ru: string }> } }>('POST', '/api/processes/draft_only_route/simulate', {
        body: { definition: 'draft', record: { amount: 150000 } },
      });
      expect(refused.status).toBe(422);
      expect(refused.body.error.details).toEqual(expect.arrayContaining([expect.objectContaining({ process: 'draft_only_route', nodeId: 'big' })]));
    } finally {
      await rt.request('PUT', '/api/definitions/draft', { body: live.body });
    }
  });
});

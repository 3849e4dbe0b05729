import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRuntime, testDatabaseKinds, type TestRuntime } from '@crm/runtime/testing';
import { person, processDef, publishWith, waitForRun, type Person } from './engine-test.support.js';

/*
 * A waiting run on a record's timeline says what it waits for: each approver who has not decided
 * yet (by name, with the approval's deadline), or a Wait step's time. Once the approvers decide,
 * the run moves on and says nothing more.
 */

interface Listed {
  data: Array<{ id: string; status: string; waitingOn?: Array<{ kind: string; who?: { id: string; name: string } | null; dueAt?: string | null; until?: string }> }>;
}

describe.each(testDatabaseKinds())('what a waiting run waits for on %s', (kind) => {
  let rt: TestRuntime;
  let first: Person;
  let second: Person;

  beforeAll(async () => {
    rt = await startTestRuntime(kind, { template: 'b2b-sales', workers: { pollMs: 50 } });
    first = await person(rt, 'wait.first@example.com', ['senior_manager']);
    second = await person(rt, 'wait.second@example.com', ['senior_manager']);
    await publishWith(rt, (app) => {
      app.processes = [
        ...(app.processes ?? []),
        processDef(
          'two_approvers',
          { type: 'manual', entity: 'deal' },
          [
            { id: 'ask', type: 'approval', config: { title: 'Согласовать {{record.title}}', approvers: [first.id, second.id], mode: 'all', timeout: 'P2D' } },
            { id: 'done', type: 'end' },
          ],
          [
            ['trigger', 'ask'],
            ['ask', 'done', 'approved'],
            ['ask', 'done', 'rejected'],
          ],
        ),
        processDef('pause', { type: 'manual', entity: 'deal' }, [{ id: 'later', type: 'wait', config: { duration: 'P3D' } }, { id: 'done', type: 'end' }], [['trigger', 'later'], ['later', 'done']]),
      ];
    });
  });
  afterAll(async () => {
    await rt?.close();
  });

  it('names the approvers who have not decided, then nothing once the run moves on', async () => {
    const deal = (await rt.request<{ id: string }>('POST', '/api/records/deal', { body: { title: 'Waits', amount: 5 } })).body.id;
    const started = await rt.request<{ data: Array<{ runId: string }> }>('POST', '/api/processes/two_approvers/start', { body: { recordId: deal } });
    const runId = started.body.data[0]?.runId ?? '';
    await waitForRun(rt, runId, ['waiting']);
    const listed = async () => (await rt.request<Listed>('GET', `/api/processes/two_approvers/runs?recordId=${deal}`)).body.data.find((r) => r.id === runId);
    const waiting = await listed();
    expect(waiting?.waitingOn?.map((w) => [w.kind, w.who?.name])).toEqual([
      ['approval', 'wait.first'],
      ['approval', 'wait.second'],
    ]);
    // The approval's deadline, two days out.
    const due = Date.parse(waiting?.waitingOn?.[0]?.dueAt ?? '');
    expect(due - Date.now()).toBeGreaterThan(47 * 3_600_000);
    expect(due - Date.now()).toBeLessThan(49 * 3_600_000);

    // The first approves: only the second is still waited for.
    const tasks = await rt.request<{ data: Array<{ id: string; runId: string }> }>('GET', '/api/tasks', { token: first.token });
    const mine = tasks.body.data.find((t) => t.runId === runId);
    expect((await rt.request('POST', `/api/tasks/${mine?.id ?? ''}/complete`, { token: first.token, body: { outcome: 'approved' } })).status).toBe(200);
    expect((await listed())?.waitingOn?.map((w) => w.who?.name)).toEqual(['wait.second']);

    const theirs = (await rt.request<{ data: Array<{ id: string; runId: string }> }>('GET', '/api/tasks', { token: second.token })).body.data.find((t) => t.runId === runId);
    expect((await rt.request('POST', `/api/tasks/${theirs?.id ?? ''}/complete`, { token: second.token, body: { outcome: 'approved' } })).status).toBe(200);
    await waitForRun(rt, runId, ['completed']);
    expect((await listed())?.waitingOn).toBeUndefined();
  });

  it('gives a Wait step’s time', async () => {
    const deal = (await rt.request<{ id: string }>('POST', '/api/records/deal', { body: { title: 'Pause', amount: 5 } })).body.id;
    const started = await rt.request<{ data: Array<{ runId: string }> }>('POST', '/api/processes/pause/start', { body: { recordId: deal } });
    const runId = started.body.data[0]?.runId ?? '';
    await waitForRun(rt, runId, ['waiting']);
    const run = (await rt.request<Listed>('GET', `/api/processes/pause/runs?recordId=${deal}`)).body.data.find((r) => r.id === runId);
    expect(run?.waitingOn).toEqual([{ kind: 'timer', until: expect.any(String) }]);
    const until = Date.parse(run?.waitingOn?.[0]?.until ?? '');
    expect(until - Date.now()).toBeGreaterThan(71 * 3_600_000);
    expect(until - Date.now()).toBeLessThan(73 * 3_600_000);
  });
});

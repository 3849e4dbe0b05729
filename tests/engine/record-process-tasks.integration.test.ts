import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordProcessTask } from '@crm/schemas';
import { startTestRuntime, testDatabaseKinds, type TestRuntime } from '@crm/runtime/testing';
import { person, processDef, publishWith, teamId, waitForRun, type Person } from './engine-test.support.js';

/*
 * GET /api/tasks/on-record/:entity/:recordId: the tasks and approvals processes gave people about a
 * record, for whoever may read the record. The rep who owns the deal sees that the senior has a task
 * and an approval about it; a title made from a field hidden from the rep (margin) shows the step's
 * label instead, and a task's description only its assignee, admins and builders read. Someone who
 * may not read the deal gets 404, as on the record itself.
 */

type Listed = { data: RecordProcessTask[] };

describe.each(testDatabaseKinds())('a record’s process tasks on %s', (kind) => {
  let rt: TestRuntime;
  let rep: Person;
  let senior: Person;
  let mate: Person;

  beforeAll(async () => {
    rt = await startTestRuntime(kind, { template: 'b2b-sales', workers: { pollMs: 50 } });
    const moscow = await teamId(rt, 'Продажи — Москва');
    senior = await person(rt, 'tasks.senior@example.com', ['senior_manager'], { team: moscow });
    rep = await person(rt, 'tasks.rep@example.com', ['sales_rep'], { team: moscow, manager: senior.id });
    mate = await person(rt, 'tasks.mate@example.com', ['sales_rep'], { team: moscow, manager: senior.id });
    await publishWith(rt, (app) => {
      app.processes = [
        ...(app.processes ?? []),
        processDef(
          'margin_check',
          { type: 'manual', entity: 'deal', startRoles: ['sales_rep'] },
          [
            { id: 'prepare', type: 'create_task', config: { title: 'Проверить сделку «{{record.title}}»', description: 'Маржа сейчас {{record.margin}}%', assignee: senior.id, due: 'P1D' } },
            { id: 'approve', type: 'approval', label: { ru: 'Согласование маржи', en: 'Margin approval' }, config: { title: 'Маржа {{record.margin}}% по «{{record.title}}»', approvers: [senior.id], timeout: 'P2D' } },
            { id: 'done', type: 'end' },
          ],
          [
            ['trigger', 'prepare'],
            ['prepare', 'approve'],
            ['approve', 'done', 'approved'],
            ['approve', 'done', 'rejected'],
          ],
        ),
      ];
    });
  });
  afterAll(async () => {
    await rt?.close();
  });

  const list = (recordId: string, token?: string) => rt.request<Listed>('GET', `/api/tasks/on-record/deal/${recordId}`, token ? { token } : {});

  it('shows the owner who has what to do about the deal, without what is hidden from them, then how it was decided', async () => {
    const created = await rt.request<{ id: string }>('POST', '/api/records/deal', { token: rep.token, body: { title: 'Поставка серверов', amount: 50_000 } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const deal = created.body.id;
    const none = await list(deal, rep.token);
    expect(none.status, JSON.stringify(none.body)).toBe(200);
    expect(none.body.data).toEqual([]);

    const started = await rt.request<{ data: Array<{ runId: string }> }>('POST', '/api/processes/margin_check/start', { token: rep.token, body: { recordId: deal } });
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    const runId = started.body.data[0]?.runId ?? '';
    await waitForRun(rt, runId, ['waiting']);

    const seenByRep = await list(deal, rep.token);
    expect(seenByRep.status).toBe(200);
    const byKind = (tasks: RecordProcessTask[], k: string) => tasks.find((t) => t.kind === k);
    // Both open, the task (due in a day) before the approval (due in two).
    expect(seenByRep.body.data.map((t) => [t.kind, t.status])).toEqual([
      ['task', 'open'],
      ['approval', 'open'],
    ]);
    expect(byKind(seenByRep.body.data, 'task')).toMatchObject({ title: 'Проверить сделку «Поставка серверов»', description: null, assignee: senior.id, assigneeName: 'tasks.senior', process: 'margin_check', runId });
    expect(byKind(seenByRep.body.data, 'approval')).toMatchObject({ title: null, label: { ru: 'Согласование маржи', en: 'Margin approval' }, description: null, assigneeName: 'tasks.senior' });
    expect(JSON.stringify(seenByRep.body)).not.toMatch(/Маржа/);

    // The assignee and the admin see the tasks whole.
    const seenBySenior = (await list(deal, senior.token)).body.data;
    expect(byKind(seenBySenior, 'approval')?.title).toBe('Маржа % по «Поставка серверов»');
    expect(byKind(seenBySenior, 'task')?.description).toBe('Маржа сейчас %');
    const seenByAdmin = (await list(deal)).body.data;
    expect(byKind(seenByAdmin, 'approval')?.title).toBe('Маржа % по «Поставка серверов»');

    // The senior decides with a comment: the rep sees the outcome, who and when; the open task stays first.
    const approval = byKind(seenBySenior, 'approval');
    const decided = await rt.request('POST', `/api/tasks/${approval?.id ?? ''}/complete`, { token: senior.token, body: { outcome: 'approved', comment: 'Согласовано, но не ниже 12%' } });
    expect(decided.status).toBe(200);
    await waitForRun(rt, runId, ['completed']);
    const after = (await list(deal, rep.token)).body.data;
    expect(after.map((t) => [t.kind, t.status])).toEqual([
      ['task', 'open'],
      ['approval', 'completed'],
    ]);
    expect(byKind(after, 'approval')).toMatchObject({ outcome: 'approved', comment: 'Согласовано, но не ниже 12%', completedBy: senior.id, completedByName: 'tasks.senior', title: null });
    expect(Date.parse(byKind(after, 'approval')?.completedAt ?? '')).toBeGreaterThan(Date.now() - 60_000);
  });

  it('answers 404 to someone who may not read the record, for a record that is not there and for a bad address', async () => {
    const deal = (await rt.request<{ id: string }>('POST', '/api/records/deal', { token: rep.token, body: { title: 'Чужая сделка', amount: 10 } })).body.id;
    const hidden = await rt.request<{ error: { code: string; details: Array<{ field: string; message_ru?: string }> } }>('GET', `/api/tasks/on-record/deal/${deal}`, { token: mate.token });
    expect(hidden.status).toBe(404);
    expect(hidden.body.error.details[0]).toMatchObject({ field: 'recordId', message_ru: expect.stringContaining('нет') });
    expect((await list('00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await list('not-a-uuid')).status).toBe(404);
    expect((await rt.request('GET', `/api/tasks/on-record/nothing/${deal}`)).status).toBe(404);
    // A deleted record keeps its tasks from view, as the record itself.
    expect((await rt.request('DELETE', `/api/records/deal/${deal}`)).status).toBe(204);
    expect((await list(deal)).status).toBe(404);
  });
});

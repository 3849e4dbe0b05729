import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countDriverStatements, startTestRuntime, testDatabaseKinds, type TestRuntime } from '@crm/runtime/testing';
import { person, processDef, publishWith, runFor, runsOf, settled, teamId, until, waitForRun, type Person } from './engine-test.support.js';

/*
 * Nodes that involve people and time: create_task (with due time and reminder), approval (one,
 * any, all; approve / reject; escalation after a timeout), wait (duration, until a date field,
 * until a condition with a timeout), notify and email (local mailbox).
 */

interface Task {
  id: string;
  kind: string;
  title: string;
  assignee: string;
  status: string;
  dueAt: string | null;
  remindAt: string | null;
  runId: string | null;
}

describe.each(testDatabaseKinds())('people and time nodes on %s', (kind) => {
  let rt: TestRuntime;
  let boss: Person;
  let boss2: Person;
  let rep: Person;
  beforeAll(async () => {
    rt = await startTestRuntime(kind, { template: 'b2b-sales', workers: { pollMs: 100 }, engine: { engine: { retryBaseMs: 20, retryMaxMs: 100 } } });
    const team = await teamId(rt, 'Продажи');
    boss = await person(rt, 'approver.one@example.com', ['head_of_sales'], { team });
    boss2 = await person(rt, 'approver.two@example.com', ['head_of_sales'], { team });
    rep = await person(rt, 'people.rep@example.com', ['sales_rep'], { team, manager: boss.id });
    await publishWith(rt, (app) => {
      const approval = (id: string, mode: string, extra: Record<string, unknown> = {}) => ({
        id,
        type: 'approval',
        config: { title: 'Согласовать скидку по {{record.title}}', approvers: ['approver.one@example.com', 'approver.two@example.com'], mode, ...extra },
      });
      const approvalProcess = (name: string, prefix: string, node: Record<string, unknown>, timeoutEdge = false) =>
        processDef(
          name,
          { type: 'record', entity: 'deal', on: ['create'], condition: { field: 'title', op: 'startsWith', value: prefix } },
          [
            node,
            { id: 'yes', type: 'update_record', config: { values: { description: 'approved by {{steps.ask.decidedBy.0.userId}}' } } },
            { id: 'no', type: 'update_record', config: { values: { description: 'rejected' } } },
            ...(timeoutEdge ? [{ id: 'late', type: 'update_record', config: { values: { description: 'timed out' } } }] : []),
          ],
          [['trigger', 'ask'], ['ask', 'yes', 'approved'], ['ask', 'no', 'rejected'], ...(timeoutEdge ? ([['ask', 'late', 'timeout']] as Array<[string, string, string]>) : [])],
        );
      app.processes = [
        ...(app.processes ?? []),
        processDef(
          'task_and_notice',
          { type: 'record', entity: 'deal', on: ['create'], condition: { field: 'title', op: 'startsWith', value: 'TSK' } },
          [
            { id: 'call_task', type: 'create_task', config: { title: 'Позвонить: {{record.title}}', due: 'PT2S', reminder: 'PT2S' } },
            { id: 'tell', type: 'notify', config: { to: [{ $ref: 'record.owner' }, { role: 'head_of_sales' }], message: 'Новая сделка {{record.title}}' } },
            { id: 'mail', type: 'email', config: { to: ['client@example.com', { $ref: 'record.owner' }], subject: 'Сделка {{record.title}}', body: 'Сумма: {{record.amount}}' } },
          ],
          [['trigger', 'call_task'], ['call_task', 'tell'], ['tell', 'mail']],
        ),
        {
          // Before-save: the task and the notification go in with the record's own statement, and a
          // save the same process refuses afterwards leaves neither.
          name: 'task_before_save',
          mode: 'before-save',
          trigger: { type: 'record', entity: 'deal', on: ['create'], condition: { field: 'title', op: 'startsWith', value: 'BST' } },
          nodes: [
            { id: 'call', type: 'create_task', config: { title: 'Перезвонить: {{record.title}}', due: 'P1D' } },
            { id: 'tell', type: 'notify', config: { to: { $ref: 'record.owner' }, message: 'Сделка {{record.title}} заведена' } },
            { id: 'too_big', type: 'condition', config: { condition: { field: 'amount', op: 'gt', value: 1000 } } },
            { id: 'refuse', type: 'end', config: { status: 'failed', message: 'Too big for this test' } },
            { id: 'fine', type: 'end', config: {} },
          ],
          edges: [
            { from: 'trigger', to: 'call' },
            { from: 'call', to: 'tell' },
            { from: 'tell', to: 'too_big' },
            { from: 'too_big', to: 'refuse', handle: 'true' },
            { from: 'too_big', to: 'fine', handle: 'false' },
          ],
        },
        approvalProcess('approve_one', 'AP1', approval('ask', 'one')),
        approvalProcess('approve_any', 'APA', approval('ask', 'any')),
        approvalProcess('approve_all', 'APL', approval('ask', 'all')),
        approvalProcess('approve_escalate', 'APE', approval('ask', 'one', { timeout: 'PT1S', escalateTo: 'approver.two@example.com' })),
        approvalProcess('approve_timeout', 'APT', approval('ask', 'one', { timeout: 'PT1S' }), true),
        processDef(
          'wait_kinds',
          { type: 'record', entity: 'deal', on: ['create'], condition: { field: 'title', op: 'startsWith', value: 'WAIT' } },
          [
            {
              id: 'which',
              type: 'switch',
              config: {
                cases: [
                  { handle: 'duration', condition: { field: 'source', op: 'eq', value: 'website' } },
                  { handle: 'field', condition: { field: 'source', op: 'eq', value: 'referral' } },
                ],
              },
            },
            { id: 'pause', type: 'wait', config: { duration: 'PT1S' } },
            { id: 'until_date', type: 'wait', config: { untilField: 'close_date', offset: '-P1D' } },
            { id: 'until_won', type: 'wait', config: { untilCondition: { field: 'lost_reason', op: 'eq', value: 'go' }, timeout: 'PT30S' } },
            { id: 'after_pause', type: 'update_record', config: { values: { description: 'paused' } } },
            { id: 'after_date', type: 'update_record', config: { values: { description: 'date reached' } } },
            { id: 'after_won', type: 'update_record', config: { values: { description: 'condition met' } } },
            { id: 'won_timeout', type: 'update_record', config: { values: { lost_reason: 'gave up' } } },
          ],
          [
            ['trigger', 'which'],
            ['which', 'pause', 'duration'],
            ['which', 'until_date', 'field'],
            ['which', 'until_won', 'default'],
            ['pause', 'after_pause'],
            ['until_date', 'after_date'],
            ['until_won', 'after_won'],
            ['until_won', 'won_timeout', 'timeout'],
          ],
        ),
      ];
    });
  });
  afterAll(async () => {
    await rt?.close();
  });

  async function createDeal(body: Record<string, unknown>, token?: string): Promise<{ id: string; owner: string }> {
    const res = await rt.request<{ id: string; owner: string }>('POST', '/api/records/deal', { body, ...(token ? { token } : {}) });
    if (res.status !== 201) throw new Error(`deal: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }

  async function tasksOf(token: string, query = ''): Promise<Task[]> {
    return (await rt.request<{ data: Task[] }>('GET', `/api/tasks${query}`, { token })).body.data;
  }

  async function description(id: string): Promise<string | null> {
    return (await rt.request<{ description: string | null }>('GET', `/api/records/deal/${id}`)).body.description;
  }

  it('create_task gives the owner a task with due time and reminder; notify and email reach people and the mailbox', async () => {
    const created = await createDeal({ title: 'TSK звонок', amount: 100 }, rep.token);
    const run = await runFor(rt, 'task_and_notice', created.id);
    expect(run.status).toBe('completed');
    const mine = (await tasksOf(rep.token)).filter((t) => t.runId === run.id);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ kind: 'task', title: 'Позвонить: TSK звонок', assignee: rep.id, status: 'open' });
    const due = Date.parse(mine[0]?.dueAt ?? '');
    expect(Date.parse(mine[0]?.remindAt ?? '')).toBe(due - 2000);

    const repNotes = await rt.request<{ data: Array<{ message: string; runId: string }> }>('GET', '/api/notifications', { token: rep.token });
    expect(repNotes.body.data.filter((n) => n.runId === run.id).map((n) => n.message)).toEqual(['Новая сделка TSK звонок']);
    const bossNotes = await rt.request<{ data: Array<{ runId: string }> }>('GET', '/api/notifications', { token: boss.token });
    expect(bossNotes.body.data.filter((n) => n.runId === run.id)).toHaveLength(1);

    const mailbox = await rt.request<{ data: Array<{ to: string[]; subject: string; body: string; runId: string }> }>('GET', '/api/mailbox');
    const mail = mailbox.body.data.filter((m) => m.runId === run.id);
    expect(mail).toHaveLength(1);
    expect(mail[0]).toMatchObject({ subject: 'Сделка TSK звонок', body: 'Сумма: 100' });
    expect(new Set(mail[0]?.to)).toEqual(new Set(['client@example.com', rep.email]));
    // Not admin-only any more: a rep lists the mail they sent and the mail about records they may read.
    expect((await rt.request('GET', '/api/mailbox', { token: rep.token })).status).toBe(200);

    // Completing the task: only its assignee (or an admin), once.
    const taskId = mine[0]?.id ?? '';
    expect((await rt.request('POST', `/api/tasks/${taskId}/complete`, { token: boss.token, body: {} })).status).toBe(403);
    expect((await rt.request('POST', `/api/tasks/${taskId}/complete`, { token: rep.token, body: { comment: 'позвонил' } })).status).toBe(200);
    expect((await rt.request('POST', `/api/tasks/${taskId}/complete`, { token: rep.token, body: {} })).status).toBe(409);
  });

  it('a before-save create_task and notify go in with the record in one statement; a refused save leaves neither', async () => {
    const sent = countDriverStatements(rt.db.knex);
    let created: { id: string; owner: string };
    try {
      created = await createDeal({ title: 'BST звонок', amount: 100 }, rep.token);
    } finally {
      sent.stop();
    }
    const statements = sent.take();
    const peopleWrites = statements.filter((sql) => /"(human_tasks|notifications)"/.test(sql));
    expect(peopleWrites, statements.join('\n')).toHaveLength(1);
    expect(peopleWrites[0]).toMatch(/insert into "rec_deal"/);
    const run = await runFor(rt, 'task_before_save', created.id);
    const tasks = (await tasksOf(rep.token)).filter((t) => t.runId === run.id);
    expect(tasks).toMatchObject([{ kind: 'task', title: 'Перезвонить: BST звонок', assignee: rep.id, status: 'open' }]);
    const notes = await rt.request<{ data: Array<{ message: string; runId: string }> }>('GET', '/api/notifications', { token: rep.token });
    expect(notes.body.data.filter((n) => n.runId === run.id).map((n) => n.message)).toEqual(['Сделка BST звонок заведена']);

    const tasksBefore = await rt.db.knex('human_tasks').count<Array<{ n: string | number }>>({ n: '*' }).first();
    const notesBefore = await rt.db.knex('notifications').count<Array<{ n: string | number }>>({ n: '*' }).first();
    const refused = await rt.request('POST', '/api/records/deal', { body: { title: 'BST крупная', amount: 5000 }, token: rep.token });
    expect(refused.status).toBe(422);
    expect(await rt.db.knex('human_tasks').count<Array<{ n: string | number }>>({ n: '*' }).first()).toEqual(tasksBefore);
    expect(await rt.db.knex('notifications').count<Array<{ n: string | number }>>({ n: '*' }).first()).toEqual(notesBefore);
  });

  it('approval "one": the first approver decides; approve and reject take their branches', async () => {
    const yes = await createDeal({ title: 'AP1 да', amount: 100 });
    const no = await createDeal({ title: 'AP1 нет', amount: 100 });
    const yesTask = await until('the approval task', async () => (await tasksOf(boss.token, '?kind=approval')).find((t) => t.title.includes('AP1 да')));
    // Mode one: only the first approver named gets a task.
    expect((await tasksOf(boss2.token, '?kind=approval')).find((t) => t.title.includes('AP1 да'))).toBeUndefined();
    const bad = await rt.request<{ error: { details: Array<{ field: string }> } }>('POST', `/api/tasks/${yesTask.id}/complete`, { token: boss.token, body: { outcome: 'maybe' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0]?.field).toBe('outcome');
    expect((await rt.request('POST', `/api/tasks/${yesTask.id}/complete`, { token: boss.token, body: { outcome: 'approved' } })).status).toBe(200);
    expect((await runFor(rt, 'approve_one', yes.id)).status).toBe('completed');
    expect(await description(yes.id)).toBe(`approved by ${boss.id}`);

    const noTask = await until('the other approval task', async () => (await tasksOf(boss.token, '?kind=approval')).find((t) => t.title.includes('AP1 нет')));
    await rt.request('POST', `/api/tasks/${noTask.id}/complete`, { token: boss.token, body: { outcome: 'rejected', comment: 'дорого' } });
    expect((await runFor(rt, 'approve_one', no.id)).status).toBe('completed');
    expect(await description(no.id)).toBe('rejected');
  });

  it('approval "any": the first decision wins, a second approver gets a conflict and the run moves once', async () => {
    const created = await createDeal({ title: 'APA любой', amount: 100 });
    const t1 = await until('task 1', async () => (await tasksOf(boss.token, '?kind=approval')).find((t) => t.title.includes('APA любой')));
    const t2 = await until('task 2', async () => (await tasksOf(boss2.token, '?kind=approval')).find((t) => t.title.includes('APA любой')));
    const [a, b] = await Promise.all([
      rt.request('POST', `/api/tasks/${t1.id}/complete`, { token: boss.token, body: { outcome: 'approved' } }),
      rt.request('POST', `/api/tasks/${t2.id}/complete`, { token: boss2.token, body: { outcome: 'rejected' } }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const run = await runFor(rt, 'approve_any', created.id);
    expect(run.status).toBe('completed');
    const branch = run.steps.filter((s) => s.nodeId === 'yes' || s.nodeId === 'no');
    expect(branch).toHaveLength(1);
    expect(await description(created.id)).toBe(a.status === 200 ? `approved by ${boss.id}` : 'rejected');
  });

  it('approval "all": waits for everyone; one rejection rejects', async () => {
    const allYes = await createDeal({ title: 'APL все да', amount: 100 });
    const t1 = await until('task 1', async () => (await tasksOf(boss.token, '?kind=approval')).find((t) => t.title.includes('APL все да')));
    await rt.request('POST', `/api/tasks/${t1.id}/complete`, { token: boss.token, body: { outcome: 'approved' } });
    await settled(rt);
    const waiting = (await runsOf(rt, 'approve_all', `?recordId=${allYes.id}`))[0];
    expect(waiting?.status).toBe('waiting');
    const t2 = await until('task 2', async () => (await tasksOf(boss2.token, '?kind=approval')).find((t) => t.title.includes('APL все да')));
    await rt.request('POST', `/api/tasks/${t2.id}/complete`, { token: boss2.token, body: { outcome: 'approved' } });
    expect((await runFor(rt, 'approve_all', allYes.id)).status).toBe('completed');
    expect((await description(allYes.id))?.startsWith('approved')).toBe(true);

    const oneNo = await createDeal({ title: 'APL один нет', amount: 100 });
    const n1 = await until('task', async () => (await tasksOf(boss2.token, '?kind=approval')).find((t) => t.title.includes('APL один нет')));
    await rt.request('POST', `/api/tasks/${n1.id}/complete`, { token: boss2.token, body: { outcome: 'rejected' } });
    expect((await runFor(rt, 'approve_all', oneNo.id)).status).toBe('completed');
    expect(await description(oneNo.id)).toBe('rejected');
    // The other approver's task is closed with the decision.
    const left = (await tasksOf(boss.token, '?kind=approval&status=all')).find((t) => t.title.includes('APL один нет'));
    expect(left?.status).toBe('cancelled');
  });

  it('approval timeout: escalates to escalateTo, or goes out through "timeout"', async () => {
    const esc = await createDeal({ title: 'APE эскалация', amount: 100 });
    const escalated = await until(
      'the escalated task',
      async () => (await tasksOf(boss2.token, '?kind=approval')).find((t) => t.title.includes('APE эскалация')),
      10_000,
    );
    const original = (await tasksOf(boss.token, '?kind=approval&status=all')).find((t) => t.title.includes('APE эскалация'));
    expect(original?.status).toBe('escalated');
    await rt.request('POST', `/api/tasks/${escalated.id}/complete`, { token: boss2.token, body: { outcome: 'approved' } });
    expect((await runFor(rt, 'approve_escalate', esc.id)).status).toBe('completed');
    expect(await description(esc.id)).toBe(`approved by ${boss2.id}`);

    const late = await createDeal({ title: 'APT опоздание', amount: 100 });
    const run = await runFor(rt, 'approve_timeout', late.id, 15_000);
    expect(run.status).toBe('completed');
    expect(await description(late.id)).toBe('timed out');
    const expired = (await tasksOf(boss.token, '?kind=approval&status=all')).find((t) => t.title.includes('APT опоздание'));
    expect(expired?.status).toBe('expired');
  });

  it('wait: a duration, until a date field (moving when the field moves), until a condition (or its timeout)', async () => {
    const started = Date.now();
    const paused = await createDeal({ title: 'WAIT пауза', amount: 1, source: 'website' });
    const pauseRun = await runFor(rt, 'wait_kinds', paused.id);
    expect(pauseRun.status).toBe('completed');
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(await description(paused.id)).toBe('paused');

    // close_date tomorrow, offset -P1D at 09:00 Moscow: due today 09:00, already past or today; a date
    // far ahead keeps it waiting until the field moves into the past.
    const far = new Date(Date.now() + 40 * 86400_000).toISOString().slice(0, 10);
    const dated = await createDeal({ title: 'WAIT дата', amount: 1, source: 'referral', close_date: far });
    const waiting = await until('the date wait', async () => {
      const runs = await runsOf(rt, 'wait_kinds', `?recordId=${dated.id}`);
      return runs[0]?.status === 'waiting' ? runs[0] : null;
    });
    const yesterday = new Date(Date.now() - 2 * 86400_000).toISOString().slice(0, 10);
    await rt.request('PATCH', `/api/records/deal/${dated.id}`, { body: { close_date: yesterday } });
    expect((await waitForRun(rt, waiting.id)).status).toBe('completed');
    expect(await description(dated.id)).toBe('date reached');

    const cond = await createDeal({ title: 'WAIT победа', amount: 1 });
    const condRun = await until('the condition wait', async () => {
      const runs = await runsOf(rt, 'wait_kinds', `?recordId=${cond.id}`);
      return runs[0]?.status === 'waiting' ? runs[0] : null;
    });
    expect((await rt.request('PATCH', `/api/records/deal/${cond.id}`, { body: { lost_reason: 'not yet' } })).status).toBe(200);
    await settled(rt);
    expect((await runsOf(rt, 'wait_kinds', `?recordId=${cond.id}`))[0]?.status).toBe('waiting');
    const sent = countDriverStatements(rt.db.knex);
    try {
      expect((await rt.request('PATCH', `/api/records/deal/${cond.id}`, { body: { lost_reason: 'go' } })).status).toBe(200);
      expect((await waitForRun(rt, condRun.id)).status).toBe('completed');
    } finally {
      sent.stop();
    }
    expect(await description(cond.id)).toBe('condition met');
    // The waiting job was locked by the update's own statement (RecordEventSink.locksFor), not by a query of its own.
    const statements = sent.take();
    const waitLocks = statements.filter((sql) => sql.includes('wait_record_id'));
    expect(waitLocks.length, statements.join('\n')).toBeGreaterThan(0);
    expect(waitLocks.every((sql) => /^\s*with\b/i.test(sql)), waitLocks.join('\n')).toBe(true);
  });
});

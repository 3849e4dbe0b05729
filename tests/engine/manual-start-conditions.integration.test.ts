import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRuntime, testDatabaseKinds, type TestRuntime } from '@crm/runtime/testing';
import { person, processDef, publishWith, waitForRun, type LooseApp, type Person } from './engine-test.support.js';

/*
 * Conditional questions on a manual start form (StartInput.visibleWhen): the start route walks the
 * questions top-down and a question whose condition is not met is not asked: what was sent for it
 * is dropped, it is not required, it gets no default, and the run holds null for it (so the
 * record's timeline shows no answer). A shown question is checked as any other. A start on a
 * list's records takes the same path. The draft refuses a condition that cannot work.
 */

interface ErrorBody {
  error: { code: string; details: Array<{ field?: string; code: string; message: string; message_ru: string; pointer?: string }> };
}

interface StartBody {
  data: Array<{ runId: string; status: string }>;
  count: number;
}

const ESCALATE_FORM = [
  { name: 'urgency', type: 'enum', options: [{ value: 'normal' }, { value: 'urgent' }], default: 'normal' },
  { name: 'why', type: 'longtext', label: { ru: 'Почему срочно', en: 'Why urgent' }, required: true, visibleWhen: { question: 'urgency', in: ['urgent'] } },
  { name: 'boss', type: 'user', default: '$user', visibleWhen: { question: 'urgency', in: ['urgent'] } },
];

describe.each(testDatabaseKinds())('conditional start-form questions on %s', (kind) => {
  let rt: TestRuntime;
  let rep: Person;

  beforeAll(async () => {
    rt = await startTestRuntime(kind, { template: 'b2b-sales', workers: { pollMs: 50 } });
    rep = await person(rt, 'conditions.rep@example.com', ['sales_rep']);
    await publishWith(rt, (app) => {
      app.processes = [
        ...(app.processes ?? []),
        processDef('escalate', { type: 'manual', entity: 'deal', startRoles: ['sales_rep'], inputs: ESCALATE_FORM }, [{ id: 'done', type: 'end' }], [['trigger', 'done']]),
      ];
    });
  });
  afterAll(async () => {
    await rt?.close();
  });

  async function deal(title: string): Promise<string> {
    const res = await rt.request<{ id: string }>('POST', '/api/records/deal', { body: { title, amount: 1 }, token: rep.token });
    expect(res.status).toBe(201);
    return res.body.id;
  }

  async function storedInput(runId: string): Promise<Record<string, unknown> | undefined> {
    const row = (await rt.db.knex('process_runs').where({ id: runId }).first('trigger')) as { trigger: string | { input: Record<string, unknown> } } | undefined;
    const trigger = typeof row?.trigger === 'string' ? (JSON.parse(row.trigger) as { input: Record<string, unknown> }) : row?.trigger;
    return trigger?.input;
  }

  async function start(body: Record<string, unknown>) {
    return rt.request<StartBody & ErrorBody>('POST', '/api/processes/escalate/start', { body, token: rep.token });
  }

  it('lets a hidden required question be left out, and neither stores what was sent for it nor applies its default', async () => {
    const id = await deal('Calm request');
    // Urgency's default "normal" hides "why" and "boss": the form needs nothing more.
    const bare = await start({ recordId: id });
    expect(bare.status, JSON.stringify(bare.body)).toBe(202);
    expect(await storedInput(bare.body.data[0]?.runId ?? '')).toEqual({ urgency: 'normal', why: null, boss: null });
    // An answer to a hidden question is dropped unchecked (an invalid one too), not kept in the run.
    const sent = await start({ recordId: id, input: { urgency: 'normal', why: 'Typed before switching back', boss: 'not-a-person' } });
    expect(sent.status, JSON.stringify(sent.body)).toBe(202);
    const runId = sent.body.data[0]?.runId ?? '';
    expect(await storedInput(runId)).toEqual({ urgency: 'normal', why: null, boss: null });
    expect((await waitForRun(rt, runId)).status).toBe('completed');
    // The record's timeline shows the answers given, and nothing for the hidden questions.
    const listed = await rt.request<{ data: Array<{ id: string; answers?: Array<{ question: { name: string }; value: unknown }> }> }>('GET', `/api/processes/escalate/runs?recordId=${id}`, {
      token: rep.token,
    });
    expect(listed.body.data.find((r) => r.id === runId)?.answers?.map((a) => [a.question.name, a.value])).toEqual([['urgency', 'normal']]);
  });

  it('refuses a shown required question left empty, pointing at it, and queues nothing', async () => {
    const id = await deal('Urgent without a reason');
    const res = await start({ recordId: id, input: { urgency: 'urgent', why: '' } });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(res.body.error.details.map((d) => [d.field, d.code])).toEqual([['input.why', 'REQUIRED']]);
    expect(res.body.error.details[0]?.message_ru).toMatch(/[а-я]/);
    const runs = await rt.request<{ data: unknown[] }>('GET', `/api/processes/escalate/runs?recordId=${id}`, { token: rep.token });
    expect(runs.body.data).toEqual([]);
  });

  it('asks a shown question as any other: its answer kept, its default applied', async () => {
    const id = await deal('Urgent with a reason');
    const res = await start({ recordId: id, input: { urgency: 'urgent', why: 'The client signs today' } });
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    expect(await storedInput(res.body.data[0]?.runId ?? '')).toEqual({ urgency: 'urgent', why: 'The client signs today', boss: rep.id });
  });

  it('treats a start on a list’s records the same way', async () => {
    await deal('Bulk conditions one');
    await deal('Bulk conditions two');
    const filter = { field: 'title', op: 'startsWith', value: 'Bulk conditions' };
    const refused = await start({ filter, input: { urgency: 'urgent' } });
    expect(refused.status).toBe(400);
    expect(refused.body.error.details.map((d) => d.field)).toEqual(['input.why']);
    const res = await start({ filter, input: { urgency: 'normal', why: 'dropped' } });
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    expect(res.body.count).toBe(2);
    for (const run of res.body.data) expect(await storedInput(run.runId)).toEqual({ urgency: 'normal', why: null, boss: null });
  });

  it('refuses at the draft a condition on a later question or with a value its question would refuse', async () => {
    const app = (await rt.request<LooseApp>('GET', '/api/definitions/draft')).body;
    const inputs = [
      { name: 'urgency', type: 'enum', options: [{ value: 'normal' }, { value: 'urgent' }], visibleWhen: { question: 'why', in: ['x'] } },
      { name: 'why', type: 'text', visibleWhen: { question: 'urgency', in: ['someday'] } },
    ];
    app.processes = [...(app.processes ?? []), processDef('bad_condition', { type: 'manual', entity: 'deal', inputs }, [{ id: 'done', type: 'end' }], [['trigger', 'done']])];
    const res = await rt.request<ErrorBody>('PUT', '/api/definitions/draft', { body: app });
    expect(res.status).toBe(422);
    expect(res.body.error.details).toContainEqual(expect.objectContaining({ code: 'START_INPUT_CONDITION_NOT_EARLIER', pointer: expect.stringMatching(/^\/processes\/\d+\/trigger\/inputs\/0\/visibleWhen\/question$/) }));
    expect(res.body.error.details).toContainEqual(expect.objectContaining({ code: 'START_INPUT_CONDITION_INVALID_VALUE', pointer: expect.stringMatching(/^\/processes\/\d+\/trigger\/inputs\/1\/visibleWhen\/in\/0$/) }));
  });
});

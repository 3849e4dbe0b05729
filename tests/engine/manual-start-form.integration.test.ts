import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRuntime, testDatabaseKinds, type TestRuntime } from '@crm/runtime/testing';
import { person, processDef, publishWith, runsOf, waitForRun, type LooseApp, type Person } from './engine-test.support.js';

/*
 * A manual process's start form (trigger.inputs): the workspace learns its questions, the start
 * route checks the answers like record fields (and that every person and record they name exists
 * and may be read by the starter) before any run is queued, and the run branches on and writes
 * the answers as trigger.input.
 */

interface ErrorBody {
  error: { code: string; details: Array<{ field?: string; code: string; message: string; message_ru: string; pointer?: string }> };
}

interface StartBody {
  data: Array<{ runId: string; status: string }>;
  count: number;
}

const HAND_OVER_FORM = [
  { name: 'new_owner', type: 'user', label: { ru: 'Кому передать', en: 'Hand over to' }, required: true },
  { name: 'reason', type: 'longtext', label: { ru: 'Причина', en: 'Reason' }, required: true },
  { name: 'urgency', type: 'enum', options: [{ value: 'normal' }, { value: 'urgent', label: { ru: 'Срочно', en: 'Urgent' } }] },
  { name: 'callback', type: 'phone' },
  { name: 'contact', type: 'relation', target: 'contact' },
];

// Defaults: the starter, today in the app's timezone, a choice; the form opens with them and a start that leaves them out gets them.
const FOLLOW_UP_FORM = [
  { name: 'who', type: 'user', default: '$user' },
  { name: 'due', type: 'date', default: '$today' },
  { name: 'urgency', type: 'enum', options: [{ value: 'normal' }, { value: 'urgent' }], default: 'urgent' },
];

describe.each(testDatabaseKinds())('a manual start form on %s', (kind) => {
  let rt: TestRuntime;
  let rep: Person;
  let senior: Person;

  beforeAll(async () => {
    rt = await startTestRuntime(kind, { template: 'b2b-sales', workers: { pollMs: 50 } });
    rep = await person(rt, 'form.rep@example.com', ['sales_rep']);
    senior = await person(rt, 'form.senior@example.com', ['senior_manager']);
    await publishWith(rt, (app) => {
      app.processes = [
        ...(app.processes ?? []),
        processDef(
          'hand_over',
          { type: 'manual', entity: 'deal', startRoles: ['sales_rep', 'senior_manager'], inputs: HAND_OVER_FORM },
          [
            { id: 'move', type: 'update_record', config: { values: { owner: { $ref: 'trigger.input.new_owner' }, description: 'Передана: {{trigger.input.reason}}' } } },
            { id: 'urgent', type: 'condition', config: { condition: { field: 'trigger.input.urgency', op: 'eq', value: 'urgent' } } },
            { id: 'rush', type: 'end', config: { status: 'completed', message: 'urgent' } },
            { id: 'calm', type: 'end', config: { status: 'completed', message: 'normal' } },
          ],
          [
            ['trigger', 'move'],
            ['move', 'urgent'],
            ['urgent', 'rush', 'true'],
            ['urgent', 'calm', 'false'],
          ],
        ),
        processDef('follow_up', { type: 'manual', entity: 'deal', startRoles: ['sales_rep'], inputs: FOLLOW_UP_FORM }, [{ id: 'done', type: 'end' }], [['trigger', 'done']]),
      ];
    });
  });
  afterAll(async () => {
    await rt?.close();
  });

  async function deal(title: string, token?: string): Promise<string> {
    const res = await rt.request<{ id: string }>('POST', '/api/records/deal', { body: { title, amount: 1 }, ...(token ? { token } : {}) });
    expect(res.status).toBe(201);
    return res.body.id;
  }

  async function storedInput(runId: string): Promise<Record<string, unknown> | undefined> {
    const row = (await rt.db.knex('process_runs').where({ id: runId }).first('trigger')) as { trigger: string | { input: Record<string, unknown> } } | undefined;
    const trigger = typeof row?.trigger === 'string' ? (JSON.parse(row.trigger) as { input: Record<string, unknown> }) : row?.trigger;
    return trigger?.input;
  }

  it('tells the workspace what the start asks, to those who may start it', async () => {
    const asRep = await rt.request<{ processes: Array<{ name: string; startable: boolean; inputs?: unknown[] }> }>('GET', '/api/records', { token: rep.token });
    expect(asRep.body.processes.find((p) => p.name === 'hand_over')).toMatchObject({ startable: true, inputs: HAND_OVER_FORM });
    const marketer = await person(rt, 'form.marketer@example.com', ['marketer']);
    const asMarketer = await rt.request<{ processes: Array<{ name: string; startable: boolean; inputs?: unknown[] }> }>('GET', '/api/records', { token: marketer.token });
    const seen = asMarketer.body.processes.find((p) => p.name === 'hand_over');
    expect(seen?.startable).toBe(false);
    expect(seen?.inputs).toBeUndefined();
  });

  it('refuses answers that are missing or wrong, naming each question, and queues nothing', async () => {
    const id = await deal('Form refused');
    const before = (await runsOf(rt, 'hand_over')).length;
    const res = await rt.request<ErrorBody>('POST', '/api/processes/hand_over/start', {
      body: { recordId: id, input: { reason: '', urgency: 'someday', callback: '12', colour: 'red' } },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    const byField = Object.fromEntries(res.body.error.details.map((d) => [d.field, d.code]));
    expect(byField).toEqual({ 'input.colour': 'UNKNOWN_FIELD', 'input.callback': 'INVALID_VALUE', 'input.new_owner': 'REQUIRED', 'input.reason': 'REQUIRED', 'input.urgency': 'INVALID_VALUE' });
    for (const detail of res.body.error.details) expect(detail.message_ru).toMatch(/[а-я]/);
    // No form answers at all is an empty form, not an unchecked one.
    const empty = await rt.request<ErrorBody>('POST', '/api/processes/hand_over/start', { body: { recordId: id } });
    expect(empty.status).toBe(400);
    expect((await runsOf(rt, 'hand_over')).length).toBe(before);
  });

  it('refuses a person who is not an active user and a record the starter may not read', async () => {
    const id = await deal('Form references', rep.token);
    const gone = await person(rt, 'form.gone@example.com', ['sales_rep']);
    expect((await rt.request('PATCH', `/api/users/${gone.id}`, { body: { disabled: true } })).status).toBe(200);
    // Reps read only their own contacts: the senior's contact is not one the rep could pick.
    const contact = await rt.request<{ id: string }>('POST', '/api/records/contact', { body: { first_name: 'Hidden', last_name: 'Contact' }, token: senior.token });
    expect(contact.status).toBe(201);
    const res = await rt.request<ErrorBody>('POST', '/api/processes/hand_over/start', {
      body: { recordId: id, input: { new_owner: gone.id, reason: 'Leaving', contact: contact.body.id } },
      token: rep.token,
    });
    expect(res.status).toBe(400);
    expect(res.body.error.details.map((d) => [d.field, d.code])).toEqual([
      ['input.new_owner', 'INVALID_REFERENCE'],
      ['input.contact', 'INVALID_REFERENCE'],
    ]);
    expect(res.body.error.details[1]?.message_ru).toContain('недоступна');
  });

  it('runs on the answers: normalised, written into the record, branched on', async () => {
    const id = await deal('Form answered');
    const started = await rt.request<StartBody>('POST', '/api/processes/hand_over/start', {
      body: { recordId: id, input: { new_owner: senior.id, reason: 'Senior takes the big ones', urgency: 'urgent', callback: '8 (912) 345-67-89' } },
    });
    expect(started.status).toBe(202);
    const run = await waitForRun(rt, started.body.data[0]?.runId ?? '');
    expect(run.status).toBe('completed');
    expect(run.steps.map((s) => s.nodeId)).toEqual(['move', 'urgent', 'rush']);
    const record = await rt.request<{ owner: string; description: string }>('GET', `/api/records/deal/${id}`);
    expect(record.body.owner).toBe(senior.id);
    expect(record.body.description).toBe('Передана: Senior takes the big ones');
    // The run keeps the answers as checked: the phone in E.164, every question present.
    expect(await storedInput(run.id)).toEqual({ new_owner: senior.id, reason: 'Senior takes the big ones', urgency: 'urgent', callback: '+79123456789', contact: null });
    // The record's run list says who started it by hand (its timeline shows the name).
    const me = (await rt.request<{ user: { id: string; name: string } }>('GET', '/api/auth/me')).body.user;
    expect(me.name).toBeTruthy();
    const listed = await rt.request<{ data: Array<{ id: string; startedBy?: { id: string; name: string } }> }>('GET', `/api/processes/hand_over/runs?recordId=${id}`);
    expect(listed.body.data.find((r) => r.id === run.id)?.startedBy).toEqual({ id: me.id, name: me.name });
  });

  it('shows a run’s answers on the record to whoever sees the run, without a record the reader may not read', async () => {
    const id = await deal('Answers on the timeline', senior.token);
    // Reps read only their own contacts: the senior's contact is not named to the rep.
    const contact = await rt.request<{ id: string }>('POST', '/api/records/contact', { body: { first_name: 'Private', last_name: 'Client' }, token: senior.token });
    const started = await rt.request<StartBody>('POST', '/api/processes/hand_over/start', {
      body: { recordId: id, input: { new_owner: rep.id, reason: 'Yours now', urgency: 'urgent', contact: contact.body.id } },
      token: senior.token,
    });
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    const runId = started.body.data[0]?.runId ?? '';
    expect((await waitForRun(rt, runId)).status).toBe('completed');
    type Listed = { data: Array<{ id: string; answers?: Array<{ question: { name: string; label?: unknown }; value: unknown; title?: string }> }> };
    const answersAs = async (token?: string) => (await rt.request<Listed>('GET', `/api/processes/hand_over/runs?recordId=${id}`, token ? { token } : {})).body.data.find((r) => r.id === runId)?.answers;
    // The admin reads every contact; the rep, who now owns the deal, reads the run but not the contact.
    const byAdmin = await answersAs();
    expect(byAdmin?.map((a) => [a.question.name, a.value, a.title])).toEqual([
      ['new_owner', rep.id, 'form.rep'],
      ['reason', 'Yours now', undefined],
      ['urgency', 'urgent', undefined],
      ['contact', contact.body.id, expect.stringContaining('Client')],
    ]);
    // The question travels with its words and choices, so the timeline reads "Срочность: Срочно".
    expect(byAdmin?.[0]?.question).toEqual(HAND_OVER_FORM[0]);
    const byRep = await answersAs(rep.token);
    expect(byRep?.map((a) => a.question.name)).toEqual(['new_owner', 'reason', 'urgency']);
  });

  it('gives a question the start leaves out its default (the starter, today in the app timezone), and keeps a cleared one empty', async () => {
    const id = await deal('Defaults', rep.token);
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Moscow', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
    const plain = await rt.request<StartBody>('POST', '/api/processes/follow_up/start', { body: { recordId: id }, token: rep.token });
    expect(plain.status, JSON.stringify(plain.body)).toBe(202);
    expect(await storedInput(plain.body.data[0]?.runId ?? '')).toEqual({ who: rep.id, due: today, urgency: 'urgent' });
    const cleared = await rt.request<StartBody>('POST', '/api/processes/follow_up/start', { body: { recordId: id, input: { urgency: null, who: senior.id } }, token: rep.token });
    expect(cleared.status, JSON.stringify(cleared.body)).toBe(202);
    expect(await storedInput(cleared.body.data[0]?.runId ?? '')).toEqual({ who: senior.id, due: today, urgency: null });
  });

  it('refuses at the draft a default its question would refuse, pointing at it', async () => {
    const app = (await rt.request<LooseApp>('GET', '/api/definitions/draft')).body;
    app.processes = [
      ...(app.processes ?? []),
      processDef('bad_default', { type: 'manual', entity: 'deal', inputs: [{ name: 'pick', type: 'enum', options: [{ value: 'a' }], default: 'b' }] }, [{ id: 'done', type: 'end' }], [['trigger', 'done']]),
    ];
    const res = await rt.request<ErrorBody>('PUT', '/api/definitions/draft', { body: app });
    expect(res.status).toBe(422);
    expect(res.body.error.details).toContainEqual(expect.objectContaining({ code: 'INVALID_DEFAULT', pointer: expect.stringMatching(/^\/processes\/\d+\/trigger\/inputs\/0\/default$/) }));
  });

  it('refuses at the draft a form whose list question has no choices', async () => {
    const draft = await rt.request<LooseApp>('GET', '/api/definitions/draft');
    const app = draft.body;
    app.processes = [
      ...(app.processes ?? []),
      processDef('bad_form', { type: 'manual', entity: 'deal', inputs: [{ name: 'pick', type: 'enum' }] }, [{ id: 'done', type: 'end' }], [['trigger', 'done']]),
    ];
    const res = await rt.request<ErrorBody>('PUT', '/api/definitions/draft', { body: app });
    expect(res.status).toBe(422);
    expect(res.body.error.details).toContainEqual(expect.objectContaining({ code: 'START_INPUT_WITHOUT_OPTIONS', pointer: expect.stringMatching(/^\/processes\/\d+\/trigger\/inputs\/0\/options$/) }));
  });
});

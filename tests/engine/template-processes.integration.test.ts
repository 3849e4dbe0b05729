import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRuntime, testDatabaseKinds, type TestRuntime } from '@crm/runtime/testing';
import { person, runFor, runsOf, settled, teamId, type Person } from './engine-test.support.js';

/*
 * The b2b-sales template's after-save processes as a sales team would meet them: moving a deal to
 * the contract stage gives its owner a "prepare the contract" task (a stage trigger), and losing a
 * big deal notifies its owner (a record trigger with changedTo), each exactly once per change; a
 * rep runs "Qualify the deal" by hand on her lead (the workspace offers it to her role), and asks a
 * colleague for help through a start form (whom, what, how urgent, and why only when urgent): the
 * colleague gets the task.
 */

describe.each(testDatabaseKinds())('b2b-sales processes on %s', (kind) => {
  let rt: TestRuntime;
  let rep: Person;
  beforeAll(async () => {
    rt = await startTestRuntime(kind, { template: 'b2b-sales', workers: { pollMs: 100 } });
    rep = await person(rt, 'pipeline.rep@example.com', ['sales_rep'], { team: await teamId(rt, 'Продажи — Москва') });
  });
  afterAll(async () => {
    await rt?.close();
  });

  async function move(id: string, body: Record<string, unknown>): Promise<void> {
    const res = await rt.request('PATCH', `/api/records/deal/${id}`, { token: rep.token, body });
    if (res.status !== 200) throw new Error(`moving ${id}: ${res.status} ${JSON.stringify(res.body)}`);
  }

  it('entering the contract stage creates the owner a task due in two days, once', async () => {
    const company = await rt.request<{ id: string }>('POST', '/api/records/company', { token: rep.token, body: { name: 'ООО Договор' } });
    const deal = await rt.request<{ id: string }>('POST', '/api/records/deal', { token: rep.token, body: { title: 'Поставка по договору', amount: 90000, company: company.body.id, close_date: '2027-03-01' } });
    expect(deal.status).toBe(201);
    for (const stage of ['qualified', 'proposal', 'contract']) await move(deal.body.id, { stage });
    const run = await runFor(rt, 'contract_stage_task', deal.body.id);
    expect(run.status).toBe('completed');
    // A run a save caused names nobody as its starter (the record's history says who saved).
    const listed = await rt.request<{ data: Array<{ id: string; startedBy?: unknown }> }>('GET', `/api/processes/contract_stage_task/runs?recordId=${deal.body.id}`, { token: rep.token });
    expect(listed.body.data.find((r) => r.id === run.id)).toBeDefined();
    expect(listed.body.data.find((r) => r.id === run.id)?.startedBy).toBeUndefined();
    const tasks = await rt.request<{ data: Array<{ title: string; dueAt: string; runId: string }> }>('GET', '/api/tasks', { token: rep.token });
    const mine = tasks.body.data.filter((t) => t.runId === run.id);
    expect(mine.map((t) => t.title)).toEqual(['Подготовить договор / Prepare the contract: Поставка по договору']);
    const dueInMs = Date.parse(mine[0]?.dueAt ?? '') - Date.now();
    expect(dueInMs).toBeGreaterThan(47 * 3600_000);
    expect(dueInMs).toBeLessThan(49 * 3600_000);
    // Another change while in the stage does not enter it again.
    await move(deal.body.id, { description: 'уточнения' });
    await settled(rt);
    expect(await runsOf(rt, 'contract_stage_task', `?recordId=${deal.body.id}`)).toHaveLength(1);
  });

  it('losing a deal over 500,000 notifies its owner; a small lost deal does not', async () => {
    const big = await rt.request<{ id: string }>('POST', '/api/records/deal', { token: rep.token, body: { title: 'Крупная потеря', amount: 90000 } });
    // Raising the amount over 100,000 routes the deal to a senior manager (route_big_deals runs
    // before save, whatever owner the save names); the admin hands it back to the rep after.
    await rt.request('PATCH', `/api/records/deal/${big.body.id}`, { body: { amount: 700000 } });
    const routed = await rt.request<{ owner: string }>('GET', `/api/records/deal/${big.body.id}`);
    expect(routed.body.owner).not.toBe(rep.id);
    await rt.request('PATCH', `/api/records/deal/${big.body.id}`, { body: { owner: rep.id } });
    await move(big.body.id, { stage: 'lost', lost_reason: 'цена' });
    const run = await runFor(rt, 'lost_deal_review', big.body.id);
    expect(run.status).toBe('completed');
    expect(run.steps.map((s) => [s.nodeId, s.handle])).toEqual([
      ['is_big', 'true'],
      ['notify_owner', 'out'],
      ['done', null],
    ]);
    const notes = await rt.request<{ data: Array<{ message: string; runId: string }> }>('GET', '/api/notifications', { token: rep.token });
    expect(notes.body.data.filter((n) => n.runId === run.id).map((n) => n.message)).toEqual(['Крупная сделка «Крупная потеря» проиграна: цена / Big deal lost']);

    const small = await rt.request<{ id: string }>('POST', '/api/records/deal', { token: rep.token, body: { title: 'Мелкая потеря', amount: 1000 } });
    await move(small.body.id, { stage: 'lost', lost_reason: 'неважно' });
    const smallRun = await runFor(rt, 'lost_deal_review', small.body.id);
    expect(smallRun.steps.map((s) => s.nodeId)).toEqual(['is_big', 'done']);
  });

  it('a rep qualifies her lead by hand: to Qualified with a proposal task; without a company it says what is missing', async () => {
    const offered = await rt.request<{ processes: Array<{ name: string; startable: boolean }> }>('GET', '/api/records', { token: rep.token });
    expect(offered.body.processes.filter((p) => p.startable).map((p) => p.name)).toEqual(['qualify_deal', 'ask_colleague', 'convert_lead']);

    const company = await rt.request<{ id: string }>('POST', '/api/records/company', { token: rep.token, body: { name: 'ООО Квалификация' } });
    const lead = await rt.request<{ id: string }>('POST', '/api/records/deal', { token: rep.token, body: { title: 'Лид с компанией', amount: 40000, company: company.body.id } });
    const started = await rt.request<{ data: Array<{ runId: string }> }>('POST', '/api/processes/qualify_deal/start', { token: rep.token, body: { recordId: lead.body.id } });
    expect(started.status).toBe(202);
    const run = await runFor(rt, 'qualify_deal', lead.body.id);
    expect(run.status).toBe('completed');
    expect((await rt.request<{ stage: string }>('GET', `/api/records/deal/${lead.body.id}`, { token: rep.token })).body.stage).toBe('qualified');
    const tasks = await rt.request<{ data: Array<{ title: string; runId: string }> }>('GET', '/api/tasks', { token: rep.token });
    expect(tasks.body.data.filter((t) => t.runId === run.id).map((t) => t.title)).toEqual(['Подготовить предложение / Prepare a proposal: Лид с компанией']);

    const bare = await rt.request<{ id: string }>('POST', '/api/records/deal', { token: rep.token, body: { title: 'Лид без компании', amount: 40000 } });
    await rt.request('POST', '/api/processes/qualify_deal/start', { token: rep.token, body: { recordId: bare.body.id } });
    const refused = await runFor(rt, 'qualify_deal', bare.body.id);
    expect(refused.status).toBe('failed');
    // The rep reads the End step's own words (plain text), in both languages.
    const seen = await rt.request<{ error: unknown }>('GET', `/api/runs/${refused.id}`, { token: rep.token });
    expect(seen.body.error).toMatchObject({ code: 'ENDED_FAILED', message_ru: 'Квалифицировать можно сделку на этапе «Лид» с указанной компанией.' });
    expect((await rt.request<{ stage: string }>('GET', `/api/records/deal/${bare.body.id}`, { token: rep.token })).body.stage).toBe('lead');
  });

  it('a rep asks a colleague for help: the start form names whom and what, the colleague gets the task, sooner when urgent', async () => {
    const colleague = await person(rt, 'helper.rep@example.com', ['sales_rep'], { team: await teamId(rt, 'Продажи — Москва') });
    const deal = await rt.request<{ id: string }>('POST', '/api/records/deal', { token: rep.token, body: { title: 'Нужна помощь', amount: 30000 } });
    // The form must be answered: whom and what.
    const blank = await rt.request<{ error: { details: Array<{ field: string }> } }>('POST', '/api/processes/ask_colleague/start', { token: rep.token, body: { recordId: deal.body.id, input: {} } });
    expect(blank.status).toBe(400);
    expect(blank.body.error.details.map((d) => d.field).sort()).toEqual(['input.colleague', 'input.request']);
    const started = await rt.request('POST', '/api/processes/ask_colleague/start', {
      token: rep.token,
      body: { recordId: deal.body.id, input: { colleague: colleague.id, request: 'Посмотри спецификацию', urgency: 'urgent', urgency_reason: 'Клиент подписывает сегодня' } },
    });
    expect(started.status).toBe(202);
    const run = await runFor(rt, 'ask_colleague', deal.body.id);
    expect(run.status).toBe('completed');
    type Listed = { data: Array<{ id: string; startedBy?: { id: string }; answers?: Array<{ question: { name: string }; value: unknown }> }> };
    const listed = await rt.request<Listed>('GET', `/api/processes/ask_colleague/runs?recordId=${deal.body.id}`, { token: rep.token });
    expect(listed.body.data.find((r) => r.id === run.id)?.startedBy?.id).toBe(rep.id);
    // "Why it is urgent" is asked only of an urgent request, and then read on the record's timeline.
    expect(listed.body.data.find((r) => r.id === run.id)?.answers?.find((a) => a.question.name === 'urgency_reason')?.value).toBe('Клиент подписывает сегодня');
    expect(run.steps.map((s) => s.nodeId)).toEqual(['is_urgent', 'urgent_task', 'done']);
    const theirs = await rt.request<{ data: Array<{ title: string; description: string | null; dueAt: string; runId: string }> }>('GET', '/api/tasks', { token: colleague.token });
    const task = theirs.body.data.find((t) => t.runId === run.id);
    expect(task).toMatchObject({ title: 'Помочь со сделкой «Нужна помощь» / Help with the deal: Нужна помощь', description: 'Посмотри спецификацию' });
    const dueInMs = Date.parse(task?.dueAt ?? '') - Date.now();
    expect(dueInMs).toBeGreaterThan(3.5 * 3600_000);
    expect(dueInMs).toBeLessThan(4.5 * 3600_000);
    // A normal request does not ask why it is urgent: a reason sent anyway is not kept.
    const calm = await rt.request<{ id: string }>('POST', '/api/records/deal', { token: rep.token, body: { title: 'Помощь не к спеху', amount: 30000 } });
    const normal = await rt.request<{ data: Array<{ runId: string }> }>('POST', '/api/processes/ask_colleague/start', {
      token: rep.token,
      body: { recordId: calm.body.id, input: { colleague: colleague.id, request: 'Когда будет время', urgency: 'normal', urgency_reason: 'не к спеху' } },
    });
    expect(normal.status).toBe(202);
    const normalRun = await runFor(rt, 'ask_colleague', calm.body.id);
    expect(normalRun.steps.map((s) => s.nodeId)).toEqual(['is_urgent', 'normal_task', 'done']);
    const calmListed = await rt.request<Listed>('GET', `/api/processes/ask_colleague/runs?recordId=${calm.body.id}`, { token: rep.token });
    expect(calmListed.body.data.find((r) => r.id === normalRun.id)?.answers?.map((a) => a.question.name)).toEqual(['colleague', 'request', 'urgency']);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRuntime, testDatabaseKinds, type TestRuntime } from '@crm/runtime/testing';
import { person, waitForRun, type RunBody } from '../engine/engine-test.support.js';
import { templatePeople, type TemplatePeople } from './template-people.support.js';

/*
 * Leads in b2b-sales: Maria (a sales rep) converts her lead by hand ("Convert the lead"): a company
 * made from the lead's company name (or the one she picks), a contact with the lead's name, e-mail
 * and phone, and a deal with her title and amount, hers unless the template's own rule sends a deal
 * over 100 000 to a senior manager; the lead becomes Converted with links to all three. A lead
 * already converted or disqualified is refused in plain words and nothing is made. Reps work their
 * own leads, seniors their team's, the head of sales her subtree; the marketer brings leads in and
 * reads them all but never converts.
 */

const MARIA = 'maria.sokolova@example.com';
const DMITRY = 'dmitry.petrov@example.com';
const IGOR = 'igor.volkov@example.com';
const OLGA = 'olga.smirnova@example.com';
const SENIORS = [IGOR, 'anna.kuznetsova@example.com'];

interface Lead {
  id: string;
  full_name: string;
  last_name: string;
  company_name: string;
  stage: string;
  owner: string;
  converted_company: string | null;
  converted_contact: string | null;
  converted_deal: string | null;
}

interface Offered {
  processes: Array<{ name: string; startable: boolean; inputs?: Array<{ name: string; type: string; required?: boolean }> }>;
}

describe.each(testDatabaseKinds())('b2b-sales leads on %s', (kind) => {
  let rt: TestRuntime;
  let people: TemplatePeople;

  async function leads(token?: string): Promise<Lead[]> {
    const res = await rt.request<{ data: Lead[] }>('GET', '/api/records/lead?limit=200', token === undefined ? {} : { token });
    expect(res.status).toBe(200);
    return res.body.data;
  }

  async function lead(lastName: string): Promise<Lead> {
    const found = (await leads()).find((l) => l.last_name === lastName);
    if (!found) throw new Error(`no lead ${lastName}`);
    return found;
  }

  async function count(entity: string): Promise<number> {
    const res = await rt.request<{ data: unknown[] }>('GET', `/api/records/${entity}?limit=500`);
    return res.body.data.length;
  }

  async function convert(email: string, leadId: string, input: Record<string, unknown>): Promise<RunBody> {
    const started = await rt.request<{ data: Array<{ runId: string }> }>('POST', '/api/processes/convert_lead/start', {
      token: await people.signIn(email),
      body: { recordId: leadId, input },
    });
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    return waitForRun(rt, started.body.data[0]?.runId ?? '');
  }

  async function read<T>(entity: string, id: string | null, token?: string): Promise<T> {
    const res = await rt.request<T>('GET', `/api/records/${entity}/${id ?? ''}`, token === undefined ? {} : { token });
    expect(res.status, `${entity} ${id ?? ''}`).toBe(200);
    return res.body;
  }

  beforeAll(async () => {
    rt = await startTestRuntime(kind, { template: 'b2b-sales', workers: { pollMs: 100 } });
    people = await templatePeople(rt);
  });
  afterAll(async () => {
    await rt?.close();
  });

  it('installs the demo leads in every stage, owned by the reps, named by their people', async () => {
    const all = await leads();
    expect(all).toHaveLength(10);
    expect(new Set(all.map((l) => l.stage))).toEqual(new Set(['new', 'working', 'qualified', 'converted', 'disqualified']));
    const marias = all.filter((l) => l.owner === people.idOf(MARIA));
    expect(marias.map((l) => l.stage).sort()).toEqual(['converted', 'disqualified', 'new', 'qualified', 'working']);
    expect(marias.find((l) => l.last_name === 'Белов')).toMatchObject({ full_name: 'Андрей Белов', company_name: 'ООО «ГрандМебель»' });
    // The converted demo lead points at the deal, contact and company it became.
    const converted = await lead('Орлова');
    expect((await read<{ title: string }>('deal', converted.converted_deal)).title).toBe('Внедрение CRM для склада');
    expect((await read<{ email: string }>('contact', converted.converted_contact)).email).toBe('contact1@example.com');
  });

  it('Maria converts her new lead: a company, a contact and a deal made, linked and hers; the lead Converted with its links', async () => {
    const token = await people.signIn(MARIA);
    const maria = people.idOf(MARIA);
    const belov = await lead('Белов');
    const companies = await count('company');

    const run = await convert(MARIA, belov.id, { deal_title: 'CRM для отдела продаж ГрандМебель', amount: 90_000 });
    expect(run.status, JSON.stringify(run.error)).toBe('completed');
    expect(run.steps.map((s) => s.nodeId)).toEqual([
      'is_converted', 'is_disqualified', 'company_picked', 'create_company', 'link_new_company',
      'contact_picked', 'create_contact', 'link_new_contact', 'create_deal', 'mark_converted', 'done',
    ]);
    expect(await count('company')).toBe(companies + 1);

    const after = await read<Lead>('lead', belov.id, token);
    expect(after.stage).toBe('converted');
    const company = await read<{ name: string; owner: string }>('company', after.converted_company, token);
    expect(company).toMatchObject({ name: 'ООО «ГрандМебель»', owner: maria });
    const contact = await read<Record<string, unknown>>('contact', after.converted_contact, token);
    expect(contact).toMatchObject({
      first_name: 'Андрей', last_name: 'Белов', position: 'Коммерческий директор',
      email: 'a.belov@example.com', phone: '+79165551201', company: after.converted_company, owner: maria,
    });
    const deal = await read<Record<string, unknown>>('deal', after.converted_deal, token);
    expect(deal).toMatchObject({
      title: 'CRM для отдела продаж ГрандМебель', amount: 90_000, stage: 'qualified', source: 'website',
      company: after.converted_company, contact: after.converted_contact, owner: maria,
    });
  });

  it('converting with an existing company uses it and makes no company; a deal over 100 000 goes to a senior manager', async () => {
    const token = await people.signIn(MARIA);
    const nikitina = await lead('Никитина');
    const companies = (await rt.request<{ data: Array<{ id: string; name: string }> }>('GET', '/api/records/company?limit=200')).body.data;
    const picked = companies.find((c) => c.name === 'АО «ТехноЛогистик»')?.id ?? '';

    const run = await convert(MARIA, nikitina.id, { deal_title: 'Интеграция с WMS', amount: 900_000, company: picked });
    expect(run.status, JSON.stringify(run.error)).toBe('completed');
    expect(run.steps.map((s) => s.nodeId)).not.toContain('create_company');
    expect(await count('company')).toBe(companies.length);

    const after = await read<Lead>('lead', nikitina.id);
    expect(after).toMatchObject({ stage: 'converted', converted_company: picked });
    expect((await read<{ company: string }>('contact', after.converted_contact, token)).company).toBe(picked);
    // route_big_deals (before-save) hands a deal over 100 000 to the least loaded senior manager,
    // so the lead shows Maria no deal she may not read.
    expect((await read<Lead>('lead', nikitina.id, token)).converted_deal).toBeNull();
    const deal = await read<{ company: string; owner: string; amount: number }>('deal', after.converted_deal);
    expect(deal).toMatchObject({ company: picked, amount: 900_000 });
    expect(SENIORS).toContain(people.emailOf(deal.owner));
  });

  it('converting with an existing contact links it and makes no contact', async () => {
    const kovalev = await lead('Ковалёв');
    const contacts = await count('contact');
    // One of her own contacts: the start form offers only records she may read.
    const hers = (await rt.request<{ data: Array<{ id: string }> }>('GET', '/api/records/contact?limit=200', { token: await people.signIn(MARIA) })).body.data;
    const picked = hers[0];
    const run = await convert(MARIA, kovalev.id, { deal_title: 'CRM для агрохолдинга', amount: 50_000, contact: picked?.id });
    expect(run.status, JSON.stringify(run.error)).toBe('completed');
    expect(run.steps.map((s) => s.nodeId)).toContain('link_picked_contact');
    expect(await count('contact')).toBe(contacts);
    const after = await read<Lead>('lead', kovalev.id);
    expect(after.converted_contact).toBe(picked?.id);
    expect((await read<{ contact: string }>('deal', after.converted_deal)).contact).toBe(picked?.id);
  });

  it('a lead already converted or disqualified is refused in plain words, and nothing is made', async () => {
    const deals = await count('deal');
    const companies = await count('company');
    const converted = await convert(MARIA, (await lead('Орлова')).id, { deal_title: 'Ещё раз', amount: 10_000 });
    expect(converted.status).toBe('failed');
    expect(converted.steps.map((s) => s.nodeId)).toEqual(['is_converted', 'already_converted']);
    expect(converted.error).toMatchObject({ code: 'ENDED_FAILED', message: 'The lead is already converted: its company, contact and deal were made before' });

    const disqualified = await convert(MARIA, (await lead('Галиев')).id, { deal_title: 'Старт', amount: 10_000 });
    expect(disqualified.status).toBe('failed');
    expect(disqualified.error).toMatchObject({ code: 'ENDED_FAILED', message: 'The lead is disqualified: move it back to Working to convert it' });
    const steps = disqualified.steps.map((s) => ({ nodeId: s.nodeId, output: s.output }));
    expect(steps.at(-1)).toEqual({ nodeId: 'disqualified', output: {
      status: 'failed',
      message: { ru: 'Лид дисквалифицирован: верните его в работу, чтобы конвертировать', en: 'The lead is disqualified: move it back to Working to convert it' },
    } });
    expect(await count('deal')).toBe(deals);
    expect(await count('company')).toBe(companies);
  });

  it('a rep neither sees nor converts another rep’s lead, and cannot fill the conversion links by hand', async () => {
    const token = await people.signIn(MARIA);
    const gromova = await lead('Громова');
    expect(gromova.owner).toBe(people.idOf(DMITRY));
    expect((await leads(token)).every((l) => l.owner === people.idOf(MARIA))).toBe(true);
    expect((await rt.request('GET', `/api/records/lead/${gromova.id}`, { token })).status).toBe(404);
    const refused = await rt.request('POST', '/api/processes/convert_lead/start', { token, body: { recordId: gromova.id, input: { deal_title: 'Чужой', amount: 1 } } });
    expect(refused.status).toBe(404);
    expect((await lead('Громова')).stage).toBe('new');

    const mine = await rt.request<Lead>('POST', '/api/records/lead', { token, body: { last_name: 'Тестов', company_name: 'ООО «Тест»', phone: '8 (999) 123-45-67' } });
    expect(mine.status).toBe(201);
    expect(mine.body).toMatchObject({ stage: 'new', owner: people.idOf(MARIA), full_name: 'Тестов' });
    const deal = (await leads()).find((l) => l.converted_deal)?.converted_deal;
    const byHand = await rt.request('PATCH', `/api/records/lead/${mine.body.id}`, { token, body: { converted_deal: deal } });
    expect(byHand.status).toBe(403);
    expect((await rt.request('DELETE', `/api/records/lead/${mine.body.id}`, { token })).status).toBe(403);
    // Disqualifying needs a reason (the stage's required field).
    const noReason = await rt.request('PATCH', `/api/records/lead/${mine.body.id}`, { token, body: { stage: 'disqualified' } });
    expect(noReason.status).toBe(400);
    const withReason = await rt.request('PATCH', `/api/records/lead/${mine.body.id}`, { token, body: { stage: 'disqualified', disqualification_reason: 'spam' } });
    expect(withReason.status).toBe(200);
  });

  it('a senior manager works his team’s leads, the head of sales her subtree’s', async () => {
    const all = await leads();
    const ownerEmails = (list: Lead[]): string[] => [...new Set(list.map((l) => people.emailOf(l.owner) ?? ''))].sort();
    expect(ownerEmails(await leads(await people.signIn(IGOR)))).toEqual([DMITRY, MARIA].sort());
    // Pavel's partner channel is outside the sales team's subtree.
    const olgaSees = await leads(await people.signIn(OLGA));
    expect(olgaSees.length).toBe(all.filter((l) => people.emailOf(l.owner) !== 'pavel.egorov@example.com').length);
    const gromova = await lead('Громова');
    const moved = await rt.request('PATCH', `/api/records/lead/${gromova.id}`, { token: await people.signIn(IGOR), body: { stage: 'working' } });
    expect(moved.status).toBe(200);
  });

  it('the marketer brings leads in and reads them all, hands one to a rep, but is not offered the conversion', async () => {
    const marketer = await person(rt, 'marketing.lead@example.com', ['marketer']);
    const total = (await leads()).length;
    const created = await rt.request<Lead>('POST', '/api/records/lead', {
      token: marketer.token,
      body: { first_name: 'Полина', last_name: 'Жукова', company_name: 'ООО «ЭкоПак»', email: 'p.zhukova@example.com', source: 'website', owner: people.idOf(MARIA) },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.owner).toBe(people.idOf(MARIA));
    expect((await leads(marketer.token)).length).toBe(total + 1);
    expect((await leads(await people.signIn(MARIA))).map((l) => l.id)).toContain(created.body.id);

    const offered = await rt.request<Offered>('GET', '/api/records', { token: marketer.token });
    expect(offered.body.processes.find((p) => p.name === 'convert_lead')).toMatchObject({ startable: false });
    const refused = await rt.request('POST', '/api/processes/convert_lead/start', { token: marketer.token, body: { recordId: created.body.id, input: { deal_title: 'Нет', amount: 1 } } });
    expect(refused.status).toBe(403);
    const rep = await rt.request<Offered>('GET', '/api/records', { token: await people.signIn(MARIA) });
    expect(rep.body.processes.find((p) => p.name === 'convert_lead')).toMatchObject({
      startable: true,
      inputs: [
        { name: 'deal_title', type: 'text', required: true },
        { name: 'amount', type: 'money', required: true },
        { name: 'company', type: 'relation' },
        { name: 'contact', type: 'relation' },
      ],
    });
    // Not hers any more: a lead of another rep is read-only to her, and she deletes none.
    expect((await rt.request('PATCH', `/api/records/lead/${created.body.id}`, { token: marketer.token, body: { budget: 5 } })).status).toBe(403);
    expect((await rt.request('DELETE', `/api/records/lead/${created.body.id}`, { token: marketer.token })).status).toBe(403);
  });
});

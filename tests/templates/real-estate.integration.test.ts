import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRuntime, testDatabaseKinds, type TestRuntime } from '@crm/runtime/testing';
import { loadTemplate } from '@crm/templates';
import { finishedRuns, PERSON_PASSWORD, runFor, runsOf, settled, type RunBody } from '../engine/engine-test.support.js';
import { datesScannedTo, FAST_TRIGGERS, TestClock } from '../engine/triggers/trigger-test.support.js';
import { REFERENCE_DATE } from '../../templates/real-estate/generate.js';

/*
 * The real-estate template as an agency meets it after a one-step install, on both databases: the
 * demo is there and each role reads what its scopes say; the automations ran on the demo data
 * (checked in run history and in what they produced); and a property cannot be sold twice.
 *
 * The installer writes demo records without running processes on them, so the demo already holds
 * what the record-triggered automations would have made, and those automations are shown on the
 * changes people make over HTTP. Date triggers scan the demo: the engine's clock starts at the
 * demo's reference date, so "tomorrow's viewing" is tomorrow whenever the suite runs.
 */

interface Deal {
  id: string;
  title: string;
  owner: string;
  stage: string;
  price: number;
  commission: number | null;
  property: string;
  buyer: string;
  sold_property: string | null;
  version: number;
}
interface Property {
  id: string;
  title: string;
  status: string;
  owner: string;
}
interface Buyer {
  id: string;
  full_name: string;
  owner: string;
  source: string;
  status: string;
}
interface Viewing {
  id: string;
  title: string;
  owner: string;
  status: string;
}
interface User {
  id: string;
  email: string;
  roles: string[];
  team: string | null;
  manager: string | null;
}
interface Signed {
  id: string;
  email: string;
  token: string;
}
interface ErrorBody {
  error: { code: string; message: string; details: Array<{ code?: string; field?: string; message?: string; message_ru?: string; process?: string; nodeId?: string }> };
}

const template = loadTemplate('real-estate');
const demo = template.data ?? {};
const emailsOf = (role: string): string[] => (template.users ?? []).filter((u) => u.roles.includes(role)).map((u) => u.email);
const DATE_PROCESSES = 2;
const twelveDaysOn = new Date(Date.parse(REFERENCE_DATE) + 12 * 86_400_000).toISOString();

describe.each(testDatabaseKinds())('real-estate template on %s', (kind) => {
  const clock = new TestClock(REFERENCE_DATE);
  let rt: TestRuntime;
  const people = new Map<string, User>();
  const signedIn = new Map<string, Signed>();

  async function signIn(email: string): Promise<Signed> {
    const known = signedIn.get(email);
    if (known) return known;
    const user = people.get(email);
    if (!user) throw new Error(`no demo user ${email}`);
    // Demo people are installed without passwords; the admin gives one, as an agency's admin would.
    const set = await rt.request('PATCH', `/api/users/${user.id}`, { body: { password: PERSON_PASSWORD } });
    if (set.status !== 200) throw new Error(`password for ${email}: ${set.status} ${JSON.stringify(set.body)}`);
    const login = await rt.request<{ token: string }>('POST', '/api/auth/login', { body: { email, password: PERSON_PASSWORD }, token: null });
    if (login.status !== 200) throw new Error(`sign-in ${email}: ${login.status}`);
    const signed = { id: user.id, email, token: login.body.token };
    signedIn.set(email, signed);
    return signed;
  }

  async function list<T>(entity: string, token?: string): Promise<T[]> {
    const res = await rt.request<{ data: T[] }>('GET', `/api/records/${entity}?limit=200`, token ? { token } : {});
    if (res.status !== 200) throw new Error(`list ${entity}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.data;
  }

  const idOf = (email: string): string => people.get(email)?.id ?? '';

  /** Moves the engine's clock and waits until the date triggers have scanned up to it. */
  async function scanTo(iso: string): Promise<void> {
    clock.set(iso);
    await datesScannedTo(rt, clock.now(), DATE_PROCESSES);
  }

  beforeAll(async () => {
    rt = await startTestRuntime(kind, { template: 'real-estate', workers: { pollMs: 100 }, engine: { clock: clock.now, triggers: FAST_TRIGGERS } });
    const users = await rt.request<{ data: User[] } | User[]>('GET', '/api/users');
    for (const user of Array.isArray(users.body) ? users.body : users.body.data) people.set(user.email, user);
    // The first scan opens each date trigger's cursor at the reference date.
    await datesScannedTo(rt, clock.now(), DATE_PROCESSES);
  });
  afterAll(async () => {
    await rt?.close();
  });

  it('installs the agency: a director, two offices, and every demo record', async () => {
    expect(emailsOf('director')).toHaveLength(1);
    expect(emailsOf('senior_agent')).toHaveLength(2);
    expect(emailsOf('agent')).toHaveLength(4);
    for (const email of [...emailsOf('director'), ...emailsOf('senior_agent'), ...emailsOf('agent')]) expect(people.has(email)).toBe(true);
    for (const entity of ['seller', 'property', 'buyer', 'viewing', 'deal']) {
      expect(await list(entity), entity).toHaveLength(demo[entity]?.length ?? -1);
    }
    const deals = await list<Deal>('deal');
    // The commission is the deal's formula: price × rate.
    const sample = deals.find((d) => d.stage === 'contract');
    const planned = demo['deal']?.find((d) => d['stage'] === 'contract');
    expect(sample?.commission).toBe(Math.round((Number(planned?.['price']) * Number(planned?.['commission_rate'])) / 100));
  });

  it('the demo is what the automations leave: closed deals hold their sold properties, expensive deals are the seniors\', online leads went round', async () => {
    const deals = await list<Deal>('deal');
    const properties = await list<Property>('property');
    const won = deals.filter((d) => d.stage === 'won');
    expect(won.length).toBeGreaterThan(0);
    for (const deal of won) expect(deal.sold_property).toBe(deal.property);
    expect(properties.filter((p) => p.status === 'sold').map((p) => p.id).sort()).toEqual(won.map((d) => d.property).sort());
    const agents = emailsOf('agent').map(idOf);
    const seniors = emailsOf('senior_agent').map(idOf);
    for (const deal of deals) expect(deal.price >= 60_000_000 ? seniors : agents, deal.title).toContain(deal.owner);
    const fresh = (await list<Buyer>('buyer')).filter((b) => b.status === 'new');
    expect(new Set(fresh.map((b) => b.owner))).toEqual(new Set(agents));
  });

  it('the day before a planned demo viewing its agent is reminded and given a task (viewing_reminder)', async () => {
    const planned = (await list<Viewing>('viewing')).filter((v) => v.status === 'planned');
    expect(planned.length).toBeGreaterThan(0);
    // Nothing is due yet at the demo's reference date.
    expect(await runsOf(rt, 'viewing_reminder')).toHaveLength(0);
    await scanTo(twelveDaysOn);
    const runs = await finishedRuns(rt, 'viewing_reminder', planned.length);
    expect(runs.map((r) => [r.recordId, r.status]).sort()).toEqual(planned.map((v) => [v.id, 'completed']).sort());
    for (const viewing of planned) {
      const run = runs.find((r) => r.recordId === viewing.id);
      const agent = await signIn([...people.values()].find((u) => u.id === viewing.owner)?.email ?? '');
      const notes = await rt.request<{ data: Array<{ message: string; runId: string }> }>('GET', '/api/notifications', { token: agent.token });
      expect(notes.body.data.filter((n) => n.runId === run?.id).map((n) => n.message)).toEqual([`Завтра показ: ${viewing.title} / Viewing tomorrow`]);
      const tasks = await rt.request<{ data: Array<{ title: string; runId: string }> }>('GET', '/api/tasks', { token: agent.token });
      expect(tasks.body.data.filter((t) => t.runId === run?.id).map((t) => t.title)).toEqual([`Подтвердить показ с покупателем и собственником: ${viewing.title} / Confirm the viewing`]);
    }
  });

  it('a demo buyer whose birthday falls in those days is greeted by e-mail at 10:00 Moscow (buyer_birthday)', async () => {
    const buyers = await list<Buyer & { birthday: string | null; email: string | null }>('buyer');
    const inWindow = (birthday: string | null): boolean => {
      if (!birthday) return false;
      for (let d = 1; d <= 12; d++) if (new Date(Date.parse(REFERENCE_DATE) + d * 86_400_000).toISOString().slice(5, 10) === birthday.slice(5)) return true;
      return false;
    };
    const celebrants = buyers.filter((b) => inWindow(b.birthday));
    expect(celebrants.length).toBeGreaterThan(0);
    const runs = await finishedRuns(rt, 'buyer_birthday', celebrants.length);
    expect(runs.map((r) => [r.recordId, r.status]).sort()).toEqual(celebrants.map((b) => [b.id, 'completed']).sort());
    for (const buyer of celebrants) {
      const run = await runFor(rt, 'buyer_birthday', buyer.id);
      const mail = run.steps.find((s) => s.nodeId === 'greeting');
      expect(mail?.output).toMatchObject({ to: [buyer.email], subject: 'С днём рождения! — агентство недвижимости «Ключ»' });
      const detail = await rt.request<{ trigger: { scheduledAt: string } }>('GET', `/api/runs/${run.id}`);
      expect(detail.body.trigger.scheduledAt.slice(11, 16)).toBe('07:00');
    }
  });

  it('an online lead entered by the director goes to the next agent in turn (route_online_leads)', async () => {
    const director = await signIn(emailsOf('director')[0] ?? '');
    const agents = emailsOf('agent').map(idOf);
    const owners: string[] = [];
    for (const [i, source] of ['cian', 'avito', 'website', 'cian'].entries()) {
      const created = await rt.request<Buyer>('POST', '/api/records/buyer', { token: director.token, body: { full_name: `Новиков Лид ${i}`, phone: `+7 (900) 000-00-0${i}`, source } });
      expect(created.status).toBe(201);
      owners.push(created.body.owner);
      const [run] = await runsOf(rt, 'route_online_leads', `?recordId=${created.body.id}`);
      expect(run).toMatchObject({ status: 'completed', mode: 'before-save' });
    }
    // Four leads, four agents: each gets one.
    expect([...owners].sort()).toEqual([...agents].sort());
    // A buyer who walked into the office stays with whoever took them.
    const walkIn = await rt.request<Buyer>('POST', '/api/records/buyer', { token: director.token, body: { full_name: 'Зайцев Пётр Ильич', phone: '+7 (900) 000-00-10', source: 'walk_in' } });
    expect(walkIn.body.owner).toBe(director.id);
    expect(await runsOf(rt, 'route_online_leads', `?recordId=${walkIn.body.id}`)).toHaveLength(0);
  });

  it('an agent raising a deal to 60,000,000 or more hands it to their office\'s senior agent (big_deals_to_senior)', async () => {
    const agentEmail = emailsOf('agent')[0] ?? '';
    const agent = await signIn(agentEmail);
    const deal = (await list<Deal>('deal', agent.token)).find((d) => d.stage !== 'won' && d.stage !== 'lost' && d.price < 60_000_000);
    expect(deal).toBeDefined();
    const raised = await rt.request<Deal>('PATCH', `/api/records/deal/${deal?.id}`, { token: agent.token, body: { price: 61_000_000 } });
    expect(raised.status).toBe(200);
    expect(raised.body.owner).toBe(people.get(agentEmail)?.manager);
    const [run] = await runsOf(rt, 'big_deals_to_senior', `?recordId=${deal?.id}`);
    expect(run).toMatchObject({ status: 'completed', mode: 'before-save' });
    // The deal left the agent's list.
    expect((await list<Deal>('deal', agent.token)).some((d) => d.id === deal?.id)).toBe(false);
  });

  it('a deal that falls through gives its owner a call-back task in 90 days (lost_deal_follow_up)', async () => {
    const agent = await signIn(emailsOf('agent')[1] ?? '');
    const deal = (await list<Deal>('deal', agent.token)).find((d) => d.stage !== 'won' && d.stage !== 'lost');
    expect(deal).toBeDefined();
    const lost = await rt.request<Deal>('PATCH', `/api/records/deal/${deal?.id}`, { token: agent.token, body: { stage: 'lost', lost_reason: 'Не одобрили ипотеку' } });
    expect(lost.status).toBe(200);
    const run = await runFor(rt, 'lost_deal_follow_up', deal?.id ?? '');
    expect(run.status).toBe('completed');
    const tasks = await rt.request<{ data: Array<{ title: string; dueAt: string; runId: string }> }>('GET', '/api/tasks', { token: agent.token });
    const made = tasks.body.data.filter((t) => t.runId === run.id);
    expect(made.map((t) => t.title)).toEqual([`Повторный звонок покупателю: «${deal?.title}» / Call the buyer again`]);
    const inDays = (Date.parse(made[0]?.dueAt ?? '') - clock.now().getTime()) / 86_400_000;
    expect(inDays).toBeGreaterThan(89.9);
    expect(inDays).toBeLessThan(90.1);
  });

  it('each role reads what its scopes say: an agent their own deals and buyers, a senior agent their office, the director all', async () => {
    const all = await list<Deal>('deal');
    const agentEmail = emailsOf('agent')[0] ?? '';
    const agent = await signIn(agentEmail);
    const office = people.get(agentEmail)?.team;
    const officeIds = [...people.values()].filter((u) => u.team === office).map((u) => u.id);

    const agentDeals = await list<Deal>('deal', agent.token);
    expect(agentDeals.map((d) => d.id).sort()).toEqual(all.filter((d) => d.owner === agent.id).map((d) => d.id).sort());
    const agentBuyers = await list<Buyer>('buyer', agent.token);
    expect(agentBuyers.length).toBeGreaterThan(0);
    expect(agentBuyers.every((b) => b.owner === agent.id)).toBe(true);
    // Every listing of the agency is open to every agent.
    expect(await list('property', agent.token)).toHaveLength(demo['property']?.length ?? -1);
    const someoneElses = all.find((d) => d.owner !== agent.id);
    const denied = await rt.request('GET', `/api/records/deal/${someoneElses?.id}`, { token: agent.token });
    expect([403, 404]).toContain(denied.status);

    const senior = await signIn(people.get(agentEmail)?.manager ? [...people.values()].find((u) => u.id === people.get(agentEmail)?.manager)?.email ?? '' : '');
    const seniorDeals = await list<Deal>('deal', senior.token);
    expect(seniorDeals.map((d) => d.id).sort()).toEqual(all.filter((d) => officeIds.includes(d.owner)).map((d) => d.id).sort());
    expect(seniorDeals.length).toBeLessThan(all.length);

    const director = await signIn(emailsOf('director')[0] ?? '');
    expect(await list('deal', director.token)).toHaveLength(all.length);

    // An agent sees the commission rate but cannot change it; the senior agent can.
    const own = agentDeals.find((d) => d.stage !== 'won' && d.stage !== 'lost');
    const refused = await rt.request<ErrorBody>('PATCH', `/api/records/deal/${own?.id}`, { token: agent.token, body: { commission_rate: 5 } });
    expect(refused.status).toBeGreaterThanOrEqual(400);
    expect(refused.status).toBeLessThan(500);
    const agreed = await rt.request<Deal>('PATCH', `/api/records/deal/${own?.id}`, { token: senior.token, body: { commission_rate: 3.5 } });
    expect(agreed.status).toBe(200);
  });

  it('a property cannot be sold twice: a second deal reaching Sold is refused in ru and en, nothing changes', async () => {
    const deals = await list<Deal>('deal');
    const sold = deals.find((d) => d.stage === 'won');
    const buyer = (await list<Buyer>('buyer')).find((b) => b.status === 'searching' || b.status === 'deal');
    const agentEmail = emailsOf('agent')[1] ?? '';
    const agent = await signIn(agentEmail);
    // The admin registers a second contract on the already sold property and hands it to the agent.
    const second = await rt.request<Deal>('POST', '/api/records/deal', {
      body: { title: 'Повторная продажа', property: sold?.property, buyer: buyer?.id, stage: 'contract', price: 10_000_000, close_date: '2026-12-20', owner: agent.id },
    });
    expect(second.status).toBe(201);
    const before = (await rt.request<Property>('GET', `/api/records/property/${sold?.property}`)).body;

    const refused = await rt.request<ErrorBody>('PATCH', `/api/records/deal/${second.body.id}`, { token: agent.token, body: { stage: 'won' } });
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('PROCESS_FAILED');
    // The person reads the end node's own words, next to the property, and which process refused.
    expect(refused.body.error.message).toBe('The process “A property is sold once” refused the save: The property has already been sold in another deal and cannot be sold twice');
    expect(refused.body.error.details).toEqual([
      expect.objectContaining({
        code: 'SAVE_REFUSED',
        field: 'property',
        nodeId: 'refuse_sold',
        process: 'one_sale_per_property',
        message: 'The property has already been sold in another deal and cannot be sold twice',
        message_ru: 'Объект уже продан другой сделкой, второй раз его продать нельзя',
      }),
    ]);

    const after = (await rt.request<Deal>('GET', `/api/records/deal/${second.body.id}`)).body;
    expect(after).toMatchObject({ stage: 'contract', sold_property: null, version: second.body.version });
    expect((await rt.request<Property>('GET', `/api/records/property/${sold?.property}`)).body).toEqual(before);
    await settled(rt);
    expect(await runsOf(rt, 'sale_closed_notice', `?recordId=${second.body.id}`)).toHaveLength(0);

    // Agents only read the guard field; and even the admin cannot make a second deal hold a sold property.
    const byAgent = await rt.request<ErrorBody>('PATCH', `/api/records/deal/${second.body.id}`, { token: agent.token, body: { sold_property: sold?.property } });
    expect(byAgent.status).toBe(403);
    const byAdmin = await rt.request<ErrorBody>('PATCH', `/api/records/deal/${second.body.id}`, { body: { sold_property: sold?.property } });
    expect(byAdmin.status).toBe(409);
    expect(byAdmin.body.error.details[0]).toMatchObject({ field: 'sold_property', code: 'UNIQUE' });
    expect((await rt.request<Deal>('GET', `/api/records/deal/${second.body.id}`)).body.sold_property).toBeNull();
  });

  it('a property not on sale cannot be sold, and one on sale is sold once through the pipeline', async () => {
    const properties = await list<Property>('property');
    const withdrawn = properties.find((p) => p.status === 'withdrawn' || p.status === 'prep');
    const onSale = properties.find((p) => p.status === 'active');
    const agent = await signIn(emailsOf('agent')[2] ?? '');
    // A buyer of the agent's own: an agent links only records they may read.
    const buyer = (await list<Buyer>('buyer', agent.token))[0];
    expect(withdrawn && onSale && buyer).toBeTruthy();

    const offSale = await rt.request<Deal>('POST', '/api/records/deal', { body: { title: 'Снятый объект', property: withdrawn?.id, buyer: buyer?.id, stage: 'contract', price: 5_000_000, close_date: '2026-12-20', owner: agent.id } });
    expect(offSale.status).toBe(201);
    const refused = await rt.request<ErrorBody>('PATCH', `/api/records/deal/${offSale.body.id}`, { token: agent.token, body: { stage: 'won' } });
    expect(refused.status).toBe(422);
    expect(refused.body.error.details[0]).toMatchObject({
      code: 'SAVE_REFUSED',
      field: 'property',
      nodeId: 'refuse_not_on_sale',
      message: 'The property is not for sale (being prepared or withdrawn), so the deal cannot close',
      message_ru: 'Объект не в продаже (подготовка или снят с продажи), сделку нельзя закрыть',
    });
    expect((await rt.request<Property>('GET', `/api/records/property/${withdrawn?.id}`)).body.status).toBe(withdrawn?.status);

    // An agent walks a deal through the pipeline to Sold over HTTP.
    const created = await rt.request<Deal>('POST', '/api/records/deal', { token: agent.token, body: { title: 'Продажа через воронку', property: onSale?.id, buyer: buyer?.id, price: 12_000_000 } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const steps: Array<Record<string, unknown>> = [{ stage: 'viewing' }, { stage: 'negotiation' }, { stage: 'deposit', deposit: 200_000 }, { stage: 'contract', close_date: '2026-12-25' }, { stage: 'won' }];
    for (const body of steps) {
      const moved = await rt.request<Deal>('PATCH', `/api/records/deal/${created.body.id}`, { token: agent.token, body });
      expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    }
    const closed = (await rt.request<Deal>('GET', `/api/records/deal/${created.body.id}`)).body;
    expect(closed).toMatchObject({ stage: 'won', sold_property: onSale?.id, commission: 360_000 });
    expect((await rt.request<Property>('GET', `/api/records/property/${onSale?.id}`)).body.status).toBe('sold');
    const notice: RunBody = await runFor(rt, 'sale_closed_notice', created.body.id);
    expect(notice.status).toBe('completed');
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRuntime, testDatabaseKinds, type TestRuntime } from '@crm/runtime/testing';
import { runFor, runsOf, waitForRun } from '../engine/engine-test.support.js';
import { datesScannedTo, FAST_TRIGGERS, TestClock } from '../engine/triggers/trigger-test.support.js';
import { REFERENCE_DATE } from '../../templates/real-estate/generate.js';
import { templatePeople, type TemplatePeople } from './template-people.support.js';

/*
 * The real-estate template's "Schedule a viewing": an agent runs it from a property card, and its
 * start form asks which of her buyers comes, when, who shows the property (she herself unless she
 * names a colleague) and a note. A planned viewing of the property is created for that buyer,
 * owned by the agent who shows it, and that agent gets a task with the time in words and the note.
 * The viewing is then like any other planned one: the day before, viewing_reminder reminds its
 * agent. Wrong answers start nothing. The engine's clock starts at the demo's reference date.
 */

interface Property {
  id: string;
  title: string;
  status: string;
}
interface Buyer {
  id: string;
  owner: string;
}
interface Viewing {
  id: string;
  title: string;
  property: string;
  buyer: string;
  scheduled_at: string;
  status: string;
  owner: string;
}
interface Task {
  title: string;
  description: string | null;
  assignee: string | null;
  entity: string | null;
  recordId: string | null;
  runId: string | null;
}
interface ErrorBody {
  error: { code: string; details: Array<{ field?: string; code?: string }> };
}

const DATE_PROCESSES = 2;
const AGENT = 'evpraksiya.ryabova@klyuch-estate.example';
const COLLEAGUE = 'aleksey.terentev@klyuch-estate.example';
/** 4 December, 15:00 Moscow: three days after the reference date. */
const FIRST_AT = '2026-12-04T12:00:00.000Z';
/** 6 December, 11:30 Moscow. */
const SECOND_AT = '2026-12-06T08:30:00.000Z';

describe.each(testDatabaseKinds())('real-estate: scheduling a viewing by hand on %s', (kind) => {
  const clock = new TestClock(REFERENCE_DATE);
  let rt: TestRuntime;
  let people: TemplatePeople;
  let property: Property;
  let buyer: Buyer;
  let shownByColleague: Viewing;
  let shownByHerself: Viewing;

  async function list<T>(entity: string, token?: string, filter?: unknown): Promise<T[]> {
    const query = filter ? `&filter=${encodeURIComponent(JSON.stringify(filter))}` : '';
    const res = await rt.request<{ data: T[] }>('GET', `/api/records/${entity}?limit=200${query}`, token ? { token } : {});
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body.data;
  }

  /** The one viewing of the property for the buyer at that time. */
  async function viewingAt(at: string): Promise<Viewing> {
    const found = await list<Viewing>('viewing', undefined, { and: [{ field: 'property', op: 'eq', value: property.id }, { field: 'scheduled_at', op: 'eq', value: at }] });
    expect(found).toHaveLength(1);
    const [viewing] = found;
    if (!viewing) throw new Error(`no viewing at ${at}`);
    return viewing;
  }

  async function tasksOf(email: string, runId: string): Promise<Task[]> {
    const tasks = await rt.request<{ data: Task[] }>('GET', '/api/tasks', { token: await people.signIn(email) });
    return tasks.body.data.filter((t) => t.runId === runId);
  }

  beforeAll(async () => {
    rt = await startTestRuntime(kind, { template: 'real-estate', workers: { pollMs: 100 }, engine: { clock: clock.now, triggers: FAST_TRIGGERS } });
    people = await templatePeople(rt);
    // The first scan opens each date trigger's cursor at the reference date.
    await datesScannedTo(rt, clock.now(), DATE_PROCESSES);
    const agent = await people.signIn(AGENT);
    const onSale = (await list<Property>('property', agent)).find((p) => p.status === 'active');
    const hers = (await list<Buyer>('buyer', agent))[0];
    if (!onSale || !hers) throw new Error('the demo has no property on sale or no buyer of the agent');
    property = onSale;
    buyer = hers;
  });
  afterAll(async () => {
    await rt?.close();
  });

  it('an agent is offered it on a property with its four questions; wrong answers are refused at input.<name> and start nothing', async () => {
    const agent = await people.signIn(AGENT);
    const offered = await rt.request<{ processes: Array<{ name: string; entity: string | null; startable: boolean; inputs?: unknown[] }> }>('GET', '/api/records', { token: agent });
    expect(offered.body.processes.find((p) => p.name === 'schedule_viewing')).toMatchObject({
      entity: 'property',
      startable: true,
      inputs: [
        { name: 'buyer', type: 'relation', target: 'buyer', required: true },
        { name: 'scheduled_at', type: 'datetime', required: true },
        { name: 'agent', type: 'user', required: true, default: '$user' },
        { name: 'note', type: 'longtext' },
      ],
    });
    const viewingsBefore = (await list<Viewing>('viewing')).length;

    const blank = await rt.request<ErrorBody>('POST', '/api/processes/schedule_viewing/start', { token: agent, body: { recordId: property.id, input: { scheduled_at: 'завтра в три', agent: 'Алексей' } } });
    expect(blank.status).toBe(400);
    expect(blank.body.error.details.map((d) => d.field).sort()).toEqual(['input.agent', 'input.buyer', 'input.scheduled_at']);

    // A buyer of another agent is not hers to pick: she may not read the record.
    const othersBuyer = (await list<Buyer>('buyer')).find((b) => b.owner !== people.idOf(AGENT));
    const foreign = await rt.request<ErrorBody>('POST', '/api/processes/schedule_viewing/start', { token: agent, body: { recordId: property.id, input: { buyer: othersBuyer?.id, scheduled_at: FIRST_AT } } });
    expect(foreign.status).toBe(400);
    expect(foreign.body.error.details).toMatchObject([{ field: 'input.buyer', code: 'INVALID_REFERENCE' }]);

    expect(await runsOf(rt, 'schedule_viewing', `?recordId=${property.id}`)).toEqual([]);
    expect(await list<Viewing>('viewing')).toHaveLength(viewingsBefore);
  });

  it('she schedules a viewing for her buyer shown by a colleague: a planned viewing he owns, and his task with the time and her note', async () => {
    const agent = await people.signIn(AGENT);
    const colleagueId = people.idOf(COLLEAGUE);
    const started = await rt.request('POST', '/api/processes/schedule_viewing/start', {
      token: agent,
      body: { recordId: property.id, input: { buyer: buyer.id, scheduled_at: FIRST_AT, agent: colleagueId, note: 'Покупатель приедет с супругой, ключи у консьержа' } },
    });
    expect(started.status).toBe(202);
    const run = await runFor(rt, 'schedule_viewing', property.id);
    expect(run.status).toBe('completed');
    expect(run.steps.map((s) => s.nodeId)).toEqual(['create_viewing', 'when', 'task', 'done']);

    shownByColleague = await viewingAt(FIRST_AT);
    expect(shownByColleague).toMatchObject({ title: `Показ: ${property.title}`, property: property.id, buyer: buyer.id, status: 'planned', owner: colleagueId });
    expect(await tasksOf(COLLEAGUE, run.id)).toEqual([
      expect.objectContaining({
        title: `Показ 4 декабря в 15:00: ${property.title} / Viewing on 4 December at 15:00`,
        description: 'Покупатель приедет с супругой, ключи у консьержа',
        assignee: colleagueId,
        entity: 'property',
        recordId: property.id,
      }),
    ]);
    // The agent who scheduled it is not tasked, but follows the viewing she booked for her buyer
    // (her role's sharing rule): she reads it, and it stays his to change.
    expect(await tasksOf(AGENT, run.id)).toEqual([]);
    const followed = await rt.request<{ owner: string }>('GET', `/api/records/viewing/${shownByColleague.id}`, { token: agent });
    expect(followed.status).toBe(200);
    expect(followed.body.owner).toBe(colleagueId);
    expect((await rt.request('PATCH', `/api/records/viewing/${shownByColleague.id}`, { token: agent, body: { status: 'cancelled' } })).status).toBe(403);
  });

  it('leaving out who shows it, the agent who starts shows it herself', async () => {
    const agent = await people.signIn(AGENT);
    const agentId = people.idOf(AGENT);
    const started = await rt.request<{ data: Array<{ runId: string }> }>('POST', '/api/processes/schedule_viewing/start', { token: agent, body: { recordId: property.id, input: { buyer: buyer.id, scheduled_at: SECOND_AT } } });
    expect(started.status).toBe(202);
    const runId = started.body.data[0]?.runId ?? '';
    expect((await waitForRun(rt, runId)).status).toBe('completed');
    // The run got the default answer: the starter.
    const detail = await rt.request<{ trigger: { input: unknown } }>('GET', `/api/runs/${runId}`);
    expect(detail.body.trigger.input).toEqual({ buyer: buyer.id, scheduled_at: SECOND_AT, agent: agentId, note: null });

    shownByHerself = await viewingAt(SECOND_AT);
    expect(shownByHerself).toMatchObject({ title: `Показ: ${property.title}`, buyer: buyer.id, status: 'planned', owner: agentId });
    expect(await tasksOf(AGENT, runId)).toEqual([expect.objectContaining({ title: `Показ 6 декабря в 11:30: ${property.title} / Viewing on 6 December at 11:30`, description: '', assignee: agentId })]);
  });

  it('the day before, viewing_reminder reminds the agent who shows it, as for any planned viewing', async () => {
    clock.set('2026-12-03T13:00:00.000Z');
    await datesScannedTo(rt, clock.now(), DATE_PROCESSES);
    const reminder = await runFor(rt, 'viewing_reminder', shownByColleague.id);
    expect(reminder.status).toBe('completed');
    const notes = await rt.request<{ data: Array<{ message: string; runId: string }> }>('GET', '/api/notifications', { token: await people.signIn(COLLEAGUE) });
    expect(notes.body.data.filter((n) => n.runId === reminder.id).map((n) => n.message)).toEqual([`Завтра показ: Показ: ${property.title} / Viewing tomorrow`]);
    expect((await tasksOf(COLLEAGUE, reminder.id)).map((t) => t.title)).toEqual([`Подтвердить показ с покупателем и собственником: Показ: ${property.title} / Confirm the viewing`]);
    // The viewing on the 6th is not due yet.
    expect(await runsOf(rt, 'viewing_reminder', `?recordId=${shownByHerself.id}`)).toEqual([]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRuntime, testDatabaseKinds, type TestRuntime } from '@crm/runtime/testing';
import { runsOf, waitForRun, type RunBody } from '../engine/engine-test.support.js';
import { templatePeople, type TemplatePeople } from './template-people.support.js';

/*
 * The services template's "Reschedule a booking": the front desk or the manager runs it from a
 * visit, and its start form asks the new start time, why, and whether to tell the client (yes
 * unless unticked). The visit moves there keeping its length, and the person who moved it gets a
 * task to call the client with the old and the new time. The move is an ordinary save, so
 * booking_guard checks it: a time when the specialist is busy fails the run at the move and the
 * booking keeps its time; a closed visit (done, missed, cancelled) is not moved at all. Wrong
 * answers start nothing, and a specialist may not reschedule.
 */

interface Booking {
  id: string;
  title: string;
  specialist: string;
  starts_at: string;
  ends_at: string;
  status: string;
  price: number;
  client_phone: string;
  owner: string;
  version: number;
}
interface Shift {
  specialist: string;
  starts_at: string;
  ends_at: string;
}
interface Task {
  title: string;
  description: string | null;
  assignee: string | null;
  dueAt: string | null;
  entity: string | null;
  recordId: string | null;
  runId: string | null;
}
interface ErrorBody {
  error: { code: string; details: Array<{ field?: string; code?: string }> };
}

const DAY = 86_400_000;
const HOUR = 3_600_000;
const DESK = 'anna.tarasova@lavanda-studio.example';
const MANAGER = 'praskovya.blokhina@lavanda-studio.example';
const SPECIALIST = 'olga.samoylova@lavanda-studio.example';

/** As the process writes a time for people: DD.MM HH:MM in Moscow (UTC+3 all year). */
function moscow(iso: string): string {
  const d = new Date(Date.parse(iso) + 3 * HOUR);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${pad(d.getUTCDate())}.${pad(d.getUTCMonth() + 1)} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

describe.each(testDatabaseKinds())('services: rescheduling a booking by hand on %s', (kind) => {
  let rt: TestRuntime;
  let people: TemplatePeople;
  let shift: Shift;
  let specialistName: string;
  /** The visit moved around: booked at 1 h into the shift for 90 minutes (an end typed in by hand). */
  let visit: Booking;
  /** Another visit of the same specialist, 6 h to 7 h into the shift. */
  let other: Booking;

  const at = (hoursIntoShift: number): string => new Date(Date.parse(shift.starts_at) + hoursIntoShift * HOUR).toISOString();

  async function list<T>(entity: string, filter?: unknown): Promise<T[]> {
    const query = filter ? `&filter=${encodeURIComponent(JSON.stringify(filter))}` : '';
    const res = await rt.request<{ data: T[] }>('GET', `/api/records/${entity}?limit=500${query}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body.data;
  }

  async function booking(id: string): Promise<Booking> {
    return (await rt.request<Booking>('GET', `/api/records/booking/${id}`)).body;
  }

  async function book(startsAt: string, endsAt?: string): Promise<Booking> {
    const [client] = await list<{ id: string }>('client');
    const [service] = await list<{ id: string }>('service', { field: 'name', op: 'eq', value: 'Женская стрижка' });
    const created = await rt.request<Booking>('POST', '/api/records/booking', {
      token: await people.signIn(DESK),
      body: { client: client?.id, service: service?.id, specialist: shift.specialist, starts_at: startsAt, ...(endsAt ? { ends_at: endsAt } : {}) },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return created.body;
  }

  /** Starts the process on the visit as the person and waits for the run to finish. */
  async function reschedule(email: string, bookingId: string, input: Record<string, unknown>): Promise<RunBody> {
    const started = await rt.request<{ data: Array<{ runId: string }> }>('POST', '/api/processes/reschedule_booking/start', { token: await people.signIn(email), body: { recordId: bookingId, input } });
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    return waitForRun(rt, started.body.data[0]?.runId ?? '');
  }

  async function tasksOf(email: string, runId: string): Promise<Task[]> {
    const tasks = await rt.request<{ data: Task[] }>('GET', '/api/tasks', { token: await people.signIn(email) });
    return tasks.body.data.filter((t) => t.runId === runId);
  }

  beforeAll(async () => {
    rt = await startTestRuntime(kind, { template: 'services', workers: { pollMs: 100 } });
    people = await templatePeople(rt);
    // A shift in the last days of the demo schedule, which the generator leaves free of bookings.
    const bookings = await list<Booking>('booking');
    const free = (await list<Shift>('shift'))
      .filter((s) => Date.parse(s.starts_at) > Date.now() + 10.5 * DAY)
      .filter((s) => !bookings.some((b) => b.specialist === s.specialist && Date.parse(b.starts_at) < Date.parse(s.ends_at) && Date.parse(b.ends_at) > Date.parse(s.starts_at)))
      .sort((a, b) => a.starts_at.localeCompare(b.starts_at))[0];
    if (!free) throw new Error('the demo schedule has no free shift');
    shift = free;
    expect(Date.parse(shift.ends_at) - Date.parse(shift.starts_at)).toBeGreaterThanOrEqual(10 * HOUR);
    specialistName = (await rt.request<{ full_name: string }>('GET', `/api/records/specialist/${shift.specialist}`)).body.full_name;
    visit = await book(at(1), at(2.5));
    other = await book(at(6));
    expect([visit.ends_at, other.ends_at]).toEqual([at(2.5), at(7)]);
  }, 60_000);
  afterAll(async () => {
    await rt?.close();
  });

  it('the front desk is offered it on a booking with its three questions; a specialist is not; wrong answers start nothing', async () => {
    const desk = await people.signIn(DESK);
    type Offered = { processes: Array<{ name: string; entity: string | null; startable: boolean; inputs?: unknown[] }> };
    const offered = await rt.request<Offered>('GET', '/api/records', { token: desk });
    expect(offered.body.processes.find((p) => p.name === 'reschedule_booking')).toMatchObject({
      entity: 'booking',
      startable: true,
      inputs: [
        { name: 'starts_at', type: 'datetime', required: true },
        { name: 'reason', type: 'enum', required: true, options: [{ value: 'client_request' }, { value: 'specialist_unavailable' }, { value: 'salon' }] },
        { name: 'notify', type: 'boolean', default: true },
      ],
    });

    const specialist = await people.signIn(SPECIALIST);
    const notOffered = await rt.request<Offered>('GET', '/api/records', { token: specialist });
    expect(notOffered.body.processes.find((p) => p.name === 'reschedule_booking')).toMatchObject({ startable: false });
    const own = (await rt.request<{ data: Booking[] }>('GET', '/api/records/booking?limit=1', { token: specialist })).body.data[0];
    const forbidden = await rt.request<ErrorBody>('POST', '/api/processes/reschedule_booking/start', { token: specialist, body: { recordId: own?.id, input: { starts_at: at(4), reason: 'salon' } } });
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.error.details).toMatchObject([{ code: 'START_NOT_ALLOWED' }]);

    const wrong = await rt.request<ErrorBody>('POST', '/api/processes/reschedule_booking/start', { token: desk, body: { recordId: visit.id, input: { reason: 'whim', notify: 'yes' } } });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.details.map((d) => d.field).sort()).toEqual(['input.notify', 'input.reason', 'input.starts_at']);

    expect(await runsOf(rt, 'reschedule_booking', `?recordId=${visit.id}`)).toEqual([]);
    expect(await booking(visit.id)).toMatchObject({ starts_at: at(1), ends_at: at(2.5), version: visit.version });
  });

  it('the front desk moves a visit into a free slot: it keeps its 90 minutes, and she is tasked to tell the client (the default)', async () => {
    const run = await reschedule(DESK, visit.id, { starts_at: at(4), reason: 'client_request' });
    expect(run.status).toBe('completed');
    expect(run.steps.map((s) => s.nodeId)).toEqual(['upcoming', 'keep_length', 'move', 'notify_asked', 'call_client', 'done']);
    const detail = await rt.request<{ trigger: { input: unknown } }>('GET', `/api/runs/${run.id}`);
    expect(detail.body.trigger.input).toEqual({ starts_at: at(4), reason: 'client_request', notify: true });

    const moved = await booking(visit.id);
    expect(moved).toMatchObject({ starts_at: at(4), ends_at: at(5.5), status: 'booked', price: visit.price, title: visit.title, owner: visit.owner, version: visit.version + 1 });
    // booking_guard checked the new slot (and let it through) as for any save.
    const guards = await runsOf(rt, 'booking_guard', `?recordId=${visit.id}`);
    expect(guards.map((g) => g.status)).toEqual(['completed', 'completed']);

    const tasks = await tasksOf(DESK, run.id);
    expect(tasks).toEqual([
      expect.objectContaining({
        title: `Сообщить клиенту о переносе: ${visit.title} / Tell the client the new time`,
        description: `Визит перенесён с ${moscow(at(1))} на ${moscow(at(4))}. Телефон клиента: ${visit.client_phone} / Moved from ${moscow(at(1))} to ${moscow(at(4))}`,
        assignee: people.idOf(DESK),
        entity: 'booking',
        recordId: visit.id,
      }),
    ]);
    const dueInHours = (Date.parse(tasks[0]?.dueAt ?? '') - Date.now()) / HOUR;
    expect(dueInHours).toBeGreaterThan(1.9);
    expect(dueInHours).toBeLessThanOrEqual(2);
    visit = moved;
  });

  it('the manager moves it again without telling the client: moved, nobody tasked', async () => {
    const run = await reschedule(MANAGER, visit.id, { starts_at: at(8), reason: 'salon', notify: false });
    expect(run.status).toBe('completed');
    expect(run.steps.map((s) => s.nodeId)).toEqual(['upcoming', 'keep_length', 'move', 'notify_asked', 'done']);
    const moved = await booking(visit.id);
    expect(moved).toMatchObject({ starts_at: at(8), ends_at: at(9.5), version: visit.version + 1 });
    expect(await tasksOf(MANAGER, run.id)).toEqual([]);
    visit = moved;
  });

  it('a move onto another visit of the specialist fails the run at the move: booking_guard refuses, the visit keeps its time, nobody is tasked', async () => {
    // 5:30 to 7:00 would overlap the other visit (6:00 to 7:00).
    const run = await reschedule(DESK, visit.id, { starts_at: at(5.5), reason: 'specialist_unavailable' });
    expect(run.status).toBe('failed');
    expect(run.steps.map((s) => [s.nodeId, s.status])).toEqual([
      ['upcoming', 'completed'],
      ['keep_length', 'completed'],
      ['move', 'failed'],
    ]);
    expect(run.error).toMatchObject({ code: 'PROCESS_FAILED', nodeId: 'move' });
    expect(run.error?.message).toContain(`${specialistName} is already booked at that time: bookings of one specialist cannot overlap`);
    const detail = await rt.request<{ error: { message_ru?: string } }>('GET', `/api/runs/${run.id}`);
    expect(detail.body.error.message_ru).toMatch(new RegExp(`^Мастер ${specialistName} уже занят с .+: записи к одному мастеру не могут пересекаться$`));

    expect(await booking(visit.id)).toMatchObject({ starts_at: at(8), ends_at: at(9.5), version: visit.version });
    expect(await booking(other.id)).toMatchObject({ starts_at: at(6), ends_at: at(7), version: other.version });
    expect(await tasksOf(DESK, run.id)).toEqual([]);
  });

  it('a cancelled visit is not moved: the run ends failed before touching it', async () => {
    const desk = await people.signIn(DESK);
    const cancelled = await rt.request<Booking>('PATCH', `/api/records/booking/${other.id}`, { token: desk, body: { status: 'cancelled' } });
    expect(cancelled.status).toBe(200);
    const run = await reschedule(DESK, other.id, { starts_at: at(3), reason: 'client_request' });
    expect(run.status).toBe('failed');
    expect(run.steps.map((s) => s.nodeId)).toEqual(['upcoming', 'not_upcoming']);
    expect(run.error).toMatchObject({ nodeId: 'not_upcoming', message: 'Only a booked or confirmed visit can be rescheduled' });
    expect(await booking(other.id)).toMatchObject({ starts_at: at(6), ends_at: at(7), status: 'cancelled', version: cancelled.body.version });
    expect(await tasksOf(DESK, run.id)).toEqual([]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRuntime, testDatabaseKinds, type TestRuntime } from '@crm/runtime/testing';
import { loadTemplate } from '@crm/templates';
import { finishedRuns, PERSON_PASSWORD, runFor, runsOf } from '../engine/engine-test.support.js';
import { datesScannedTo, FAST_TRIGGERS, TestClock } from '../engine/triggers/trigger-test.support.js';
import { REFERENCE_DATE } from '../../templates/services/generate.js';

/*
 * The services template (a beauty salon) after a one-step install, on both databases: the demo is
 * there and consistent (no specialist double-booked, every visit inside a shift); each role reads
 * what its scopes say; the date-triggered automations fire on the demo itself (the engine's clock
 * starts at the demo's reference date, so "tomorrow" is tomorrow whenever the suite runs); and a
 * booking that would overlap another of the same specialist, or fall outside their shift, is refused
 * over HTTP in ru and en with nothing written, while a good one is completed by booking_guard.
 */

interface Booking {
  id: string;
  title: string | null;
  client: string;
  service: string;
  specialist: string;
  starts_at: string;
  ends_at: string | null;
  status: string;
  price: number | null;
  client_email: string | null;
  client_phone: string | null;
  owner: string;
  version: number;
}
interface Shift {
  id: string;
  specialist: string;
  starts_at: string;
  ends_at: string;
}
interface Specialist {
  id: string;
  full_name: string;
  user: string;
}
interface Client {
  id: string;
  full_name: string;
  phone: string;
  email: string | null;
  birthday: string | null;
  marketing_consent: boolean;
}
interface Service {
  id: string;
  name: string;
  price: number;
  duration_min: number;
}
interface User {
  id: string;
  email: string;
  roles: string[];
}
interface ErrorBody {
  error: { code: string; message: string; details: Array<{ code?: string; message?: string; message_ru?: string; nodeId?: string }> };
}

const template = loadTemplate('services');
const demo = template.data ?? {};
const emailsOf = (role: string): string[] => (template.users ?? []).filter((u) => u.roles.includes(role)).map((u) => u.email);
const DAY = 86_400_000;
const REF = Date.parse(REFERENCE_DATE);
const WINDOW_END = REF + 12 * DAY;
const DATE_PROCESSES = 3;

describe.each(testDatabaseKinds())('services template on %s', (kind) => {
  const clock = new TestClock(REFERENCE_DATE);
  let rt: TestRuntime;
  const people = new Map<string, User>();
  const tokens = new Map<string, string>();

  async function tokenOf(email: string): Promise<string> {
    const known = tokens.get(email);
    if (known) return known;
    const user = people.get(email);
    // Demo people are installed without passwords; the admin gives one, as the salon's admin would.
    const set = await rt.request('PATCH', `/api/users/${user?.id}`, { body: { password: PERSON_PASSWORD } });
    if (set.status !== 200) throw new Error(`password for ${email}: ${set.status}`);
    const login = await rt.request<{ token: string }>('POST', '/api/auth/login', { body: { email, password: PERSON_PASSWORD }, token: null });
    if (login.status !== 200) throw new Error(`sign-in ${email}: ${login.status}`);
    tokens.set(email, login.body.token);
    return login.body.token;
  }

  async function list<T>(entity: string, token?: string, filter?: unknown): Promise<T[]> {
    const query = filter ? `&filter=${encodeURIComponent(JSON.stringify(filter))}` : '';
    const res = await rt.request<{ data: T[]; nextCursor?: string | null }>('GET', `/api/records/${entity}?limit=500${query}`, token ? { token } : {});
    if (res.status !== 200) throw new Error(`list ${entity}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.data;
  }

  beforeAll(async () => {
    rt = await startTestRuntime(kind, { template: 'services', workers: { pollMs: 100 }, engine: { clock: clock.now, triggers: FAST_TRIGGERS } });
    const users = await rt.request<{ data: User[] } | User[]>('GET', '/api/users');
    for (const user of Array.isArray(users.body) ? users.body : users.body.data) people.set(user.email, user);
    // The first scan opens each date trigger's cursor at the reference date.
    await datesScannedTo(rt, clock.now(), DATE_PROCESSES);
  });
  afterAll(async () => {
    await rt?.close();
  });

  it('installs the salon: manager, front desk, specialists with their accounts, price list, schedule and visits', async () => {
    expect(emailsOf('manager')).toHaveLength(1);
    expect(emailsOf('receptionist')).toHaveLength(2);
    expect(emailsOf('specialist')).toHaveLength(5);
    for (const entity of ['service', 'specialist', 'shift', 'client', 'booking']) {
      expect(await list(entity), entity).toHaveLength(demo[entity]?.length ?? -1);
    }
    const specialists = await list<Specialist>('specialist');
    expect(specialists.map((s) => s.user).sort()).toEqual(emailsOf('specialist').map((e) => people.get(e)?.id).sort());
  });

  it('the demo keeps the trade rule: no specialist is double-booked and every visit is inside a shift of theirs', async () => {
    const bookings = (await list<Booking>('booking')).filter((b) => !['cancelled', 'no_show'].includes(b.status));
    const shifts = await list<Shift>('shift');
    const specialists = new Map((await list<Specialist>('specialist')).map((s) => [s.id, s]));
    for (const booking of bookings) {
      const start = Date.parse(booking.starts_at);
      const end = Date.parse(booking.ends_at ?? '');
      expect(booking.owner).toBe(specialists.get(booking.specialist)?.user);
      const others = bookings.filter((b) => b.id !== booking.id && b.specialist === booking.specialist);
      expect(others.filter((o) => Date.parse(o.starts_at) < end && start < Date.parse(o.ends_at ?? '')), booking.title ?? '').toEqual([]);
      expect(shifts.some((s) => s.specialist === booking.specialist && Date.parse(s.starts_at) <= start && Date.parse(s.ends_at) >= end), booking.title ?? '').toBe(true);
    }
  });

  it('the day before each booked demo visit the client gets an e-mail and the specialist a notice (booking_reminder)', async () => {
    expect(await runsOf(rt, 'booking_reminder')).toHaveLength(0);
    clock.set(new Date(WINDOW_END).toISOString());
    await datesScannedTo(rt, clock.now(), DATE_PROCESSES);
    const bookings = await list<Booking>('booking');
    const due = bookings.filter((b) => ['booked', 'confirmed'].includes(b.status) && Date.parse(b.starts_at) - DAY > REF && Date.parse(b.starts_at) - DAY <= WINDOW_END);
    expect(due.length).toBeGreaterThan(10);
    const runs = await finishedRuns(rt, 'booking_reminder', due.length);
    expect(runs.map((r) => [r.recordId, r.status]).sort()).toEqual(due.map((b) => [b.id, 'completed']).sort());

    const withEmail = due.find((b) => b.client_email);
    const run = await runFor(rt, 'booking_reminder', withEmail?.id ?? '');
    const local = new Date(Date.parse(withEmail?.starts_at ?? '') + 3 * 3_600_000);
    const hhmm = `${String(local.getUTCHours()).padStart(2, '0')}:${String(local.getUTCMinutes()).padStart(2, '0')}`;
    expect(run.steps.find((s) => s.nodeId === 'email_client')?.output).toMatchObject({ to: [withEmail?.client_email], subject: 'Напоминаем о записи завтра — студия красоты «Лаванда»' });
    expect(run.steps.find((s) => s.nodeId === 'when')?.output).toMatchObject({ when: expect.stringContaining(`в ${hhmm}`) });
    const specialistEmail = [...people.values()].find((u) => u.id === withEmail?.owner)?.email ?? '';
    const notes = await rt.request<{ data: Array<{ message: string; runId: string }> }>('GET', '/api/notifications', { token: await tokenOf(specialistEmail) });
    expect(notes.body.data.filter((n) => n.runId === run.id).map((n) => n.message)).toEqual([expect.stringMatching(new RegExp(`^Завтра .* в ${hhmm}: .* / Booking tomorrow$`))]);

    // A client without an e-mail: no letter, the specialist is still told.
    const noEmail = due.find((b) => !b.client_email);
    if (noEmail) {
      const quiet = await runFor(rt, 'booking_reminder', noEmail.id);
      expect(quiet.steps.map((s) => s.nodeId)).toEqual(['when', 'has_email', 'tell_specialist', 'done']);
    }
  });

  it('clients whose birthday falls in those days are greeted at 10:00 Moscow (client_birthday)', async () => {
    const clients = await list<Client>('client');
    const inWindow = (birthday: string | null): boolean => {
      if (!birthday) return false;
      for (let d = 1; d <= 12; d++) if (new Date(REF + d * DAY).toISOString().slice(5, 10) === birthday.slice(5)) return true;
      return false;
    };
    const celebrants = clients.filter((c) => inWindow(c.birthday) && c.email && c.marketing_consent);
    expect(celebrants.length).toBeGreaterThanOrEqual(2);
    const runs = await finishedRuns(rt, 'client_birthday', celebrants.length);
    expect(runs.map((r) => [r.recordId, r.status]).sort()).toEqual(celebrants.map((c) => [c.id, 'completed']).sort());
    for (const client of celebrants) {
      const run = await runFor(rt, 'client_birthday', client.id);
      expect(run.steps.find((s) => s.nodeId === 'greeting')?.output).toMatchObject({ to: [client.email], subject: 'С днём рождения! Скидка 15% в студии «Лаванда»' });
    }
  });

  it('thirty days after a visit that took place the client is invited back (come_back_offer)', async () => {
    const bookings = await list<Booking>('booking');
    const due = bookings.filter((b) => b.status === 'done' && b.client_email && Date.parse(b.starts_at) + 30 * DAY > REF && Date.parse(b.starts_at) + 30 * DAY <= WINDOW_END);
    expect(due.length).toBeGreaterThan(5);
    const runs = await finishedRuns(rt, 'come_back_offer', due.length);
    expect(runs.map((r) => [r.recordId, r.status]).sort()).toEqual(due.map((b) => [b.id, 'completed']).sort());
    // Missed and cancelled visits get no invitation.
    const missed = bookings.filter((b) => b.status !== 'done').map((b) => b.id);
    expect(runs.some((r) => missed.includes(r.recordId ?? ''))).toBe(false);
  });

  it('each role reads what its scopes say: a specialist their own bookings, the front desk all; a specialist cannot book', async () => {
    const all = await list<Booking>('booking');
    const specialistEmail = emailsOf('specialist')[0] ?? '';
    const token = await tokenOf(specialistEmail);
    const own = await list<Booking>('booking', token);
    expect(own.length).toBeGreaterThan(0);
    expect(own.map((b) => b.id).sort()).toEqual(all.filter((b) => b.owner === people.get(specialistEmail)?.id).map((b) => b.id).sort());
    const someoneElses = all.find((b) => b.owner !== people.get(specialistEmail)?.id);
    expect([403, 404]).toContain((await rt.request('GET', `/api/records/booking/${someoneElses?.id}`, { token })).status);

    const desk = await tokenOf(emailsOf('receptionist')[0] ?? '');
    expect(await list('booking', desk)).toHaveLength(all.length);
    // Clients' e-mails are hidden from specialists; the front desk sees them.
    const clientsForSpecialist = await list<Record<string, unknown>>('client', token);
    expect(clientsForSpecialist.some((c) => 'email' in c && c['email'])).toBe(false);
    expect((await list<Client>('client', desk)).some((c) => c.email)).toBe(true);

    const booking = own[0];
    const create = await rt.request('POST', '/api/records/booking', { token, body: { client: booking?.client, service: booking?.service, specialist: booking?.specialist, starts_at: new Date(WINDOW_END).toISOString() } });
    expect(create.status).toBe(403);
    // The price list is the manager's: the front desk cannot change a price.
    const service = (await list<Service>('service', desk))[0];
    expect((await rt.request('PATCH', `/api/records/service/${service?.id}`, { token: desk, body: { price: 1 } })).status).toBe(403);

    // A specialist marks their visit done: booking_guard runs as them and lets it through.
    const open = own.find((b) => b.status === 'booked' || b.status === 'confirmed');
    const done = await rt.request<Booking>('PATCH', `/api/records/booking/${open?.id}`, { token, body: { status: 'done' } });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body).toMatchObject({ status: 'done', starts_at: open?.starts_at, ends_at: open?.ends_at, owner: open?.owner });
  });

  describe('the front desk books over HTTP (booking_guard)', () => {
    let desk: string;
    let specialist: Specialist;
    let shift: Shift;
    let service: Service;
    let client: Client;

    beforeAll(async () => {
      desk = await tokenOf(emailsOf('receptionist')[1] ?? '');
      const specialists = await list<Specialist>('specialist');
      specialist = specialists.find((s) => s.user === people.get(emailsOf('specialist')[0] ?? '')?.id) as Specialist;
      // A shift after the last booked day of the demo: the whole day is free.
      shift = (await list<Shift>('shift')).filter((s) => s.specialist === specialist.id && Date.parse(s.starts_at) > REF + 11 * DAY).sort((a, b) => a.starts_at.localeCompare(b.starts_at))[0] as Shift;
      const services = await list<Service & { category: string }>('service');
      service = services.find((s) => s.name === 'Женская стрижка') as Service;
      client = (await list<Client>('client'))[5] as Client;
      expect(specialist && shift && service && client).toBeTruthy();
    });

    const at = (hoursAfterOpening: number): string => new Date(Date.parse(shift.starts_at) + hoursAfterOpening * 3_600_000).toISOString();

    it('a booking with only client, service, specialist and start is completed: end, price, title, contacts, owner', async () => {
      const created = await rt.request<Booking>('POST', '/api/records/booking', { token: desk, body: { client: client.id, service: service.id, specialist: specialist.id, starts_at: at(2) } });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      expect(created.body).toMatchObject({
        ends_at: at(2 + service.duration_min / 60),
        price: service.price,
        title: `${service.name} — ${client.full_name}`,
        client_phone: client.phone,
        client_email: client.email,
        owner: specialist.user,
        status: 'booked',
      });
      const [run] = await runsOf(rt, 'booking_guard', `?recordId=${created.body.id}`);
      expect(run).toMatchObject({ status: 'completed', mode: 'before-save' });
    });

    it('an overlapping booking for the same specialist is refused in ru and en, and nothing is written', async () => {
      const before = await list<Booking>('booking');
      const refused = await rt.request<ErrorBody>('POST', '/api/records/booking', { token: desk, body: { client: client.id, service: service.id, specialist: specialist.id, starts_at: at(2.5) } });
      expect(refused.status).toBe(422);
      expect(refused.body.error.code).toBe('PROCESS_FAILED');
      // The person reads the plain words next to the start time, and which process refused.
      expect(refused.body.error.message).toBe(`The process “Bookings never overlap” refused the save: ${specialist.full_name} is already booked at that time: bookings of one specialist cannot overlap`);
      const detail = refused.body.error.details[0];
      expect(detail).toMatchObject({ code: 'SAVE_REFUSED', field: 'starts_at', nodeId: 'refuse', process: 'booking_guard' });
      expect(detail?.message).toBe(`${specialist.full_name} is already booked at that time: bookings of one specialist cannot overlap`);
      expect(detail?.message_ru).toMatch(new RegExp(`^Мастер ${specialist.full_name} уже занят с .+: записи к одному мастеру не могут пересекаться$`));
      expect(await list<Booking>('booking')).toHaveLength(before.length);

      // Another specialist of the same trade at the same time is fine only on their own shift; the
      // same specialist right after the first visit ends is fine.
      const after = await rt.request<Booking>('POST', '/api/records/booking', { token: desk, body: { client: client.id, service: service.id, specialist: specialist.id, starts_at: at(3) } });
      expect(after.status, JSON.stringify(after.body)).toBe(201);
    });

    it('moving a booking onto another one is refused and the booking stays where it was', async () => {
      const mine = (await list<Booking>('booking', desk, { field: 'specialist', op: 'eq', value: specialist.id })).filter((b) => Date.parse(b.starts_at) >= Date.parse(shift.starts_at) && Date.parse(b.starts_at) < Date.parse(shift.ends_at));
      const later = mine.find((b) => b.starts_at === at(3)) as Booking;
      const moved = await rt.request<ErrorBody>('PATCH', `/api/records/booking/${later.id}`, { token: desk, body: { starts_at: at(1.5) } });
      expect(moved.status).toBe(422);
      expect(moved.body.error.details[0]?.message_ru).toContain('записи к одному мастеру не могут пересекаться');
      expect((await rt.request<Booking>('GET', `/api/records/booking/${later.id}`)).body).toMatchObject({ starts_at: at(3), ends_at: at(4), version: later.version });

      // Once the first visit is cancelled, its time is free again.
      const first = mine.find((b) => b.starts_at === at(2)) as Booking;
      expect((await rt.request('PATCH', `/api/records/booking/${first.id}`, { token: desk, body: { status: 'cancelled' } })).status).toBe(200);
      const retry = await rt.request<Booking>('PATCH', `/api/records/booking/${later.id}`, { token: desk, body: { starts_at: at(1.5) } });
      expect(retry.status, JSON.stringify(retry.body)).toBe(200);
      expect(retry.body).toMatchObject({ starts_at: at(1.5), ends_at: at(2.5) });
    });

    it('a booking outside the specialist\'s shift is refused', async () => {
      // Past closing: the visit would end after the shift.
      const late = await rt.request<ErrorBody>('POST', '/api/records/booking', { token: desk, body: { client: client.id, service: service.id, specialist: specialist.id, starts_at: at(10.5) } });
      expect(late.status).toBe(422);
      expect(late.body.error.details[0]).toMatchObject({ field: 'starts_at', message: `${specialist.full_name} has no shift covering that time` });
      expect(late.body.error.details[0]?.message_ru).toMatch(new RegExp(`^Мастер ${specialist.full_name} не работает .+ по графику$`));
    });
  });
});

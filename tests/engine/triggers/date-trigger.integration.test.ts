import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRuntime, testDatabaseKinds, type TestRuntime } from '@crm/runtime/testing';
import { runsOf, until } from '../engine-test.support.js';
import { activities, createRecord, datesScannedTo, dateProcess, FAST_TRIGGERS, settledRuns, TestClock, triggerTestApp } from './trigger-test.support.js';

/*
 * Date triggers with real workers and a clock the test moves: "3 days before close_date at 09:00
 * Moscow" for big deals only, and a yearly birthday greeting. Each fires once per record per
 * occurrence, not for records whose condition fails, not again when the scan repeats, and at the new
 * time when the date moves before the fire time. Two workers scan side by side. One runtime per
 * database kind; the tests run in order on one clock that only moves forward.
 */

interface RunDetail {
  recordId: string | null;
  entity: string | null;
  actorId: string | null;
  status: string;
  mode: string;
  trigger: { type: string; occurrence: string; scheduledAt: string; recordId: string };
}

const PROCESSES = ['close_soon', 'birthday', 'meeting_soon', 'meeting_anniversary'];

describe.each(testDatabaseKinds())('date triggers on %s', (kind) => {
  const clock = new TestClock('2026-02-20T00:00:00Z');
  let rt: TestRuntime;
  const deals: Record<string, string> = {};
  const contacts: Record<string, string> = {};

  /** Moves the clock and waits until every date trigger has scanned up to it and its runs finished. */
  async function scanTo(iso: string): Promise<void> {
    clock.set(iso);
    await datesScannedTo(rt, clock.now(), PROCESSES.length);
    for (const process of PROCESSES) await settledRuns(rt, process);
  }

  async function detailsOf(process: string): Promise<RunDetail[]> {
    const runs = await settledRuns(rt, process);
    const details: RunDetail[] = [];
    for (const summary of runs) details.push((await rt.request<RunDetail>('GET', `/api/runs/${summary.id}`)).body);
    return details.sort((a, b) => a.trigger.scheduledAt.localeCompare(b.trigger.scheduledAt));
  }

  async function loggedFor(field: 'deal' | 'contact', id: string): Promise<Array<string | null>> {
    return (await activities(rt)).filter((a) => a[field] === id).map((a) => a.occurrence);
  }

  beforeAll(async () => {
    rt = await startTestRuntime(kind, {
      app: triggerTestApp([
        dateProcess('close_soon', { entity: 'deal', field: 'close_date', offset: '-P3D', time: '09:00', timezone: 'Europe/Moscow', condition: { field: 'amount', op: 'gte', value: 100000 } }),
        dateProcess('birthday', { entity: 'contact', field: 'birthday', yearly: true }),
        dateProcess('meeting_soon', { entity: 'deal', field: 'meeting_at', offset: '-PT1H' }),
        dateProcess('meeting_anniversary', { entity: 'deal', field: 'meeting_at', yearly: true, time: '10:00' }),
      ]),
      engine: { clock: clock.now, triggers: FAST_TRIGGERS },
      workers: { pollMs: 50 },
    });
    // A second worker scans too: the cursor lock and the dedupe keys keep them from doubling runs.
    await rt.runtime.engine.startWorkers({ pollMs: 50 });
    // The first scan opens each trigger's cursor at "now": nothing before it fires.
    await datesScannedTo(rt, clock.now(), PROCESSES.length);
    deals['big'] = (await createRecord(rt, 'deal', { title: 'Большая поставка', amount: 150000, close_date: '2026-03-10' })).id;
    deals['small'] = (await createRecord(rt, 'deal', { title: 'Мелкий заказ', amount: 5000, close_date: '2026-03-10' })).id;
    deals['moved'] = (await createRecord(rt, 'deal', { title: 'Перенесённая', amount: 300000, close_date: '2026-03-12' })).id;
    deals['undated'] = (await createRecord(rt, 'deal', { title: 'Без даты', amount: 500000 })).id;
    // 22:30 UTC on the 25th is 01:30 on the 26th in Moscow.
    deals['meeting'] = (await createRecord(rt, 'deal', { title: 'Встреча', amount: 1000, meeting_at: '2026-03-25T22:30:00.000Z' })).id;
    contacts['ivan'] = (await createRecord(rt, 'contact', { full_name: 'Иван Петров', birthday: '1990-03-05' })).id;
    contacts['leap'] = (await createRecord(rt, 'contact', { full_name: 'Мария Високосная', birthday: '1992-02-29' })).id;
  });
  afterAll(async () => {
    await rt?.close();
  });

  it('greets someone born on 29 February on 28 February of a common year, at 09:00 Moscow', async () => {
    await scanTo('2026-02-28T05:59:59.000Z');
    expect(await loggedFor('contact', contacts['leap'] ?? '')).toEqual([]);
    await scanTo('2026-02-28T06:00:00.000Z');
    expect(await loggedFor('contact', contacts['leap'] ?? '')).toEqual(['2026-02-28']);
  });

  it('greets a contact on the birthday, once however often the scan runs', async () => {
    await scanTo('2026-03-05T06:00:30.000Z');
    await rt.runtime.engine.engine.scanDateTriggers();
    await scanTo('2026-03-05T06:05:00.000Z');
    expect(await loggedFor('contact', contacts['ivan'] ?? '')).toEqual(['2026-03-05']);
    const runs = await detailsOf('birthday');
    expect(runs.map((r) => [r.recordId, r.trigger.occurrence, r.trigger.scheduledAt])).toEqual([
      [contacts['leap'], '2026-02-28', '2026-02-28T06:00:00.000Z'],
      [contacts['ivan'], '2026-03-05', '2026-03-05T06:00:00.000Z'],
    ]);
    expect(runs.every((r) => r.status === 'completed' && r.mode === 'date' && r.entity === 'contact' && r.actorId === null)).toBe(true);
  });

  it('a close date moved before its fire time fires at the new time', async () => {
    // Still 5 March: the deal's reminder was due 9 March; it now closes on the 15th (reminder the 12th).
    const patched = await rt.request('PATCH', `/api/records/deal/${deals['moved']}`, { body: { close_date: '2026-03-15' } });
    expect(patched.status).toBe(200);
  });

  it('fires 3 days before close_date at 09:00 Moscow, only for deals whose condition holds', async () => {
    await scanTo('2026-03-07T05:59:00.000Z');
    expect(await runsOf(rt, 'close_soon')).toHaveLength(0);
    await scanTo('2026-03-07T06:00:00.000Z');
    expect(await loggedFor('deal', deals['big'] ?? '')).toEqual(['2026-03-10']);
    expect(await loggedFor('deal', deals['small'] ?? '')).toEqual([]);
    expect(await loggedFor('deal', deals['undated'] ?? '')).toEqual([]);
    const [first] = await detailsOf('close_soon');
    expect(first).toMatchObject({ recordId: deals['big'], entity: 'deal', actorId: null, status: 'completed', trigger: { type: 'date', occurrence: '2026-03-10', scheduledAt: '2026-03-07T06:00:00.000Z', recordId: deals['big'] } });
  });

  it('does not fire twice when the scan runs again, nor at the moved deal’s old time', async () => {
    await rt.runtime.engine.engine.scanDateTriggers();
    await scanTo('2026-03-07T06:10:00.000Z');
    await scanTo('2026-03-09T06:00:00.000Z');
    await scanTo('2026-03-09T07:00:00.000Z');
    expect((await detailsOf('close_soon')).map((r) => r.recordId)).toEqual([deals['big']]);
    expect(await loggedFor('deal', deals['moved'] ?? '')).toEqual([]);
  });

  it('fires the moved deal at its new time, once', async () => {
    await scanTo('2026-03-12T06:00:00.000Z');
    await scanTo('2026-03-12T09:00:00.000Z');
    expect(await loggedFor('deal', deals['moved'] ?? '')).toEqual(['2026-03-15']);
    expect((await detailsOf('close_soon')).map((r) => [r.recordId, r.trigger.occurrence])).toEqual([
      [deals['big'], '2026-03-10'],
      [deals['moved'], '2026-03-15'],
    ]);
  });

  it('a long window (as after downtime) fires each record due in it once', async () => {
    const late = (await createRecord(rt, 'deal', { title: 'Пока спали', amount: 200000, close_date: '2026-03-20' })).id;
    const early = (await createRecord(rt, 'deal', { title: 'Тоже пока спали', amount: 200000, close_date: '2026-03-18' })).id;
    // One jump over both fire times (15 and 17 March), as after a stop of two weeks' scans.
    await scanTo('2026-03-19T00:00:00.000Z');
    expect(await loggedFor('deal', early)).toEqual(['2026-03-18']);
    expect(await loggedFor('deal', late)).toEqual(['2026-03-20']);
    await until('no more runs', async () => (await runsOf(rt, 'close_soon')).length === 4);
  });

  it('fires a datetime field at its instant plus the offset, and yearly on its date in the zone', async () => {
    await scanTo('2026-03-25T21:29:59.000Z');
    expect(await loggedFor('deal', deals['meeting'] ?? '')).toEqual([]);
    await scanTo('2026-03-25T21:30:00.000Z');
    expect(await loggedFor('deal', deals['meeting'] ?? '')).toEqual(['2026-03-25T22:30:00.000Z']);
    // The anniversary is the Moscow date (the 26th), at the trigger's 10:00 Moscow = 07:00Z.
    await scanTo('2026-03-26T06:59:00.000Z');
    expect(await runsOf(rt, 'meeting_anniversary')).toHaveLength(0);
    await scanTo('2026-03-26T07:00:00.000Z');
    expect((await loggedFor('deal', deals['meeting'] ?? '')).sort()).toEqual(['2026-03-25T22:30:00.000Z', '2026-03-26']);
    expect((await detailsOf('meeting_anniversary')).map((r) => r.trigger.scheduledAt)).toEqual(['2026-03-26T07:00:00.000Z']);
  });
});

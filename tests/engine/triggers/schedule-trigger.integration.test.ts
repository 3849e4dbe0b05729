import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRuntime, openDatabase, type Runtime } from '@crm/runtime';
import { startTestRuntime, testDatabaseKinds, type TestRuntime } from '@crm/runtime/testing';
import type { EngineWorker } from '@crm/engine';
import { publishWith, run, runsOf, until } from '../engine-test.support.js';
import { activities, FAST_TRIGGERS, pause, scheduleProcess, scheduleStates, settledRuns, TestClock, triggerTestApp } from './trigger-test.support.js';

/*
 * Schedule triggers with real workers and a clock the test moves: each cron tick in its own time
 * zone starts one run (which writes an activity), never before the tick, once however many workers
 * (or runtimes on one PostgreSQL) look at it; after downtime only the latest missed tick runs.
 *
 * One runtime per database kind (starting one is the slow part); the tests run in order on one
 * clock that only moves forward, each watching its own processes.
 */

interface TickRun {
  id: string;
  scheduledAt: string;
  missedSince: string | null;
  status: string;
  actorId: string | null;
}

async function tickRuns(rt: TestRuntime, process: string): Promise<TickRun[]> {
  const runs = await settledRuns(rt, process);
  const detailed: TickRun[] = [];
  for (const summary of runs) {
    const detail = await rt.request<{ trigger: { scheduledAt: string; missedSince?: string }; status: string; actorId: string | null }>('GET', `/api/runs/${summary.id}`);
    detailed.push({ id: summary.id, scheduledAt: detail.body.trigger.scheduledAt, missedSince: detail.body.trigger.missedSince ?? null, status: detail.body.status, actorId: detail.body.actorId });
  }
  return detailed.sort((a, b) => a.scheduledAt.localeCompare(b.scheduledAt));
}

const seconds = (from: string, count: number): string[] => Array.from({ length: count }, (_, i) => new Date(Date.parse(from) + i * 1000).toISOString());

describe.each(testDatabaseKinds())('schedule triggers on %s', (kind) => {
  const clock = new TestClock('2026-03-10T05:00:00Z');
  let rt: TestRuntime;
  /** The runtime whose workers run now (a restart replaces it). */
  let live: Runtime;
  let running: EngineWorker[] = [];
  const cleanups: Array<() => Promise<void>> = [];

  async function startWorkers(runtime: Runtime, count = 1): Promise<EngineWorker[]> {
    const started: EngineWorker[] = [];
    for (let i = 0; i < count; i += 1) started.push(await runtime.engine.startWorkers({ pollMs: 50 }));
    running.push(...started);
    return started;
  }

  beforeAll(async () => {
    rt = await startTestRuntime(kind, {
      app: triggerTestApp([
        scheduleProcess('digest_msk', '0 9 * * *', 'Europe/Moscow'),
        scheduleProcess('digest_utc', '0 9 * * *', 'UTC'),
        // Every second of 07:00 UTC on 11 March only, so it does not fire during the other tests.
        scheduleProcess('every_second', '* 0 7 11 3 *', 'UTC'),
        // No zone of its own: the app's (Moscow). 12:00 MSK = 09:00Z.
        scheduleProcess('nightly', '0 12 * * *'),
        scheduleProcess('report', '0 9 1 1 *'),
        scheduleProcess('cleanup', '0 3 1 1 *'),
      ]),
      engine: { clock: clock.now, triggers: FAST_TRIGGERS },
    });
    live = rt.runtime;
    await startWorkers(live);
    await until('the schedules to be set up', async () => (await scheduleStates(rt)).length === 6);
  });
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
    await rt?.close();
  });

  it('is due at 09:00 in each schedule’s own zone: 06:00Z for Moscow, 09:00Z for UTC', async () => {
    const due = Object.fromEntries((await scheduleStates(rt)).map((s) => [s.process, s.next_due_at]));
    expect(due).toMatchObject({ digest_msk: '2026-03-10T06:00:00.000Z', digest_utc: '2026-03-10T09:00:00.000Z', nightly: '2026-03-10T09:00:00.000Z' });
  });

  it('fires never early and once per tick', async () => {
    clock.set('2026-03-10T05:59:59.999Z');
    expect(await live.engine.engine.fireDueSchedules()).toBe(0);
    await pause(150);
    expect(await runsOf(rt, 'digest_msk')).toHaveLength(0);

    clock.set('2026-03-10T06:00:00.000Z');
    await until('the Moscow tick to run', async () => (await runsOf(rt, 'digest_msk')).length === 1);
    clock.set('2026-03-10T08:59:59.000Z');
    await pause(150);
    expect(await runsOf(rt, 'digest_utc')).toHaveLength(0);

    clock.set('2026-03-10T09:00:00.250Z');
    await until('the UTC tick to run', async () => (await runsOf(rt, 'digest_utc')).length === 1);
    await pause(150);

    expect(await tickRuns(rt, 'digest_msk')).toMatchObject([{ scheduledAt: '2026-03-10T06:00:00.000Z', missedSince: null, status: 'completed', actorId: null }]);
    expect(await tickRuns(rt, 'digest_utc')).toMatchObject([{ scheduledAt: '2026-03-10T09:00:00.000Z', status: 'completed' }]);
    const logged = (await activities(rt)).map((a) => a.subject).filter((s) => s.startsWith('digest')).sort();
    expect(logged).toEqual(['digest_msk 2026-03-10T06:00:00.000Z', 'digest_utc 2026-03-10T09:00:00.000Z']);
    const due = Object.fromEntries((await scheduleStates(rt)).map((s) => [s.process, s.next_due_at]));
    expect(due).toMatchObject({ digest_msk: '2026-03-11T06:00:00.000Z', digest_utc: '2026-03-11T09:00:00.000Z' });
  });

  // A pattern that cannot run never gets this far: publish refuses it (tests/engine/scripts.integration.test.ts).

  it('starts each tick once with several workers racing (and a second runtime on PostgreSQL)', async () => {
    const racers: Runtime[] = [live];
    if (kind === 'postgres' && rt.db.url) {
      // Another runtime process in all but name: its own pool on the same database, its own engine.
      const otherDb = await openDatabase({ url: rt.db.url, poolMax: 3 });
      const other = await createRuntime(otherDb, { engine: { clock: clock.now, triggers: { scheduleEveryMs: 7, dateScanEveryMs: 1000 } } });
      cleanups.push(async () => {
        await other.engine.stop();
        await otherDb.close();
      });
      racers.push(other);
    }
    const extra: EngineWorker[] = [];
    for (const runtime of racers) extra.push(...(await startWorkers(runtime, 2)));

    clock.set('2026-03-11T06:59:59.500Z');
    const ticks = seconds('2026-03-11T07:00:00.000Z', 8);
    for (const [i, tick] of ticks.entries()) {
      clock.set(tick);
      await until(`tick ${tick}`, async () => (await runsOf(rt, 'every_second')).length >= i + 1);
      // Every racer gets a few passes at the same tick.
      await pause(60);
    }
    const runs = await tickRuns(rt, 'every_second');
    expect(runs.map((r) => r.scheduledAt)).toEqual(ticks);
    expect(runs.every((r) => r.status === 'completed')).toBe(true);
    expect((await activities(rt)).filter((a) => a.subject.startsWith('every_second')).length).toBe(ticks.length);
    for (const worker of extra) await worker.stop();
    running = running.filter((w) => !extra.includes(w));
  });

  it('after downtime runs the latest missed tick once, not early, then keeps to the schedule', async () => {
    // nightly ran once already (10 March, 12:00 Moscow) while the other tests moved the clock.
    const before = (await tickRuns(rt, 'nightly')).length;
    const since = async (): Promise<TickRun[]> => (await tickRuns(rt, 'nightly')).slice(before);
    expect((await scheduleStates(rt)).find((s) => s.process === 'nightly')?.next_due_at).toBe('2026-03-11T09:00:00.000Z');
    // Every worker goes down before the tick of the 11th and stays down past those of the 12th and 13th.
    for (const worker of running) await worker.stop();
    running = [];
    clock.set('2026-03-13T10:30:00Z');
    await pause(100);
    expect(await runsOf(rt, 'nightly')).toHaveLength(before);

    // A new runtime on the same database (a restart): nothing in memory survives, the due tick does.
    const restarted = await createRuntime(rt.db, { engine: { clock: clock.now, triggers: FAST_TRIGGERS } });
    cleanups.push(() => restarted.engine.stop());
    live = restarted;
    await startWorkers(live);
    await until('the missed tick to run', async () => (await runsOf(rt, 'nightly')).length === before + 1);
    await pause(200);
    expect(await since()).toMatchObject([{ scheduledAt: '2026-03-13T09:00:00.000Z', missedSince: '2026-03-11T09:00:00.000Z', status: 'completed' }]);
    expect((await scheduleStates(rt)).find((s) => s.process === 'nightly')?.next_due_at).toBe('2026-03-14T09:00:00.000Z');

    clock.set('2026-03-14T08:59:59.999Z');
    // A pass with this clock for sure (other schedules are due by now; nightly is not).
    await live.engine.engine.fireDueSchedules();
    await pause(150);
    expect(await runsOf(rt, 'nightly')).toHaveLength(before + 1);
    clock.set('2026-03-14T09:00:00.000Z');
    await until('the next tick to run', async () => (await runsOf(rt, 'nightly')).length === before + 2);
    const after = await since();
    expect(after.map((r) => [r.scheduledAt, r.missedSince])).toEqual([
      ['2026-03-13T09:00:00.000Z', '2026-03-11T09:00:00.000Z'],
      ['2026-03-14T09:00:00.000Z', null],
    ]);
    const detail = await run(rt, after[1]?.id ?? '');
    expect(detail.steps.map((s) => [s.nodeId, s.status])).toEqual([['log', 'completed']]);
  });

  it('follows a new version: a changed cron is due at its own next tick, a removed schedule loses its row', async () => {
    await publishWith(rt, (app) => {
      const kept = (app.processes ?? []).filter((p): p is { name: string; trigger: { cron: string } } => typeof p === 'object' && p !== null && 'name' in p && p.name !== 'cleanup');
      for (const p of kept) if (p.name === 'report') p.trigger.cron = '30 18 * * *';
      app.processes = kept;
    });
    await until('the new version to be reconciled', async () => {
      const rows = await scheduleStates(rt);
      return rows.length === 5 && rows.find((r) => r.process === 'report')?.next_due_at === '2026-03-14T15:30:00.000Z';
    });
    clock.set('2026-03-14T15:29:59.000Z');
    await pause(150);
    expect(await runsOf(rt, 'report')).toHaveLength(0);
    clock.set('2026-03-14T15:30:00.000Z');
    await until('the new tick to run', async () => (await runsOf(rt, 'report')).length === 1);
    expect(await tickRuns(rt, 'report')).toMatchObject([{ scheduledAt: '2026-03-14T15:30:00.000Z', status: 'completed' }]);
  });
});

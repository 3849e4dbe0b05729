import { describe, expect, it } from 'vitest';
import { dueTickAt, latestTick, nextTick, scheduleProblem, scheduleSpecOf, type ScheduleSpec } from './schedule-ticks.js';

const at = (iso: string): Date => new Date(iso);
const iso = (date: Date | null | undefined): string | null => date?.toISOString() ?? null;

describe('schedule ticks', () => {
  const moscow: ScheduleSpec = { cron: '0 9 * * *', timeZone: 'Europe/Moscow' };
  const utc: ScheduleSpec = { cron: '0 9 * * *', timeZone: 'UTC' };

  it('reads 09:00 in the schedule’s own zone: Moscow is UTC+3, so 06:00Z', () => {
    expect(iso(nextTick(moscow, at('2026-03-10T00:00:00Z')))).toBe('2026-03-10T06:00:00.000Z');
    expect(iso(nextTick(utc, at('2026-03-10T00:00:00Z')))).toBe('2026-03-10T09:00:00.000Z');
  });

  it('takes the trigger’s zone, else the app’s, else Europe/Moscow', () => {
    expect(scheduleSpecOf({ type: 'schedule', cron: ' 0 9 * * * ', timezone: 'Asia/Yekaterinburg' }, { settings: { timezone: 'UTC' } })).toEqual({ cron: '0 9 * * *', timeZone: 'Asia/Yekaterinburg' });
    expect(scheduleSpecOf({ type: 'schedule', cron: '0 9 * * *' }, { settings: { timezone: 'UTC' } }).timeZone).toBe('UTC');
    expect(scheduleSpecOf({ type: 'schedule', cron: '0 9 * * *' }, {}).timeZone).toBe('Europe/Moscow');
  });

  it('counts the next tick strictly after, and the latest tick at or before, an instant', () => {
    expect(iso(nextTick(moscow, at('2026-03-10T06:00:00Z')))).toBe('2026-03-11T06:00:00.000Z');
    expect(iso(latestTick(moscow, at('2026-03-10T06:00:00Z')))).toBe('2026-03-10T06:00:00.000Z');
    expect(iso(latestTick(moscow, at('2026-03-10T05:59:59.999Z')))).toBe('2026-03-09T06:00:00.000Z');
  });

  it('is never due before its tick', () => {
    expect(dueTickAt(moscow, at('2026-03-10T06:00:00Z'), at('2026-03-10T05:59:59.999Z'))).toBeNull();
    const due = dueTickAt(moscow, at('2026-03-10T06:00:00Z'), at('2026-03-10T06:00:00.400Z'));
    expect(iso(due?.tick)).toBe('2026-03-10T06:00:00.000Z');
    expect(iso(due?.next)).toBe('2026-03-11T06:00:00.000Z');
  });

  it('after downtime fires only the latest missed tick, and is next due after now', () => {
    // Due on the 10th; nobody ran until the 13th at 10:00 Moscow: the 10th, 11th, 12th and 13th were missed.
    const due = dueTickAt(moscow, at('2026-03-10T06:00:00Z'), at('2026-03-13T07:00:00Z'));
    expect(iso(due?.tick)).toBe('2026-03-13T06:00:00.000Z');
    expect(iso(due?.next)).toBe('2026-03-14T06:00:00.000Z');
  });

  it('handles seconds patterns (six fields)', () => {
    const every10s: ScheduleSpec = { cron: '*/10 * * * * *', timeZone: 'UTC' };
    expect(iso(nextTick(every10s, at('2026-03-10T06:00:05.500Z')))).toBe('2026-03-10T06:00:10.000Z');
  });

  it('follows daylight saving: a fixed time in the spring gap runs after it, once on the repeated hour', () => {
    const berlin: ScheduleSpec = { cron: '30 2 * * *', timeZone: 'Europe/Berlin' };
    // 29 March 2026: 02:00 CET jumps to 03:00 CEST; 02:30 does not exist, it runs at 03:00 CEST.
    expect(iso(nextTick(berlin, at('2026-03-28T12:00:00Z')))).toBe('2026-03-29T01:00:00.000Z');
    expect(iso(nextTick(berlin, at('2026-03-29T01:00:00Z')))).toBe('2026-03-30T00:30:00.000Z');
    // 25 October 2026: 03:00 CEST falls back to 02:00 CET; 02:30 happens twice and runs at the first.
    expect(iso(nextTick(berlin, at('2026-10-24T12:00:00Z')))).toBe('2026-10-25T00:30:00.000Z');
    expect(iso(nextTick(berlin, at('2026-10-25T00:30:00Z')))).toBe('2026-10-26T01:30:00.000Z');
  });

  it('an hourly pattern runs on both passes of a repeated hour', () => {
    const hourly: ScheduleSpec = { cron: '30 * * * *', timeZone: 'Europe/Berlin' };
    let t = at('2026-10-24T23:00:00Z');
    const ticks: string[] = [];
    for (let i = 0; i < 4; i += 1) {
      const next = nextTick(hourly, t);
      if (!next) break;
      ticks.push(next.toISOString());
      t = next;
    }
    expect(ticks).toEqual(['2026-10-24T23:30:00.000Z', '2026-10-25T00:30:00.000Z', '2026-10-25T01:30:00.000Z', '2026-10-25T02:30:00.000Z']);
  });

  it('names what is wrong with a pattern or a zone', () => {
    expect(scheduleProblem(moscow)).toBeNull();
    expect(scheduleProblem({ cron: 'every day', timeZone: 'UTC' })).toMatch(/five, six, or seven/);
    expect(scheduleProblem({ cron: '0 25 * * *', timeZone: 'UTC' })).toMatch(/hour/);
    expect(scheduleProblem({ cron: '0 9 * * *', timeZone: 'Mars/Olympus' })).toMatch(/Mars\/Olympus/);
  });
});

import { describe, expect, it } from 'vitest';
import type { App, DateTrigger } from '@crm/schemas';
import { anniversaryIn, candidateValues, datePlanOf, occurrenceIn, scanWindowOf, type DatePlan, type ScanWindow } from './date-trigger-occurrence.js';

const app: App = {
  name: 'dates',
  settings: { timezone: 'Europe/Moscow' },
  entities: [
    {
      name: 'deal',
      label: { en: 'Deal' },
      fields: [
        { name: 'title', type: 'text' },
        { name: 'close_date', type: 'date' },
        { name: 'meeting_at', type: 'datetime' },
      ],
    },
    { name: 'contact', label: { en: 'Contact' }, fields: [{ name: 'birthday', type: 'date' }] },
  ],
};

function plan(trigger: Omit<DateTrigger, 'type'>, on: App = app): DatePlan {
  const planned = datePlanOf(on, { type: 'date', ...trigger });
  if (!planned.ok) throw new Error(planned.problem);
  return planned.plan;
}

/** The window (at - 1 minute, at]: what a scan each minute covers. */
function minuteEnding(iso: string): ScanWindow {
  const to = new Date(iso);
  return { from: new Date(to.getTime() - 60_000), to };
}

describe('date trigger occurrences', () => {
  const threeDaysBefore = plan({ entity: 'deal', field: 'close_date', offset: '-P3D' });

  it('fires 3 days before close_date at 09:00 Moscow (06:00Z)', () => {
    expect(occurrenceIn(threeDaysBefore, '2026-03-10', minuteEnding('2026-03-07T06:00:00Z'))).toEqual({ key: '2026-03-10', fireAt: new Date('2026-03-07T06:00:00Z') });
    // The window is (from, to]: the minute after does not see it again, the minute before not yet.
    expect(occurrenceIn(threeDaysBefore, '2026-03-10', minuteEnding('2026-03-07T06:01:00Z'))).toBeNull();
    expect(occurrenceIn(threeDaysBefore, '2026-03-10', minuteEnding('2026-03-07T05:59:59.999Z'))).toBeNull();
    expect(occurrenceIn(threeDaysBefore, null, minuteEnding('2026-03-07T06:00:00Z'))).toBeNull();
  });

  it('asks the database only for the dates that fire in the window', () => {
    expect(candidateValues(threeDaysBefore, minuteEnding('2026-03-07T06:00:00Z'))).toEqual({ dates: ['2026-03-10'] });
    expect(candidateValues(threeDaysBefore, minuteEnding('2026-03-07T07:00:00Z'))).toEqual({ dates: [] });
    // A day of downtime scanned at once: every date whose 09:00 minus 3 days passed in it.
    const day: ScanWindow = { from: new Date('2026-03-07T00:00:00Z'), to: new Date('2026-03-08T12:00:00Z') };
    expect(candidateValues(threeDaysBefore, day)).toEqual({ dates: ['2026-03-10', '2026-03-11'] });
  });

  it('switches to a range when a window is too long to list its dates', () => {
    const years: ScanWindow = { from: new Date('2024-01-01T00:00:00Z'), to: new Date('2026-01-01T00:00:00Z') };
    const asked = candidateValues(threeDaysBefore, years);
    expect(asked.dates).toBeUndefined();
    expect(asked.between).toEqual({ from: '2024-01-01', to: '2026-01-07' });
  });

  it('uses the trigger’s time and zone', () => {
    const utcNoon = plan({ entity: 'deal', field: 'close_date', time: '12:30', timezone: 'UTC' });
    expect(occurrenceIn(utcNoon, '2026-03-10', minuteEnding('2026-03-10T12:30:00Z'))?.fireAt.toISOString()).toBe('2026-03-10T12:30:00.000Z');
  });

  it('applies a calendar offset in the zone: P1D across the spring change is one calendar day', () => {
    const berlin = plan({ entity: 'deal', field: 'close_date', offset: '-P1D', timezone: 'Europe/Berlin' });
    // 28 March 09:00 is CET (UTC+1); 29 March 09:00 is CEST (UTC+2).
    expect(occurrenceIn(berlin, '2026-03-29', minuteEnding('2026-03-28T08:00:00Z'))?.fireAt.toISOString()).toBe('2026-03-28T08:00:00.000Z');
    expect(occurrenceIn(berlin, '2026-03-30', minuteEnding('2026-03-29T07:00:00Z'))?.fireAt.toISOString()).toBe('2026-03-29T07:00:00.000Z');
  });

  it('finds every date a month offset maps onto the same day (28 to 31 January + P1M = 28 February)', () => {
    const monthAfter = plan({ entity: 'deal', field: 'close_date', offset: 'P1M' });
    const window = minuteEnding('2026-02-28T06:00:00Z');
    expect(candidateValues(monthAfter, window)).toEqual({ dates: ['2026-01-28', '2026-01-29', '2026-01-30', '2026-01-31'] });
    expect(occurrenceIn(monthAfter, '2026-01-31', window)?.key).toBe('2026-01-31');
  });

  it('fires a datetime field at its instant plus the offset, keyed by the instant', () => {
    const hourBefore = plan({ entity: 'deal', field: 'meeting_at', offset: '-PT1H' });
    const window = minuteEnding('2026-03-10T11:00:00Z');
    expect(occurrenceIn(hourBefore, '2026-03-10T12:00:00.000Z', window)).toEqual({ key: '2026-03-10T12:00:00.000Z', fireAt: new Date('2026-03-10T11:00:00Z') });
    expect(candidateValues(hourBefore, window)).toEqual({ between: { from: '2026-03-10T11:59:00.000Z', to: '2026-03-10T12:00:00.000Z' } });
    expect(occurrenceIn(hourBefore, '2026-03-10T12:01:00.000Z', window)).toBeNull();
  });

  it('treats created_at and updated_at as datetime fields', () => {
    expect(plan({ entity: 'deal', field: 'created_at', offset: 'P30D' }).kind).toBe('datetime');
  });

  describe('yearly', () => {
    const birthday = plan({ entity: 'contact', field: 'birthday', yearly: true });

    it('fires on the month and day of any year, at 09:00 in the zone', () => {
      expect(occurrenceIn(birthday, '1990-05-14', minuteEnding('2026-05-14T06:00:00Z'))).toEqual({ key: '2026-05-14', fireAt: new Date('2026-05-14T06:00:00Z') });
      expect(occurrenceIn(birthday, '1990-05-14', minuteEnding('2026-05-15T06:00:00Z'))).toBeNull();
      expect(candidateValues(birthday, minuteEnding('2026-05-14T06:00:00Z'))).toEqual({ monthDays: ['05-14'] });
    });

    it('greets people born on 29 February on 28 February outside leap years, and on the 29th in them', () => {
      expect(anniversaryIn(2027, 2, 29)).toBe('2027-02-28');
      expect(anniversaryIn(2028, 2, 29)).toBe('2028-02-29');
      expect(occurrenceIn(birthday, '1992-02-29', minuteEnding('2027-02-28T06:00:00Z'))?.key).toBe('2027-02-28');
      expect(candidateValues(birthday, minuteEnding('2027-02-28T06:00:00Z'))).toEqual({ monthDays: ['02-28', '02-29'] });
      expect(occurrenceIn(birthday, '1992-02-29', minuteEnding('2028-02-28T06:00:00Z'))).toBeNull();
      expect(occurrenceIn(birthday, '1992-02-29', minuteEnding('2028-02-29T06:00:00Z'))?.key).toBe('2028-02-29');
      expect(candidateValues(birthday, minuteEnding('2028-02-28T06:00:00Z'))).toEqual({ monthDays: ['02-28'] });
    });

    it('with an offset, fires the given time before each anniversary', () => {
      const weekBefore = plan({ entity: 'contact', field: 'birthday', yearly: true, offset: '-P7D', time: '10:00' });
      expect(occurrenceIn(weekBefore, '1985-01-03', minuteEnding('2025-12-27T07:00:00Z'))?.key).toBe('2026-01-03');
    });

    it('looks back at most a year after downtime, so one record fires once', () => {
      const to = new Date('2026-06-01T00:00:00Z');
      const window = scanWindowOf(birthday, new Date('2023-01-01T00:00:00Z'), to);
      expect(window.from.toISOString()).toBe('2025-06-01T00:00:00.000Z');
      expect(occurrenceIn(birthday, '1990-05-14', window)?.key).toBe('2026-05-14');
      expect(candidateValues(birthday, window)).toEqual({});
    });
  });

  it('refuses fields that are not dates, bad offsets and unknown zones', () => {
    expect(datePlanOf(app, { type: 'date', entity: 'deal', field: 'title' })).toMatchObject({ ok: false, problem: expect.stringMatching(/not a date/) });
    expect(datePlanOf(app, { type: 'date', entity: 'deal', field: 'close_date', offset: '3 days' })).toMatchObject({ ok: false });
    expect(datePlanOf(app, { type: 'date', entity: 'deal', field: 'close_date', timezone: 'Mars/Olympus' })).toMatchObject({ ok: false, problem: expect.stringMatching(/Mars/) });
  });
});

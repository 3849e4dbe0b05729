import { describe, expect, it } from 'vitest';
import { addDuration, dateInZone, isCalendarDate, parseDuration, parseInstant, startOfDayInZone } from './condition.time.js';

const at = (iso: string): number => Date.parse(iso);

describe('ISO 8601 durations', () => {
  it('parses signed durations and refuses empty ones', () => {
    expect(parseDuration('-P7D')).toMatchObject({ sign: -1, days: 7 });
    expect(parseDuration('P1Y2M3W4DT5H6M7.5S')).toEqual({ sign: 1, years: 1, months: 2, weeks: 3, days: 4, hours: 5, minutes: 6, seconds: 7.5 });
    for (const bad of ['P', 'PT', '7D', 'P7', '-', 'P1DT']) expect(parseDuration(bad)).toBeUndefined();
  });

  it('adds calendar parts on the calendar and clamps the day of month', () => {
    const add = (iso: string, duration: string): string => {
      const parsed = parseDuration(duration);
      if (!parsed) throw new Error(duration);
      return new Date(addDuration(at(iso), parsed)).toISOString();
    };
    expect(add('2024-03-01T10:00:00.000Z', '-P7D')).toBe('2024-02-23T10:00:00.000Z');
    expect(add('2024-01-31T00:00:00.000Z', 'P1M')).toBe('2024-02-29T00:00:00.000Z');
    expect(add('2024-02-29T00:00:00.000Z', 'P1Y')).toBe('2025-02-28T00:00:00.000Z');
    expect(add('2024-03-31T00:00:00.000Z', '-P1M')).toBe('2024-02-29T00:00:00.000Z');
    expect(add('2024-03-01T10:00:00.000Z', 'PT90M')).toBe('2024-03-01T11:30:00.000Z');
  });
});

describe('dates in a time zone', () => {
  it('gives the calendar date of an instant', () => {
    expect(dateInZone(at('2024-02-29T21:30:00Z'), 'Europe/Moscow')).toBe('2024-03-01');
    expect(dateInZone(at('2024-02-29T21:30:00Z'), 'UTC')).toBe('2024-02-29');
    expect(dateInZone(at('0001-01-01T12:00:00Z'), 'UTC')).toBe('0001-01-01');
  });

  it('gives the instant a day starts, across DST changes too', () => {
    expect(new Date(startOfDayInZone('2024-03-01', 'Europe/Moscow')).toISOString()).toBe('2024-02-29T21:00:00.000Z');
    expect(new Date(startOfDayInZone('2024-03-31', 'Europe/Berlin')).toISOString()).toBe('2024-03-30T23:00:00.000Z');
    expect(new Date(startOfDayInZone('2024-04-01', 'Europe/Berlin')).toISOString()).toBe('2024-03-31T22:00:00.000Z');
    expect(new Date(startOfDayInZone('2024-03-10', 'America/New_York')).toISOString()).toBe('2024-03-10T05:00:00.000Z');
  });
});

describe('literal dates and instants', () => {
  it('accepts only real calendar dates', () => {
    expect(isCalendarDate('2024-02-29')).toBe(true);
    expect(isCalendarDate('2023-02-29')).toBe(false);
    expect(isCalendarDate('2024-13-01')).toBe(false);
    expect(isCalendarDate('2024-1-01')).toBe(false);
  });

  it('accepts instants with an offset and at most milliseconds', () => {
    expect(parseInstant('2024-03-01T13:00:00+03:00')).toBe(at('2024-03-01T10:00:00Z'));
    expect(parseInstant('2024-03-01T10:00Z')).toBe(at('2024-03-01T10:00:00Z'));
    expect(parseInstant('2024-03-01T10:00:00.5Z')).toBe(at('2024-03-01T10:00:00.500Z'));
    expect(parseInstant('2024-03-01T10:00:00')).toBeUndefined();
    expect(parseInstant('2024-03-01T10:00:00.0001Z')).toBeUndefined();
    expect(parseInstant('2024-02-30T10:00:00Z')).toBeUndefined();
    expect(parseInstant('2024-03-01T24:00:00Z')).toBeUndefined();
  });
});

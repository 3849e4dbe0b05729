import { describe, expect, it } from 'vitest';
import { looksLikeRelativeDate, parseRelativeDate, resolveRelativeDate, type RelativeDate } from './relative-date.resolver.js';

// 21:30 UTC is already the next day in Moscow (UTC+3): "today" is the app's day, not UTC's.
const NOW = new Date('2027-03-09T21:30:00Z');

function parsed(value: Record<string, unknown>): RelativeDate {
  const result = parseRelativeDate(value);
  if (typeof result === 'string') throw new Error(`not a relative date: ${result}`);
  return result;
}

describe('relative demo dates', () => {
  it('$today counts calendar days in the app time zone', () => {
    expect(resolveRelativeDate(parsed({ $today: 'P0D' }), NOW, 'Europe/Moscow', 'date')).toBe('2027-03-10');
    expect(resolveRelativeDate(parsed({ $today: '-P25D' }), NOW, 'Europe/Moscow', 'date')).toBe('2027-02-13');
    expect(resolveRelativeDate(parsed({ $today: '+P1M' }), NOW, 'UTC', 'date')).toBe('2027-04-09');
  });

  it('$today with a time part on a datetime field is that local wall-clock time', () => {
    expect(resolveRelativeDate(parsed({ $today: 'P1DT10H' }), NOW, 'Europe/Moscow', 'datetime')).toBe('2027-03-11T07:00:00.000Z');
    expect(resolveRelativeDate(parsed({ $today: '-P3DT10H30M' }), NOW, 'Europe/Moscow', 'datetime')).toBe('2027-03-07T07:30:00.000Z');
  });

  it('$now adds the duration to the instant; a date field takes its local date', () => {
    expect(resolveRelativeDate(parsed({ $now: '-PT2H' }), NOW, 'Europe/Moscow', 'datetime')).toBe('2027-03-09T19:30:00.000Z');
    expect(resolveRelativeDate(parsed({ $now: 'PT1H' }), NOW, 'Europe/Moscow', 'date')).toBe('2027-03-10');
  });

  it('refuses other shapes and bad durations', () => {
    expect(looksLikeRelativeDate({ $key: 'd1' })).toBe(false);
    expect(looksLikeRelativeDate({ $today: 'P1D' })).toBe(true);
    expect(parseRelativeDate({ $today: 'P1D', $now: 'P1D' })).toBe('shape');
    expect(parseRelativeDate({ $today: 'tomorrow' })).toBe('duration');
    expect(parseRelativeDate({ $now: 5 })).toBe('duration');
  });
});

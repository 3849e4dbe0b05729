import { describe, expect, it } from 'vitest';
import { byDue, dayIn, dueState } from './my-work-due.rules.js';

const NOW = new Date('2026-12-04T10:00:00Z');

describe('dueState', () => {
  it('is overdue once the due time has passed, to the minute', () => {
    expect(dueState('2026-12-04T09:59:00Z', NOW, 'Europe/Moscow')).toBe('overdue');
    expect(dueState('2026-11-30T12:00:00Z', NOW, 'Europe/Moscow')).toBe('overdue');
  });

  it('is today, soon (tomorrow) or later by the day in the person’s time zone', () => {
    // 21:30 UTC is already tomorrow (00:30) in Moscow.
    expect(dueState('2026-12-04T21:30:00Z', NOW, 'Europe/Moscow')).toBe('soon');
    expect(dueState('2026-12-04T21:30:00Z', NOW, 'UTC')).toBe('today');
    expect(dueState('2026-12-04T20:59:00Z', NOW, 'UTC')).toBe('today');
    expect(dueState('2026-12-05T08:00:00Z', NOW, 'UTC')).toBe('soon');
    expect(dueState('2026-12-09T08:00:00Z', NOW, 'UTC')).toBe('later');
  });

  it('is none without a (readable) due time', () => {
    expect(dueState(null, NOW)).toBe('none');
    expect(dueState('someday', NOW)).toBe('none');
  });
});

describe('dayIn', () => {
  it('names the calendar day in the zone, across midnight', () => {
    expect(dayIn(new Date('2026-12-04T22:30:00Z'), 'Europe/Moscow')).toBe('2026-12-05');
    expect(dayIn(new Date('2026-12-04T22:30:00Z'), 'UTC')).toBe('2026-12-04');
  });
});

describe('byDue', () => {
  it('puts the earliest due first and undated work last, newest first', () => {
    const items = [
      { id: 'a', due: null, created: '2026-12-01' },
      { id: 'b', due: '2026-12-06T10:00:00Z' },
      { id: 'c', due: '2026-12-03T10:00:00Z' },
      { id: 'd', due: null, created: '2026-12-03' },
    ];
    expect(byDue(items).map((i) => i.id)).toEqual(['c', 'b', 'd', 'a']);
  });
});

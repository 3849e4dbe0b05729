import { describe, expect, it } from 'vitest';
import { addDays, dayOf, dayTitle, instantOf, keyboardShift, movedToDay, movedToSlot, rangeOf, shiftTarget, wallTime, weekDays, weekStart } from './calendar-grid.rules.js';

describe('weeks', () => {
  it('start on Monday in Russian and on Sunday in English', () => {
    // 2026-12-04 is a Friday.
    expect(weekStart('2026-12-04', 'ru')).toBe('2026-11-30');
    expect(weekStart('2026-12-04', 'en')).toBe('2026-11-29');
    expect(weekStart('2026-11-30', 'ru')).toBe('2026-11-30');
    expect(weekStart('2026-12-06', 'ru')).toBe('2026-11-30');
    expect(weekStart('2026-12-06', 'en')).toBe('2026-12-06');
  });

  it('have seven days, across a month and a year', () => {
    expect(weekDays('2026-12-31', 'ru')).toEqual(['2026-12-28', '2026-12-29', '2026-12-30', '2026-12-31', '2027-01-01', '2027-01-02', '2027-01-03']);
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
  });
});

describe('time zones', () => {
  it('put an instant on its day and hour in the zone', () => {
    expect(wallTime(new Date('2026-12-04T21:30:00Z'), 'Europe/Moscow')).toEqual({ day: '2026-12-05', hour: 0, minute: 30 });
    expect(dayOf(new Date('2026-12-04T21:30:00Z'), 'America/New_York')).toBe('2026-12-04');
  });

  it('turn a wall-clock time back into the instant, also on daylight-saving days', () => {
    expect(instantOf('2026-12-04', 15, 30, 'Europe/Moscow').toISOString()).toBe('2026-12-04T12:30:00.000Z');
    // Berlin moves to summer time on 2026-03-29: 10:00 is UTC+2 that day, 10:00 the day before UTC+1.
    expect(instantOf('2026-03-29', 10, 0, 'Europe/Berlin').toISOString()).toBe('2026-03-29T08:00:00.000Z');
    expect(instantOf('2026-03-28', 10, 0, 'Europe/Berlin').toISOString()).toBe('2026-03-28T09:00:00.000Z');
  });

  it('keep the wall-clock time when an item moves to another day, across a change of offset', () => {
    expect(movedToDay('2026-03-28T09:00:00.000Z', '2026-03-30', 'Europe/Berlin')).toBe('2026-03-30T08:00:00.000Z');
    expect(movedToDay('2026-12-04T12:30:00.000Z', '2026-12-07', 'Europe/Moscow')).toBe('2026-12-07T12:30:00.000Z');
  });

  it('set the hour of a slot and keep the minutes', () => {
    expect(movedToSlot('2026-12-04T12:30:00.000Z', '2026-12-04', 9, 'Europe/Moscow')).toBe('2026-12-04T06:30:00.000Z');
  });

  it('cover the days from the first midnight to the midnight after the last', () => {
    expect(rangeOf(['2026-11-30', '2026-12-06'], 'Europe/Moscow')).toEqual({ from: '2026-11-29T21:00:00.000Z', to: '2026-12-06T21:00:00.000Z' });
  });
});

describe('dayTitle', () => {
  it('reads as Russian writes it (month in lower case, the first letter capital) and as English does', () => {
    expect(dayTitle('2026-11-30', 'ru', 'short')).toBe('Пн, 30 нояб.');
    expect(dayTitle('2026-12-01', 'ru', 'long')).toBe('Вторник, 1 декабря');
    expect(dayTitle('2026-11-30', 'en', 'short')).toBe('Mon 30 Nov');
  });
});

describe('moving an item from the keyboard', () => {
  it('reads Alt+arrows as a day or an hour, and nothing else as a move', () => {
    expect(keyboardShift('ArrowRight', true)).toEqual({ days: 1, hours: 0 });
    expect(keyboardShift('ArrowLeft', true)).toEqual({ days: -1, hours: 0 });
    expect(keyboardShift('ArrowUp', true)).toEqual({ days: 0, hours: -1 });
    expect(keyboardShift('ArrowDown', true)).toEqual({ days: 0, hours: 1 });
    expect(keyboardShift('ArrowRight', false)).toBeNull();
    expect(keyboardShift('Enter', true)).toBeNull();
  });

  it('keeps the time on a day move and crosses midnight on an hour move', () => {
    expect(shiftTarget({ day: '2026-12-04', hour: 10 }, { days: 1, hours: 0 })).toEqual({ day: '2026-12-05', hour: null });
    expect(shiftTarget({ day: '2026-12-04', hour: 10 }, { days: 0, hours: -1 })).toEqual({ day: '2026-12-04', hour: 9 });
    expect(shiftTarget({ day: '2026-12-04', hour: 23 }, { days: 0, hours: 1 })).toEqual({ day: '2026-12-05', hour: 0 });
    expect(shiftTarget({ day: '2026-12-01', hour: 0 }, { days: 0, hours: -1 })).toEqual({ day: '2026-11-30', hour: 23 });
  });
});

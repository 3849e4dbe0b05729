import { describe, expect, it } from 'vitest';
import { firstDayOfLastMonths, lastMonths, monthOfKey, nextQuarter, quarterOf, quarterOfKey, sameQuarter, yearRange } from './dashboard-period.rules.js';

describe('dashboard periods', () => {
  const now = new Date(2026, 11, 4, 12);

  it('this quarter and the next one roll over the year', () => {
    expect(quarterOf(now)).toEqual({ year: 2026, quarter: 4 });
    expect(nextQuarter(quarterOf(now))).toEqual({ year: 2027, quarter: 1 });
    expect(nextQuarter({ year: 2026, quarter: 2 })).toEqual({ year: 2026, quarter: 3 });
  });

  it('reads the server bucket keys of both shapes, and no date as null', () => {
    expect(quarterOfKey('2026-10')).toEqual({ year: 2026, quarter: 4 });
    expect(quarterOfKey('2027-01-01')).toEqual({ year: 2027, quarter: 1 });
    expect(quarterOfKey(null)).toBeNull();
    expect(sameQuarter(quarterOfKey('2026-11-01'), { year: 2026, quarter: 4 })).toBe(true);
    expect(sameQuarter(null, { year: 2026, quarter: 4 })).toBe(false);
    expect(monthOfKey('2026-03-01')).toBe('2026-03');
    expect(monthOfKey(null)).toBeNull();
  });

  it('the last twelve months end with this month and start on the first of the oldest', () => {
    const months = lastMonths(now, 12);
    expect(months).toHaveLength(12);
    expect(months[0]).toBe('2026-01');
    expect(months[11]).toBe('2026-12');
    expect(lastMonths(new Date(2027, 1, 10), 3)).toEqual(['2026-12', '2027-01', '2027-02']);
    expect(firstDayOfLastMonths(new Date(2027, 1, 10), 3)).toBe('2026-12-01');
    expect(yearRange(now)).toEqual({ from: '2026-01-01', to: '2026-12-31' });
  });
});

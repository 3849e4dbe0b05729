import { describe, expect, it } from 'vitest';
import { PERIOD_RANGES, periodBounds } from './dashboard-period.rules.js';

/* Relative periods as [from, to) dates around "today" in the app's time zone. */

describe('periodBounds', () => {
  it('works out every range around a Wednesday in mid-February of a leap year', () => {
    const today = '2024-02-14';
    const all = Object.fromEntries(PERIOD_RANGES.map((r) => [r, periodBounds(r, today)]));
    expect(all).toEqual({
      today: { from: '2024-02-14', to: '2024-02-15' },
      this_week: { from: '2024-02-12', to: '2024-02-19' },
      last_week: { from: '2024-02-05', to: '2024-02-12' },
      this_month: { from: '2024-02-01', to: '2024-03-01' },
      last_month: { from: '2024-01-01', to: '2024-02-01' },
      this_quarter: { from: '2024-01-01', to: '2024-04-01' },
      last_quarter: { from: '2023-10-01', to: '2024-01-01' },
      next_quarter: { from: '2024-04-01', to: '2024-07-01' },
      this_year: { from: '2024-01-01', to: '2025-01-01' },
      last_year: { from: '2023-01-01', to: '2024-01-01' },
      last_7_days: { from: '2024-02-08', to: '2024-02-15' },
      last_30_days: { from: '2024-01-16', to: '2024-02-15' },
      last_90_days: { from: '2023-11-17', to: '2024-02-15' },
      last_12_months: { from: '2023-03-01', to: '2024-03-01' },
      next_30_days: { from: '2024-02-14', to: '2024-03-15' },
    });
  });

  it('starts the week on Monday even on a Sunday, and crosses year ends', () => {
    expect(periodBounds('this_week', '2023-12-31')).toEqual({ from: '2023-12-25', to: '2024-01-01' });
    expect(periodBounds('last_month', '2024-01-10')).toEqual({ from: '2023-12-01', to: '2024-01-01' });
    expect(periodBounds('next_quarter', '2024-11-30')).toEqual({ from: '2025-01-01', to: '2025-04-01' });
  });

  it('refuses a date it cannot read', () => {
    expect(() => periodBounds('today', '14.02.2024')).toThrow(/YYYY-MM-DD/);
  });
});

import { describe, expect, it } from 'vitest';
import { dateIn, withDefaults } from './record-defaults.resolver.js';
import { requireEntityModel } from './record-entity.model.js';
import { recordsTestApp } from './records.fixtures.js';

const deal = requireEntityModel(recordsTestApp(), 'deal');
// 22:30 UTC is already the next day in Moscow (UTC+3).
const now = new Date('2025-03-31T22:30:00Z');

describe('defaults of a new record', () => {
  it('fills $user, $today in the app timezone, literal defaults and the first stage', () => {
    expect(withDefaults(deal, { title: 'x' }, { userId: 'u1', now, timezone: 'Europe/Moscow' })).toEqual({
      title: 'x',
      probability: 10,
      manager: 'u1',
      opened_on: '2025-04-01',
      stage: 'new',
    });
  });

  it('keeps what the caller sent, null included, and leaves non-objects to validation', () => {
    expect(withDefaults(deal, { stage: 'qualified', manager: null }, { userId: 'u1', now, timezone: 'UTC' })).toMatchObject({ stage: 'qualified', manager: null });
    expect(withDefaults(deal, 'nope', { userId: 'u1', now, timezone: 'UTC' })).toBe('nope');
    expect(dateIn(now, 'UTC')).toBe('2025-03-31');
  });
});

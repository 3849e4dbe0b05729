import { describe, expect, it } from 'vitest';
import { normaliseCallNumber, sameCallNumber } from './phone-number.normaliser.js';

describe('normaliseCallNumber', () => {
  it('folds the Russian 8, 7 and +7 spellings and bare ten-digit mobiles to +7', () => {
    for (const raw of ['89161234567', '79161234567', '+7 (916) 123-45-67', '8-916-123-45-67', '9161234567']) {
      expect(normaliseCallNumber(raw)).toBe('+79161234567');
    }
  });
  it('keeps foreign numbers’ digits behind a plus', () => {
    expect(normaliseCallNumber('+44 20 7946 0958')).toBe('+442079460958');
  });
  it('refuses what is too short to be a phone (an extension, an empty caller id)', () => {
    expect(normaliseCallNumber('101')).toBeNull();
    expect(normaliseCallNumber('anonymous')).toBeNull();
  });
  it('compares two spellings of one line', () => {
    expect(sameCallNumber('8 916 123 45 67', '+79161234567')).toBe(true);
    expect(sameCallNumber('89161234567', '89161234568')).toBe(false);
  });
});

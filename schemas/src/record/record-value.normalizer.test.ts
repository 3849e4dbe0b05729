import { describe, expect, it } from 'vitest';
import { normalisePhone } from './record-value.normalizer.js';

/*
 * The spellings a PBX sends (moved here from telephony, which now reads numbers with this one
 * normaliser): a call from any of them must find the phone as a record stored it.
 */
describe('normalisePhone as a PBX spells numbers', () => {
  it('folds the Russian 8, 7 and +7 spellings and bare ten-digit mobiles to +7', () => {
    for (const raw of ['89161234567', '79161234567', '+7 (916) 123-45-67', '8-916-123-45-67', '9161234567']) {
      expect(normalisePhone(raw, undefined)).toBe('+79161234567');
    }
  });
  it('keeps a foreign number with its own country code', () => {
    expect(normalisePhone('+44 20 7946 0958', undefined)).toBe('+442079460958');
  });
  it('refuses what is not a phone (an extension, an empty caller id)', () => {
    expect(normalisePhone('101', undefined)).toBeUndefined();
    expect(normalisePhone('anonymous', undefined)).toBeUndefined();
  });
});

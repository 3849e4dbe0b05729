import { describe, expect, it } from 'vitest';
import { toIsoInstant } from './database.factory.js';

/* PostgreSQL's timestamp text, turned into the ISO instant every API answer and engine value carries. */

describe('timestamp text from the database', () => {
  it('gives what a Date would give for each fraction the server prints', () => {
    for (const text of [
      '2026-12-07 11:15:33.123456+00',
      '2026-12-07 11:15:33.1+00',
      '2026-12-07 11:15:33.12+00',
      '2026-12-07 11:15:33.999999+00',
      '2026-12-07 11:15:33+00',
      '2026-12-07 00:00:00',
      '2026-12-07 23:59:59.0005',
      '1970-01-01 00:00:00+00',
      '0001-01-01 00:00:00+00',
    ]) {
      const slow = new Date(`${text.replace(' ', 'T').replace(/\+00$/, '')}Z`).toISOString();
      expect(toIsoInstant(text), text).toBe(slow);
    }
  });

  it('reads another offset, and the ISO form, through a Date', () => {
    expect(toIsoInstant('2026-12-07 14:15:33.5+03')).toBe('2026-12-07T11:15:33.500Z');
    expect(toIsoInstant('2026-12-07 08:45:33+05:30')).toBe('2026-12-07T03:15:33.000Z');
    expect(toIsoInstant('2026-12-07T11:15:33.123Z')).toBe('2026-12-07T11:15:33.123Z');
  });
});

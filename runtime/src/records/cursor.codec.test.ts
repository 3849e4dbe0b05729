import { describe, expect, it } from 'vitest';
import { InvalidCursorError } from '../errors/invalid-cursor.error.js';
import { decodeCursor, encodeCursor } from './cursor.codec.js';

const ID = 'b6f1c7de-0c55-4c1e-9d6a-0f1f0f6a9a11';

function refused(text: string, sort: string, types?: readonly string[]): boolean {
  try {
    decodeCursor(text, sort, types);
    return false;
  } catch (error) {
    return InvalidCursorError.is(error);
  }
}

describe('list cursor', () => {
  it('round-trips the sort and the key values, NULLs and microseconds included, as URL-safe text', () => {
    const cursor = { sort: '-amount,title,updated_at,id', values: [null, 'Сделка «А»', '2025-01-02 03:04:05.123456+00', ID] };
    const text = encodeCursor(cursor);
    expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(text, '-amount,title,updated_at,id', ['numeric(18,2)', 'text', 'timestamptz', 'uuid'])).toEqual(cursor);
  });

  it('refuses a cursor made for another sort, and garbage, as 400 INVALID_CURSOR', () => {
    const text = encodeCursor({ sort: 'title,id', values: ['a', 'b'] });
    expect(() => decodeCursor(text, '-title,id')).toThrow(/another sort/);
    for (const bad of ['garbage', encodeCursor({ sort: 'id', values: [] }).slice(0, 5), Buffer.from('{"s":1,"v":[]}').toString('base64url'), Buffer.from('{"s":"id","v":[1]}').toString('base64url')]) {
      expect(refused(bad, 'id'), bad).toBe(true);
    }
  });

  it('refuses a forged cursor whose values PostgreSQL could not cast back to the sort columns', () => {
    const forged = (values: Array<string | null>) => encodeCursor({ sort: '-amount,close_date,updated_at,id', values });
    const types = ['numeric', 'date', 'timestamptz', 'uuid'];
    expect(refused(forged(['1', '2025-01-01', '2025-01-02 03:04:05+00', ID]), '-amount,close_date,updated_at,id', types)).toBe(false);
    for (const values of [
      ['abc', '2025-01-01', '2025-01-02 03:04:05+00', ID],
      ['1', '0000-01-01', '2025-01-02 03:04:05+00', ID],
      ['1', '2025-01-01', '2025-13-02 03:04:05+00', ID],
      ['1', '2025-01-01', '2025-01-02 03:04:05+00', 'not-a-uuid'],
      ['1', '2025-01-01', ID],
    ]) {
      expect(refused(forged(values), '-amount,close_date,updated_at,id', types), values.join(' ')).toBe(true);
    }
  });
});

import { describe, expect, it } from 'vitest';
import { BadRequestError } from '../errors/index.js';
import { decodeCursor, encodeCursor } from './cursor.codec.js';

describe('list cursor', () => {
  it('round-trips the sort and the key values, NULLs and microseconds included, as URL-safe text', () => {
    const cursor = { sort: '-amount,title,id', values: [null, 'Сделка «А»', '2025-01-02 03:04:05.123456+00', 'b6f1c7de-0c55-4c1e-9d6a-0f1f0f6a9a11'] };
    const text = encodeCursor(cursor);
    expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(text, '-amount,title,id')).toEqual(cursor);
  });

  it('refuses a cursor made for another sort, and garbage, as 400', () => {
    const text = encodeCursor({ sort: 'title,id', values: ['a', 'b'] });
    expect(() => decodeCursor(text, '-title,id')).toThrow(/another sort/);
    for (const bad of ['garbage', encodeCursor({ sort: 'id', values: [] }).slice(0, 5), Buffer.from('{"s":1,"v":[]}').toString('base64url'), Buffer.from('{"s":"id","v":[1]}').toString('base64url')]) {
      try {
        decodeCursor(bad, 'id');
        throw new Error(`accepted ${bad}`);
      } catch (error) {
        expect(BadRequestError.is(error)).toBe(true);
      }
    }
  });
});

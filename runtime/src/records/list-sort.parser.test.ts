import { describe, expect, it } from 'vitest';
import { parseSort, sortSignature } from './list-sort.parser.js';

describe('sort parameter', () => {
  it('reads "-amount,title" and the JSON form of saved views alike', () => {
    const expected = [
      { field: 'amount', dir: 'desc' },
      { field: 'title', dir: 'asc' },
    ];
    expect(parseSort('-amount,title')).toEqual(expected);
    expect(parseSort(' -amount , +title ')).toEqual(expected);
    expect(parseSort('[{"field":"amount","dir":"desc"},{"field":"title"}]')).toEqual(expected);
    expect(parseSort(undefined)).toEqual([]);
    expect(parseSort('')).toEqual([]);
  });

  it('refuses malformed sorts with 400', () => {
    for (const bad of ['[{"field":"amount","dir":"down"}]', '[{"dir":"asc"}]', '{"field":"amount"}', '[not json', 'amount;drop table', 'amount,amount', 'Amount']) {
      expect(() => parseSort(bad), bad).toThrow(expect.objectContaining({ status: 400, code: 'BAD_REQUEST' }));
    }
  });

  it('prints a canonical signature for cursors', () => {
    expect(sortSignature(parseSort('[{"field":"amount","dir":"desc"},{"field":"id"}]'))).toBe('-amount,id');
  });
});

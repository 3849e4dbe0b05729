import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMIT, MAX_LIMIT, parseExpand, parseListQuery } from './list-query.parser.js';

describe('list query string', () => {
  it('has defaults for everything', () => {
    expect(parseListQuery({})).toEqual({ filter: null, sort: [], limit: DEFAULT_LIMIT, cursor: null, q: null, expand: [], count: false, deleted: 'exclude' });
  });

  it('reads every parameter', () => {
    const query = parseListQuery({
      filter: '{"field":"amount","op":"gt","value":5}',
      sort: '-amount',
      limit: '10',
      cursor: 'abc',
      q: ' сделки ',
      expand: 'company, tags,company.owner',
      count: '1',
      deleted: 'only',
    });
    expect(query).toEqual({
      filter: { field: 'amount', op: 'gt', value: 5 },
      sort: [{ field: 'amount', dir: 'desc' }],
      limit: 10,
      cursor: 'abc',
      q: 'сделки',
      expand: ['company', 'tags', 'company.owner'],
      count: true,
      deleted: 'only',
    });
  });

  it('clamps the limit and refuses what it cannot read', () => {
    expect(parseListQuery({ limit: '100000' }).limit).toBe(MAX_LIMIT);
    for (const bad of [{ limit: '0' }, { limit: '-5' }, { limit: '2.5' }, { filter: '{' }, { deleted: 'maybe' }, { sort: ['a', 'b'] }, { q: { nested: 'x' } }]) {
      expect(() => parseListQuery(bad), JSON.stringify(bad)).toThrow(expect.objectContaining({ status: 400 }));
    }
    expect(() => parseExpand('company..owner')).toThrow(expect.objectContaining({ status: 400 }));
  });
});

import { describe, expect, it } from 'vitest';
import { asBinding, keysetAfter, orderBy, type KeysetColumn } from './keyset.predicate.js';

const amountDesc: KeysetColumn = { column: 'rec_deal.amount', dir: 'desc', sqlType: 'numeric(18,2)' };
const titleAsc: KeysetColumn = { column: 'rec_deal.title', dir: 'asc', sqlType: 'text' };
const id: KeysetColumn = { column: 'rec_deal.id', dir: 'asc', sqlType: 'uuid' };

describe('keyset paging', () => {
  it('orders with NULLs as the largest value in both directions', () => {
    expect(orderBy([amountDesc, titleAsc, id])).toEqual({
      sql: '?? DESC NULLS FIRST, ?? ASC NULLS LAST, ?? ASC NULLS LAST',
      bindings: ['rec_deal.amount', 'rec_deal.title', 'rec_deal.id'],
    });
  });

  it('continues after a row as the lexicographic expansion over the keys, casting cursor text back', () => {
    const after = keysetAfter([amountDesc, id], ['500.00', 'b6f1c7de-0c55-4c1e-9d6a-0f1f0f6a9a11']);
    expect(after.sql).toBe('((?? < CAST(? AS numeric(18,2))) OR (?? = CAST(? AS numeric(18,2)) AND (?? > CAST(? AS uuid) OR ?? IS NULL)))');
    expect(after.bindings).toEqual(['rec_deal.amount', '500.00', 'rec_deal.amount', '500.00', 'rec_deal.id', 'b6f1c7de-0c55-4c1e-9d6a-0f1f0f6a9a11', 'rec_deal.id']);
  });

  it('after a NULL: descending continues with the values, ascending only with later ties', () => {
    const desc = keysetAfter([amountDesc, id], [null, 'x']);
    expect(desc.sql).toBe('((?? IS NOT NULL) OR (?? IS NULL AND (?? > CAST(? AS uuid) OR ?? IS NULL)))');
    const asc = keysetAfter([{ ...amountDesc, dir: 'asc' }, id], [null, 'x']);
    expect(asc.sql).toBe('((?? IS NULL AND (?? > CAST(? AS uuid) OR ?? IS NULL)))');
  });

  it('refuses an SQL type that is not a plain type name', () => {
    expect(() => keysetAfter([{ ...titleAsc, sqlType: 'text); drop table x; --' }], ['a'])).toThrow(/unexpected SQL type/);
  });

  it('turns condition-compiler values into knex bindings without losing lists', () => {
    expect(asBinding(undefined)).toBeNull();
    expect(asBinding(['a', 'b'])).toEqual(['a', 'b']);
    expect(asBinding([1, 2])).toEqual([1, 2]);
    expect(asBinding(5)).toBe(5);
  });

  it('leaves out the NULL branch for columns that cannot be NULL, so an index range scan serves the page', () => {
    const after = keysetAfter([{ ...id, notNull: true }], ['00000000-0000-4000-8000-000000000001']);
    expect(after.sql).toBe('((?? > CAST(? AS uuid)))');
    expect(keysetAfter([id], ['00000000-0000-4000-8000-000000000001']).sql).toContain('IS NULL');
  });
});

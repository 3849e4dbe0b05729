import { describe, expect, it } from 'vitest';
import type { Entity } from '@crm/schemas';
import { combinedFilter, defaultColumns, listColumns, listKey, listViewsOf, nearEnd, sortOf, sortParam, toggleSort, viewSort } from './list-query.mapping.js';

const deal: Entity = {
  name: 'deal',
  label: { ru: 'Сделка', en: 'Deal' },
  display: 'title',
  fields: [
    { name: 'amount', type: 'money' },
    { name: 'title', type: 'text' },
    { name: 'description', type: 'longtext' },
    { name: 'stage', type: 'enum' },
    { name: 'company', type: 'relation', target: 'company' },
    { name: 'contacts', type: 'relation', target: 'contact', cardinality: 'many-to-many' },
  ],
};

describe('list columns', () => {
  it('shows the chosen columns the entity has, system columns included, and drops the rest', () => {
    expect(listColumns(deal, ['title', 'margin', 'owner', 'amount']).map((f) => [f.name, f.type])).toEqual([
      ['title', 'text'],
      ['owner', 'user'],
      ['amount', 'money'],
    ]);
  });

  it('without a view starts with the title and leaves out long text and to-many relations', () => {
    expect(defaultColumns(deal)).toEqual(['title', 'amount', 'stage', 'company']);
    expect(listColumns(deal, []).map((f) => f.name)).toEqual(['title', 'amount', 'stage', 'company']);
  });

  it('takes only list views of the entity', () => {
    const views = [
      { name: 'a', entity: 'deal', columns: ['title'] },
      { name: 'board', entity: 'deal', kind: 'kanban' as const },
      { name: 'c', entity: 'company', kind: 'list' as const },
    ];
    expect(listViewsOf({ views }, 'deal').map((v) => v.name)).toEqual(['a']);
  });
});

describe('sort', () => {
  it('sorts a new column ascending and flips the sorted one', () => {
    const asc = toggleSort([], 'amount');
    expect(asc).toEqual([{ field: 'amount', dir: 'asc' }]);
    const desc = toggleSort(asc, 'amount');
    expect(desc).toEqual([{ field: 'amount', dir: 'desc' }]);
    expect(toggleSort(desc, 'amount')).toEqual([{ field: 'amount', dir: 'asc' }]);
    expect(toggleSort(desc, 'title')).toEqual([{ field: 'title', dir: 'asc' }]);
    expect(sortOf(desc, 'amount')).toBe('desc');
    expect(sortOf(desc, 'title')).toBeNull();
  });

  it('writes the records API sort string and reads a view sort without a direction as ascending', () => {
    expect(sortParam([{ field: 'amount', dir: 'desc' }, { field: 'title', dir: 'asc' }])).toBe('-amount,title');
    expect(viewSort({ name: 'v', entity: 'deal', sort: [{ field: 'name' }] })).toEqual([{ field: 'name', dir: 'asc' }]);
  });
});

describe('filter and paging', () => {
  it('applies the view filter and the person filter together', () => {
    const view = { field: 'owner', op: 'eq', value: '$user' };
    const own = { field: 'amount', op: 'gt', value: 100 };
    expect(combinedFilter(null, null)).toBeNull();
    expect(combinedFilter(view, null)).toBe(view);
    expect(combinedFilter(undefined, own)).toBe(own);
    expect(combinedFilter(view, own)).toEqual({ and: [view, own] });
  });

  it('keys a list by what it asks for and loads more near the end only', () => {
    expect(listKey({ entity: 'deal', filter: null, sort: [], q: ' a ' })).toBe(listKey({ entity: 'deal', filter: null, sort: [], q: 'a' }));
    expect(nearEnd(0, 500, 5000)).toBe(false);
    expect(nearEnd(4200, 500, 5000)).toBe(true);
  });
});

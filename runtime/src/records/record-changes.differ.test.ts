import { describe, expect, it } from 'vitest';
import { diffRecords } from './record-changes.differ.js';
import { requireEntityModel } from './record-entity.model.js';
import { recordsTestApp } from './records.fixtures.js';

const deal = requireEntityModel(recordsTestApp(), 'deal');

describe('record changes', () => {
  it('on create lists every field that has a value, with old null', () => {
    expect(diffRecords(deal, null, { id: 'x', owner: 'u1', title: 'A', amount: null, tags: [], stage: 'new' })).toEqual([
      { field: 'owner', old: null, new: 'u1' },
      { field: 'title', old: null, new: 'A' },
      { field: 'stage', old: null, new: 'new' },
    ]);
  });

  it('ignores differences that vanish once stored: instants, money decimals, link order', () => {
    const contact = requireEntityModel(recordsTestApp(), 'contact');
    expect(diffRecords(contact, { full_name: 'A' }, { full_name: 'A' })).toEqual([]);
    const before = { title: 'A', amount: 10, tags: ['b', 'a'], version: 1 };
    expect(diffRecords(deal, before, { ...before, amount: 10.001, tags: ['a', 'b'], version: 2 })).toEqual([]);
    expect(diffRecords(deal, before, { ...before, amount: 11, tags: ['a'] })).toEqual([
      { field: 'amount', old: 10, new: 11 },
      { field: 'tags', old: ['b', 'a'], new: ['a'] },
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import type { Entity } from '@crm/schemas';
import { defaultChoices, differingFields, mergeRequest, rechooseForSurvivor, takenFrom, type MergeRecord } from './record-merge.rules.js';

const contact: Entity = {
  name: 'contact',
  label: { ru: 'Контакт', en: 'Contact' },
  fields: [
    { name: 'name', type: 'text' },
    { name: 'phone', type: 'phone' },
    { name: 'email', type: 'email' },
    { name: 'score', type: 'formula', expression: '1' },
    { name: 'deals', type: 'relation', target: 'deal', cardinality: 'one-to-many', inverse: 'contact' },
    { name: 'tags', type: 'multienum', options: [{ value: 'vip' }, { value: 'b2b' }] },
    { name: 'note', type: 'text' },
  ],
};

const a: MergeRecord = { id: 'a', version: 3, name: 'Иван Петров', phone: null, email: 'ivan@shop.test', score: 1, tags: ['vip'], note: 'x' };
const b: MergeRecord = { id: 'b', version: 1, name: 'И. Петров', phone: '+79123456789', email: 'ivan@shop.test', score: 2, tags: ['vip'], note: 'y' };
const c: MergeRecord = { id: 'c', version: 5, name: 'Петров', phone: '+79990000000', email: null, score: 3, tags: ['b2b'], note: 'x' };

describe('record merge choices', () => {
  it('lists the fields the records hold differently, leaving out computed fields and the other side of relations', () => {
    expect(differingFields(contact, [a, b]).map((f) => f.name)).toEqual(['name', 'phone', 'note']);
    expect(differingFields(contact, [a, b, c]).map((f) => f.name)).toEqual(['name', 'phone', 'email', 'tags', 'note']);
  });

  it('offers only fields the person may write', () => {
    expect(differingFields(contact, [a, b], { name: 'write', phone: 'read', note: 'write' }).map((f) => f.name)).toEqual(['name', 'note']);
  });

  it('keeps the survivor’s value, and fills what the survivor lacks from the first record that has it', () => {
    const fields = differingFields(contact, [a, b, c]);
    expect(defaultChoices(fields, [a, b, c], 'a')).toEqual({ name: 'a', phone: 'b', email: 'a', tags: 'a', note: 'a' });
    expect(defaultChoices(fields, [a, b, c], 'c')).toEqual({ name: 'c', phone: 'c', email: 'a', tags: 'c', note: 'c' });
  });

  it('keeps the person’s own choices when the survivor changes, and moves the rest with it', () => {
    const fields = differingFields(contact, [a, b, c]);
    const chosen = { ...defaultChoices(fields, [a, b, c], 'a'), note: 'b' };
    expect(rechooseForSurvivor(fields, [a, b, c], chosen, 'a', 'c')).toEqual({ name: 'c', phone: 'c', email: 'a', tags: 'c', note: 'b' });
  });

  it('sends only the values taken from other records, every other record as merged, and the versions seen', () => {
    const body = mergeRequest([a, b, c], 'a', { name: 'a', phone: 'b', email: 'a', tags: 'c', note: 'a' });
    expect(body).toEqual({ survivor: 'a', merged: ['b', 'c'], values: { phone: '+79123456789', tags: ['b2b'] }, versions: { a: 3, b: 1, c: 5 } });
    expect([...takenFrom({ name: 'a', phone: 'b', email: 'a', tags: 'c', note: 'b' }, 'a')]).toEqual([
      ['b', ['phone', 'note']],
      ['c', ['tags']],
    ]);
  });
});

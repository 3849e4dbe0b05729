import { describe, expect, it } from 'vitest';
import type { Field } from '@crm/schemas';
import { changedValues, formValuesOf, hasChanges } from './record-form.mapping.js';

const fields: Field[] = [
  { name: 'title', type: 'text' },
  { name: 'company', type: 'relation', target: 'company' },
  { name: 'tags', type: 'relation', target: 'tag', cardinality: 'many-to-many' },
  { name: 'manager', type: 'user' },
  { name: 'close_date', type: 'date' },
];

describe('record form values', () => {
  it('starts from ids where the record has expanded relations and people', () => {
    const record = { title: 'Поставка', company: { id: 'c1', name: 'Ромашка' }, tags: [{ id: 't1' }, { id: 't2' }], manager: { id: 'u1', name: 'Дмитрий' } };
    expect(formValuesOf(record, fields)).toEqual({ title: 'Поставка', company: 'c1', tags: ['t1', 't2'], manager: 'u1', close_date: null });
  });

  it('sends only what changed, a cleared value as null', () => {
    const original = { title: 'Поставка', company: 'c1', close_date: '2026-05-01' };
    const values = { title: 'Поставка серверов', company: 'c1', close_date: '' };
    expect(changedValues(original, values, ['title', 'company', 'close_date'])).toEqual({ title: 'Поставка серверов', close_date: null });
  });

  it('sees no change between an empty string, null and an absent value', () => {
    expect(hasChanges({ title: null }, { title: '' })).toBe(false);
    expect(hasChanges({ title: 'a' }, { title: 'b' })).toBe(true);
  });
});

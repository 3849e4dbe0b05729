import { describe, expect, it } from 'vitest';
import { flatHits, moveActive, recordTitle, searchable, toGroup } from './search-results.mapping.js';

const company = { name: 'company', display: 'name', fields: [{ name: 'name', type: 'text' as const }] };
const contact = { name: 'contact', fields: [{ name: 'phone', type: 'phone' as const }, { name: 'last_name', type: 'text' as const }] };

describe('global search results', () => {
  it('titles a record by its display field, else its first text field, else its id', () => {
    expect(recordTitle(company, { id: '1', name: 'Ромашка' })).toBe('Ромашка');
    expect(recordTitle(contact, { id: '2', last_name: 'Петров' })).toBe('Петров');
    expect(recordTitle(company, { id: '3', name: '' })).toBe('3');
  });

  it('flattens groups for the keyboard and wraps the highlight both ways', () => {
    const groups = [toGroup(company, [{ id: 'a', name: 'A' }]), toGroup(contact, []), toGroup(contact, [{ id: 'b', last_name: 'B' }])];
    expect(flatHits(groups).map((h) => `${h.entity}:${h.id}`)).toEqual(['company:a', 'contact:b']);
    expect(moveActive(-1, 1, 2)).toBe(0);
    expect(moveActive(-1, -1, 2)).toBe(1);
    expect(moveActive(1, 1, 2)).toBe(0);
    expect(moveActive(0, -1, 2)).toBe(1);
    expect(moveActive(0, 1, 0)).toBe(-1);
  });

  it('waits for two characters', () => {
    expect(searchable(' a ')).toBe(false);
    expect(searchable('ab')).toBe(true);
  });
});

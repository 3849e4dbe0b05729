import { describe, expect, it } from 'vitest';
import type { Entity } from '@crm/schemas';
import { duplicatesFromState, duplicatesIn, duplicatesOfCreated, matchedKeyLabels } from './record-duplicates.rules.js';

const match = { id: 'a1', display: 'Иван Петров', matchedOn: ['phone'] };

describe('record duplicates', () => {
  it('reads the matches of a create answer, and none when it has no _duplicates', () => {
    expect(duplicatesOfCreated({ id: 'n1', _duplicates: [match] })).toEqual([match]);
    expect(duplicatesOfCreated({ id: 'n1' })).toEqual([]);
  });

  it('keeps only well-formed matches', () => {
    expect(duplicatesIn([match, { id: 5 }, null, { id: 'b', display: null, matchedOn: ['email', 3] }, { id: 'c', display: null, matchedOn: [] }])).toEqual([
      match,
      { id: 'c', display: null, matchedOn: [] },
    ]);
    expect(duplicatesIn('nope')).toEqual([]);
  });

  it('takes history state only for the record it was left for', () => {
    const state = { back: '/x', duplicatesOf: 'n1', duplicates: [match] };
    expect(duplicatesFromState(state, 'n1')).toEqual([match]);
    expect(duplicatesFromState(state, 'n2')).toEqual([]);
    expect(duplicatesFromState(null, 'n1')).toEqual([]);
  });

  it('names the keys that matched by their fields in the person\u2019s language, a declared key as its fields joined', () => {
    const contact: Entity = {
      name: 'contact',
      label: { ru: 'Контакт', en: 'Contact' },
      fields: [
        { name: 'name', type: 'text', label: { ru: 'Имя', en: 'Name' } },
        { name: 'phone', type: 'phone', label: { ru: 'Телефон', en: 'Phone' } },
        { name: 'email', type: 'email', label: { ru: 'E-mail', en: 'E-mail' } },
        { name: 'inn', type: 'text', label: { ru: 'ИНН', en: 'Tax ID' } },
        { name: 'company', type: 'relation', target: 'company', label: { ru: 'Компания', en: 'Company' } },
        { name: 'title', type: 'text', label: { ru: 'Должность', en: 'Job title' } },
      ],
      duplicateKeys: [['inn'], ['company', 'title']],
    };
    const byKey = { id: 'b', display: null, matchedOn: ['company', 'title'] };
    const byInn = { id: 'c', display: null, matchedOn: ['inn', 'phone'] };
    expect(matchedKeyLabels([byKey], contact, 'ru')).toEqual(['Компания + Должность']);
    expect(matchedKeyLabels([byKey, byInn, match], contact, 'en')).toEqual(['Phone', 'Tax ID', 'Company + Job title']);
    // Without the entity the fields are named as they came.
    expect(matchedKeyLabels([byInn], undefined, 'ru')).toEqual(['inn', 'phone']);
  });
});

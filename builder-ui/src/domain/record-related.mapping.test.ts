import { describe, expect, it } from 'vitest';
import type { App } from '@crm/schemas';
import { relatedLists } from './record-related.mapping.js';

const app: Pick<App, 'entities'> = {
  entities: [
    { name: 'company', label: { en: 'Company', ru: 'Компания' }, fields: [{ name: 'name', type: 'text' }, { name: 'deals', type: 'relation', target: 'deal', cardinality: 'one-to-many', inverse: 'company' }] },
    { name: 'contact', label: { en: 'Contact', ru: 'Контакт' }, pluralLabel: { en: 'Contacts', ru: 'Контакты' }, display: 'last_name', fields: [{ name: 'last_name', type: 'text' }, { name: 'company', type: 'relation', target: 'company' }] },
    { name: 'deal', label: { en: 'Deal', ru: 'Сделка' }, fields: [{ name: 'company', type: 'relation', target: 'company' }] },
    { name: 'activity', label: { en: 'Activity', ru: 'Активность' }, fields: [{ name: 'deal', type: 'relation', target: 'deal' }] },
    { name: 'task', label: { en: 'Task', ru: 'Задача' }, fields: [{ name: 'deal', type: 'relation', target: 'deal' }] },
  ],
};

describe('relatedLists', () => {
  it('finds a company\u2019s contacts and deals from the relations pointing at it', () => {
    expect(relatedLists(app, 'company')).toEqual([
      { entity: 'contact', field: 'company', label: { en: 'Contacts', ru: 'Контакты' }, kind: 'list', display: 'last_name' },
      { entity: 'deal', field: 'company', label: { en: 'Deal', ru: 'Сделка' }, kind: 'list' },
    ]);
  });

  it('sends a deal\u2019s activities to the timeline and its tasks to the tasks panel', () => {
    expect(relatedLists(app, 'deal').map((s) => [s.entity, s.kind])).toEqual([
      ['activity', 'timeline'],
      ['task', 'tasks'],
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import type { App } from '@crm/schemas';
import { relatedLists } from './record-related.mapping.js';

const app: Pick<App, 'entities' | 'views'> = {
  entities: [
    { name: 'company', label: { en: 'Company', ru: 'Компания' }, fields: [{ name: 'name', type: 'text' }, { name: 'deals', type: 'relation', target: 'deal', cardinality: 'one-to-many', inverse: 'company' }] },
    { name: 'contact', label: { en: 'Contact', ru: 'Контакт' }, pluralLabel: { en: 'Contacts', ru: 'Контакты' }, display: 'last_name', fields: [{ name: 'last_name', type: 'text' }, { name: 'company', type: 'relation', target: 'company' }] },
    { name: 'deal', label: { en: 'Deal', ru: 'Сделка' }, fields: [{ name: 'company', type: 'relation', target: 'company' }] },
    { name: 'activity', label: { en: 'Activity', ru: 'Активность' }, fields: [{ name: 'deal', type: 'relation', target: 'deal' }, { name: 'due_at', type: 'datetime' }] },
    {
      name: 'task',
      label: { en: 'Task', ru: 'Задача' },
      fields: [
        { name: 'deal', type: 'relation', target: 'deal' },
        { name: 'due_at', type: 'datetime' },
        { name: 'done', type: 'boolean' },
        { name: 'assignee', type: 'user' },
      ],
    },
    { name: 'visit_note', label: { en: 'Visit note', ru: 'Заметка о визите' }, fields: [{ name: 'deal', type: 'relation', target: 'deal' }, { name: 'on', type: 'date' }] },
  ],
  views: [
    { name: 'calls', entity: 'activity', kind: 'calendar', dateField: 'due_at' },
    // "Assigned to me", with a done field and a due date: the definition's tasks (task-entities.rules.ts).
    { name: 'my_tasks', entity: 'task', kind: 'calendar', dateField: 'due_at', filter: { field: 'assignee', op: 'eq', value: '$user' } },
    { name: 'notes_by_day', entity: 'visit_note', kind: 'calendar', dateField: 'on' },
  ],
};

describe('relatedLists', () => {
  it('finds a company\u2019s contacts and deals from the relations pointing at it', () => {
    expect(relatedLists(app, 'company')).toEqual([
      { entity: 'contact', field: 'company', label: { en: 'Contacts', ru: 'Контакты' }, kind: 'list', display: 'last_name' },
      { entity: 'deal', field: 'company', label: { en: 'Deal', ru: 'Сделка' }, kind: 'list' },
    ]);
  });

  it('sends what has a calendar over a date and time to the timeline, tasks to the tasks panel, and day-only records to a list', () => {
    const specs = relatedLists(app, 'deal');
    expect(specs.map((s) => [s.entity, s.kind, s.layer?.dateField ?? null])).toEqual([
      ['activity', 'timeline', 'due_at'],
      ['task', 'tasks', null],
      ['visit_note', 'list', null],
    ]);
  });

  it('keeps an entity without a calendar view in a related list, and tasks no view assigns to the person too', () => {
    expect(relatedLists({ entities: app.entities, views: [] }, 'deal').map((s) => s.kind)).toEqual(['list', 'list', 'list']);
  });
});

import { describe, expect, it } from 'vitest';
import type { App } from '@crm/schemas';
import { loadTemplate } from '@crm/templates';
import { doneChange, myOpenTasksFilter, taskDue, taskEntities, taskTitle } from './task-entities.rules.js';

function appOf(name: string): App {
  return loadTemplate(name).app;
}

const CHORES: Pick<App, 'entities' | 'views'> = {
  entities: [
    {
      name: 'chore',
      label: { en: 'Chore' },
      display: 'what',
      fields: [
        { name: 'what', type: 'text' },
        { name: 'finished', type: 'boolean' },
        { name: 'created_on', type: 'date' },
        { name: 'deadline', type: 'datetime' },
        { name: 'who', type: 'user' },
      ],
    },
  ],
  views: [{ name: 'my_chores', entity: 'chore', filter: { and: [{ field: 'who', op: 'eq', value: '$user' }] }, sort: [{ field: 'deadline' }] }],
};

describe('task entities', () => {
  it('finds b2b-sales\u2019 tasks, not its calls and meetings', () => {
    expect(taskEntities(appOf('b2b-sales'))).toEqual([{ entity: 'task', assigneeField: 'assignee', doneField: 'status', doneValue: 'done', dueField: 'due_at', titleField: 'title' }]);
  });

  it('finds none in a support desk, whose tickets are the owner\u2019s queue', () => {
    expect(taskEntities(appOf('support-desk'))).toEqual([]);
  });

  it('takes any entity a view asks for as "assigned to me", with a yes/no done field and the view\u2019s sort as its due date', () => {
    const [chore] = taskEntities(CHORES);
    expect(chore).toEqual({ entity: 'chore', assigneeField: 'who', doneField: 'finished', doneValue: true, dueField: 'deadline', titleField: 'what' });
    if (!chore) return;
    expect(myOpenTasksFilter(chore)).toEqual({
      and: [
        { field: 'who', op: 'eq', value: '$user' },
        { or: [{ field: 'finished', op: 'eq', value: false }, { field: 'finished', op: 'isEmpty' }] },
      ],
    });
    expect(doneChange(chore)).toEqual({ finished: true });
    expect(taskTitle(chore, { what: 'Полить цветы' })).toBe('Полить цветы');
    expect(taskTitle(chore, { what: '' })).toBeNull();
    expect(taskDue(chore, { deadline: '2026-12-05T10:00:00Z' })).toBe('2026-12-05T10:00:00Z');
  });

  it('is not a task without a way to be done, or without a view assigning it to the person', () => {
    const [entity] = CHORES.entities;
    if (!entity) return;
    const undoable = { ...entity, fields: entity.fields.filter((f) => f.name !== 'finished') };
    expect(taskEntities({ entities: [undoable], views: CHORES.views })).toEqual([]);
    expect(taskEntities({ entities: CHORES.entities, views: [{ name: 'all', entity: 'chore' }] })).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import type { App } from '@crm/schemas';
import type { CalendarSource } from '../api/calendar.api.js';
import { calendarItems, calendarReminders, itemsAt } from './calendar-items.mapping.js';
import { calendarLayers } from './calendar-layers.mapping.js';

function rec(id: string, values: Record<string, unknown>) {
  return { id, version: 2, owner: 'me', created_at: '', created_by: null, updated_at: '', updated_by: null, deleted_at: null, ...values };
}

function processTask(id: string, dueAt: string | null, remindAt: string | null) {
  return { id, kind: 'task' as const, title: `Подготовить договор ${id}`, description: null, assignee: 'me', status: 'open', outcome: null, comment: null, dueAt, remindAt, entity: 'deal', recordId: 'd', runId: 'r', escalation: null, createdAt: '' };
}

const APP: Pick<App, 'views' | 'entities'> = {
  entities: [
    {
      name: 'task',
      label: { ru: 'Задача', en: 'Task' },
      display: 'title',
      fields: [
        { name: 'title', type: 'text' },
        { name: 'due_at', type: 'datetime' },
        { name: 'status', type: 'enum', options: [{ value: 'open' }, { value: 'done', label: { ru: 'Выполнена', en: 'Done' } }] },
      ],
    },
    {
      name: 'activity',
      label: { ru: 'Активность', en: 'Activity' },
      display: 'subject',
      fields: [
        { name: 'subject', type: 'text' },
        { name: 'kind', type: 'enum', options: [{ value: 'call', label: { ru: 'Звонок', en: 'Call' } }, { value: 'meeting', label: { ru: 'Встреча', en: 'Meeting' } }] },
        { name: 'due_at', type: 'datetime' },
        { name: 'done', type: 'boolean' },
      ],
    },
    { name: 'visit', label: { ru: 'Визит', en: 'Visit' }, display: 'title', fields: [{ name: 'title', type: 'text' }, { name: 'on', type: 'date' }] },
  ],
  views: [
    { name: 'my_tasks', label: { ru: 'Мои задачи', en: 'My tasks' }, entity: 'task', kind: 'calendar', dateField: 'due_at', columns: ['title', 'status'] },
    { name: 'my_activities', entity: 'activity', kind: 'calendar', dateField: 'due_at', columns: ['kind', 'subject', 'done'], filter: { field: 'owner', op: 'eq', value: '$user' } },
    { name: 'all_activities', entity: 'activity', kind: 'calendar', dateField: 'due_at', columns: ['kind'] },
    { name: 'visits', label: { ru: 'Визиты', en: 'Visits' }, entity: 'visit', kind: 'calendar', dateField: 'on' },
    { name: 'task_list', entity: 'task', kind: 'list' },
  ],
};
const LAYERS = calendarLayers(APP);

const SOURCE: CalendarSource = {
  records: {
    my_tasks: [rec('t1', { title: 'Отправить КП', due_at: '2026-12-04T07:00:00Z', status: 'open' }), rec('t2', { title: 'Без срока', due_at: null })],
    my_activities: [rec('a1', { subject: 'Звонок в «Вектор»', kind: 'call', due_at: '2026-12-03T21:30:00Z', done: false }), rec('a2', { subject: 'Встреча', kind: 'meeting', due_at: '2026-12-04T12:00:00Z', done: true })],
    all_activities: [rec('a2', { subject: 'Встреча', kind: 'meeting', due_at: '2026-12-04T12:00:00Z', done: true })],
    visits: [rec('v1', { title: 'Визит к клиенту', on: '2026-12-04' })],
  },
  processTasks: [processTask('p1', '2026-12-06T09:00:00Z', '2026-12-06T05:00:00Z'), processTask('p2', '2027-01-10T09:00:00Z', null)],
};

describe('calendarLayers', () => {
  it('makes a layer of each calendar view, reading kind and done from its columns', () => {
    expect(LAYERS.map((l) => [l.view, l.entity, l.dateField, l.allDay, l.kindField?.name ?? null, l.doneFields.map((f) => f.name)])).toEqual([
      ['my_tasks', 'task', 'due_at', false, null, ['status']],
      ['my_activities', 'activity', 'due_at', false, 'kind', ['done']],
      ['all_activities', 'activity', 'due_at', false, 'kind', []],
      ['visits', 'visit', 'on', true, null, []],
    ]);
    expect(LAYERS[1]?.filter).toEqual({ field: 'owner', op: 'eq', value: '$user' });
  });
});

describe('calendarItems', () => {
  it('places every layer’s records on their day and hour in the zone, once each, all-day ones first, leaving out undated ones', () => {
    const items = calendarItems(SOURCE, LAYERS, 'ru', 'Europe/Moscow');
    expect(items.map((i) => [i.key, i.kindLabel, i.day, i.allDay ? 'all day' : i.hour])).toEqual([
      ['visit:v1', 'Визит', '2026-12-04', 'all day'],
      ['activity:a1', 'Звонок', '2026-12-04', 0],
      ['task:t1', 'Задача', '2026-12-04', 10],
      ['activity:a2', 'Встреча', '2026-12-04', 15],
    ]);
    expect(items.find((i) => i.key === 'activity:a2')).toMatchObject({ done: true, layer: 'my_activities', dateField: 'due_at' });
    expect(calendarItems(SOURCE, LAYERS, 'en', 'Europe/Moscow').find((i) => i.key === 'activity:a1')?.kindLabel).toBe('Call');
    expect(itemsAt(items, '2026-12-04', 10).map((i) => i.title)).toEqual(['Отправить КП']);
  });

  it('reads a task as done from its status', () => {
    const done: CalendarSource = { records: { my_tasks: [rec('t3', { title: 'Готово', due_at: '2026-12-04T07:00:00Z', status: 'done' })] }, processTasks: [] };
    expect(calendarItems(done, LAYERS, 'ru')[0]?.done).toBe(true);
  });
});

describe('calendarReminders', () => {
  it('lists the reminders and due times of process tasks inside the range', () => {
    expect(calendarReminders(SOURCE, '2026-11-29T21:00:00Z', '2026-12-06T21:00:00Z')).toEqual([
      { id: 'p1:remind', title: 'Подготовить договор p1', at: '2026-12-06T05:00:00Z', kind: 'remind' },
      { id: 'p1:due', title: 'Подготовить договор p1', at: '2026-12-06T09:00:00Z', kind: 'due' },
    ]);
  });
});

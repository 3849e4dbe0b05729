import { describe, expect, it } from 'vitest';
import type { CalendarSource } from '../api/calendar.api.js';
import { calendarItems, calendarReminders, itemsAt } from './calendar-items.mapping.js';

function rec(id: string, values: Record<string, unknown>) {
  return { id, version: 2, owner: 'me', created_at: '', created_by: null, updated_at: '', updated_by: null, deleted_at: null, ...values };
}

function processTask(id: string, dueAt: string | null, remindAt: string | null) {
  return { id, kind: 'task' as const, title: `Подготовить договор ${id}`, description: null, assignee: 'me', status: 'open', outcome: null, comment: null, dueAt, remindAt, entity: 'deal', recordId: 'd', runId: 'r', escalation: null, createdAt: '' };
}

const SOURCE: CalendarSource = {
  tasks: [rec('t1', { title: 'Отправить КП', due_at: '2026-12-04T07:00:00Z', status: 'open' }), rec('t2', { title: 'Без срока', due_at: null })],
  activities: [rec('a1', { subject: 'Звонок в «Вектор»', kind: 'call', due_at: '2026-12-03T21:30:00Z', done: false }), rec('a2', { subject: 'Встреча', kind: 'meeting', due_at: '2026-12-04T12:00:00Z', done: true })],
  processTasks: [processTask('p1', '2026-12-06T09:00:00Z', '2026-12-06T05:00:00Z'), processTask('p2', '2027-01-10T09:00:00Z', null)],
};

describe('calendarItems', () => {
  it('places tasks and activities on their day and hour in the zone, the earliest first, leaving out undated ones', () => {
    const items = calendarItems(SOURCE, 'Europe/Moscow');
    expect(items.map((i) => [i.key, i.kind, i.day, i.hour])).toEqual([
      ['activity:a1', 'call', '2026-12-04', 0],
      ['task:t1', 'task', '2026-12-04', 10],
      ['activity:a2', 'meeting', '2026-12-04', 15],
    ]);
    expect(items[2]?.done).toBe(true);
    expect(itemsAt(items, '2026-12-04', 10).map((i) => i.title)).toEqual(['Отправить КП']);
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

import { createPinia, setActivePinia } from 'pinia';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { App } from '@crm/schemas';
import { createRecord, fetchWorkspaceDefinition, getRecord, updateRecord, type RecordData } from '../api/records.api.js';
import { wallTime } from '../domain/calendar-grid.rules.js';
import { signedInAdmin } from './ui-runtime.fixture.js';
import { useWorkspaceCalendarStore } from './workspace-calendar.store.js';

/* The calendar against a real runtime with b2b-sales: its `my_tasks_calendar` view shows my tasks by due_at. */

const ANCHOR = '2026-12-04';
let definition: App;
let adminId = '';

async function myTask(title: string): Promise<RecordData> {
  return createRecord('task', { title, assignee: adminId, status: 'open', due_at: `${ANCHOR}T10:30:00Z` });
}

describe('the calendar store', () => {
  beforeAll(async () => {
    adminId = (await signedInAdmin()).id;
    definition = (await fetchWorkspaceDefinition()).definition;
  });
  beforeEach(() => {
    setActivePinia(createPinia());
  });

  it('shows a Monday-first week in Russian, a Sunday-first one in English, and a single day', async () => {
    const task = await myTask('Отправить КП');
    const calendar = useWorkspaceCalendarStore();
    await calendar.applyPeriod({ locale: 'ru', anchor: ANCHOR, definition });
    expect(calendar.days[0]).toBe('2026-11-30');
    expect(calendar.items.find((i) => i.key.includes(task.id))?.title).toBe('Отправить КП');
    await calendar.applyPeriod({ locale: 'en' });
    expect(calendar.days[0]).toBe('2026-11-29');
    await calendar.applyPeriod({ view: 'day' });
    expect(calendar.days).toEqual([ANCHOR]);
    await calendar.applyStep(1);
    expect(calendar.anchor).toBe('2026-12-05');
    expect(calendar.items.find((i) => i.key.includes(task.id))).toBeUndefined();
  });

  it('moves an item to another day keeping its time, on the version it was read at', async () => {
    const task = await myTask('Позвонить клиенту');
    const calendar = useWorkspaceCalendarStore();
    await calendar.applyPeriod({ locale: 'ru', anchor: ANCHOR, definition });
    const item = calendar.items.find((i) => i.key.includes(task.id));
    if (!item) throw new Error('no item');
    const target = '2026-12-02';
    await expect(calendar.applyMove(item.key, target, null)).resolves.toBe(true);
    const stored = await getRecord('task', task.id);
    expect(stored.version).toBe(task.version + 1);
    expect(typeof stored['due_at'] === 'string' && wallTime(new Date(stored['due_at']), calendar.timeZone)).toEqual({ day: target, hour: item.hour, minute: item.minute });
  });

  it('moves an item to an hour of a day and puts it back with the reason when refused', async () => {
    const task = await myTask('Встреча');
    const calendar = useWorkspaceCalendarStore();
    await calendar.applyPeriod({ locale: 'ru', anchor: ANCHOR, definition });
    const item = calendar.items.find((i) => i.key.includes(task.id));
    if (!item) throw new Error('no item');
    // Someone changes the task after the calendar read it.
    await updateRecord('task', task.id, { priority: 'high' }, task.version);
    const hour = item.hour === 9 ? 10 : 9;
    await expect(calendar.applyMove(item.key, item.day, hour)).resolves.toBe(false);
    expect(calendar.items.find((i) => i.key === item.key)?.dueAt).toBe(item.dueAt);
    expect(calendar.problems[item.key]).toMatch(/[а-я]/);
    expect(await getRecord('task', task.id)).toMatchObject({ due_at: task['due_at'] });
  });
});

import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { App } from '@crm/schemas';
import { ApiError } from '../api/http.client.js';
import { wallTime } from '../domain/calendar-grid.rules.js';
import { useWorkspaceCalendarStore } from './workspace-calendar.store.js';

const api = vi.hoisted(() => ({ fetchCalendarItems: vi.fn(), patchDate: vi.fn() }));
vi.mock('../api/calendar.api.js', () => api);

const APP: Pick<App, 'entities' | 'views'> = {
  entities: [{ name: 'task', label: { ru: 'Задача', en: 'Task' }, display: 'title', fields: [{ name: 'title', type: 'text' }, { name: 'due_at', type: 'datetime' }] }],
  views: [{ name: 'my_tasks', entity: 'task', kind: 'calendar', dateField: 'due_at', filter: { field: 'owner', op: 'eq', value: '$user' } }],
};

function rec(id: string, values: Record<string, unknown>) {
  return { id, version: 5, owner: 'me', created_at: '', created_by: null, updated_at: '', updated_by: null, deleted_at: null, ...values };
}

describe('the calendar store', () => {
  let dueAt = '';
  beforeEach(() => {
    setActivePinia(createPinia());
    vi.resetAllMocks();
    dueAt = new Date(Date.now() + 3600_000).toISOString();
    api.fetchCalendarItems.mockResolvedValue({ records: { my_tasks: [rec('t1', { title: 'Отправить КП', due_at: dueAt, status: 'open' })] }, processTasks: [] });
  });

  it('shows a Monday-first week in Russian, a Sunday-first one in English, and a single day', async () => {
    const calendar = useWorkspaceCalendarStore();
    await calendar.applyPeriod({ locale: 'ru', anchor: '2026-12-04', definition: APP });
    expect(calendar.days[0]).toBe('2026-11-30');
    await calendar.applyPeriod({ locale: 'en' });
    expect(calendar.days[0]).toBe('2026-11-29');
    await calendar.applyPeriod({ view: 'day' });
    expect(calendar.days).toEqual(['2026-12-04']);
    await calendar.applyStep(1);
    expect(calendar.anchor).toBe('2026-12-05');
    expect(api.fetchCalendarItems).toHaveBeenLastCalledWith(calendar.range.from, calendar.range.to, [expect.objectContaining({ view: 'my_tasks', entity: 'task', dateField: 'due_at' })]);
  });

  it('moves an item to another day keeping its time, on the version it was read at', async () => {
    const calendar = useWorkspaceCalendarStore();
    await calendar.applyPeriod({ locale: 'ru', definition: APP });
    const item = calendar.items[0];
    if (!item) throw new Error('no item');
    api.patchDate.mockImplementation((_e: string, id: string, _f: string, next: string) => Promise.resolve(rec(id, { due_at: next })));
    const target = '2030-01-02';
    await expect(calendar.applyMove(item.key, target, null)).resolves.toBe(true);
    const [, , field, sent, version] = api.patchDate.mock.calls[0] ?? [];
    expect(field).toBe('due_at');
    expect(version).toBe(5);
    expect(typeof sent === 'string' && wallTime(new Date(sent), calendar.timeZone)).toEqual({ day: target, hour: item.hour, minute: item.minute });
  });

  it('moves an item to an hour of a day and puts it back with the reason when refused', async () => {
    const calendar = useWorkspaceCalendarStore();
    await calendar.applyPeriod({ locale: 'ru', definition: APP });
    const item = calendar.items[0];
    if (!item) throw new Error('no item');
    api.patchDate.mockRejectedValue(new ApiError(412, 'VERSION_CONFLICT', 'Changed meanwhile', [{ message: 'Changed', message_ru: 'Запись изменили, пока вы её переносили.' }]));
    const hour = item.hour === 9 ? 10 : 9;
    await expect(calendar.applyMove(item.key, item.day, hour)).resolves.toBe(false);
    expect(calendar.items[0]?.dueAt).toBe(dueAt);
    expect(calendar.problems[item.key]).toBe('Запись изменили, пока вы её переносили.');
  });
});

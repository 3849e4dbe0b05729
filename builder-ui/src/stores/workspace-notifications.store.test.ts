import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';

const api = vi.hoisted(() => ({ fetchNotifications: vi.fn(), markNotificationRead: vi.fn() }));
vi.mock('../api/notifications.api.js', () => ({ fetchNotifications: api.fetchNotifications, markNotificationRead: api.markNotificationRead }));

import { useWorkspaceNotificationsStore } from './workspace-notifications.store.js';

const note = (id: number, readAt: string | null) => ({ id, message: `n${id}`, entity: null, recordId: null, runId: null, readAt, createdAt: '2026-12-04T10:00:00Z' });

describe('the notifications store', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
    vi.resetAllMocks();
  });

  it('counts unread notifications and marks one read', async () => {
    api.fetchNotifications.mockResolvedValue([note(2, null), note(1, '2026-12-01T00:00:00Z'), note(3, null)]);
    api.markNotificationRead.mockResolvedValue(undefined);
    const bell = useWorkspaceNotificationsStore();
    await bell.load();
    expect(bell.unread).toBe(2);
    await bell.applyRead(2);
    expect(api.markNotificationRead).toHaveBeenCalledWith(2);
    expect(bell.unread).toBe(1);
  });

  it('puts the notification back to unread when marking fails', async () => {
    api.fetchNotifications.mockResolvedValue([note(5, null)]);
    api.markNotificationRead.mockRejectedValue(new Error('offline'));
    const bell = useWorkspaceNotificationsStore();
    await bell.load();
    await bell.applyRead(5);
    expect(bell.unread).toBe(1);
    expect(bell.error).toBeInstanceOf(Error);
  });
});

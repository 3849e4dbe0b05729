import { createPinia, setActivePinia } from 'pinia';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ApiError, useCsrfToken } from '../api/http.client.js';
import { fetchNotifications } from '../api/notifications.api.js';
import { fetchMe } from '../api/session.api.js';
import { lostBigDeal, signedInAdmin } from './ui-runtime.fixture.js';
import { useWorkspaceNotificationsStore } from './workspace-notifications.store.js';

/* The bell against a real runtime: b2b-sales notifies the owner of a big deal that is lost. */

describe('the notifications store', () => {
  beforeAll(async () => {
    const admin = await signedInAdmin();
    await lostBigDeal(admin.id, 'Поставка турбин');
    await lostBigDeal(admin.id, 'Поставка генераторов');
  });
  beforeEach(() => {
    setActivePinia(createPinia());
  });

  it('counts unread notifications and marks one read', async () => {
    const bell = useWorkspaceNotificationsStore();
    await bell.load();
    expect(bell.unread).toBe(2);
    const first = bell.items[0];
    if (!first) throw new Error('no notification');
    await bell.applyRead(first.id);
    expect(bell.unread).toBe(1);
    expect(bell.error).toBeNull();
    expect((await fetchNotifications()).filter((n) => n.readAt === null)).toHaveLength(1);
  });

  it('puts the notification back to unread when marking fails', async () => {
    const bell = useWorkspaceNotificationsStore();
    await bell.load();
    const unread = bell.items.find((n) => n.readAt === null);
    if (!unread) throw new Error('no unread notification');
    // A cookie write without the CSRF token: the runtime refuses it.
    useCsrfToken(null);
    try {
      await bell.applyRead(unread.id);
    } finally {
      await fetchMe();
    }
    expect(bell.unread).toBe(1);
    expect(bell.error).toBeInstanceOf(ApiError);
    expect((await fetchNotifications()).find((n) => n.id === unread.id)?.readAt).toBeNull();
  });
});

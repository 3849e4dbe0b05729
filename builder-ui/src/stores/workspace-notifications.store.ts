import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { fetchNotifications, markNotificationRead, type AppNotification } from '../api/notifications.api.js';

/** The notification bell: the person's notifications, newest first, the unread count, marking read. */
export const useWorkspaceNotificationsStore = defineStore('workspace-notifications', () => {
  const items = ref<AppNotification[]>([]);
  const loaded = ref(false);
  const error = ref<unknown>(null);

  const unread = computed(() => items.value.filter((n) => n.readAt === null).length);

  async function load(): Promise<void> {
    try {
      items.value = await fetchNotifications();
      loaded.value = true;
      error.value = null;
    } catch (caught: unknown) {
      error.value = caught;
    }
  }

  async function applyRead(id: number): Promise<void> {
    const before = items.value;
    items.value = items.value.map((n) => (n.id === id && n.readAt === null ? { ...n, readAt: new Date().toISOString() } : n));
    try {
      await markNotificationRead(id);
    } catch (caught: unknown) {
      items.value = before;
      error.value = caught;
    }
  }

  async function applyAllRead(): Promise<void> {
    await Promise.all(items.value.filter((n) => n.readAt === null).map((n) => applyRead(n.id)));
  }

  return { items, loaded, error, unread, load, applyRead, applyAllRead };
});

import { apiRequest } from './http.client.js';

/*
 * /api/notifications: the signed-in person's in-app notifications left by processes (the notify
 * node), newest first, and marking one read (runtime/src/inbox/notifications.routes.ts).
 */

export interface AppNotification {
  id: number;
  /** The text the process (or a task reminder) wrote. */
  message: string;
  entity: string | null;
  recordId: string | null;
  runId: string | null;
  readAt: string | null;
  createdAt: string;
}

export async function fetchNotifications(): Promise<AppNotification[]> {
  return (await apiRequest<{ data: AppNotification[] }>('GET', '/api/notifications')).data;
}

export function markNotificationRead(id: number): Promise<void> {
  return apiRequest<void>('POST', `/api/notifications/${id}/read`);
}

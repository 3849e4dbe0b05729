import type { AppNotification, AppNotificationList } from '@crm/schemas';
import { apiRequest } from './http.client.js';

/*
 * /api/notifications: the signed-in person's in-app notifications left by processes (the notify
 * node), newest first, and marking one read (runtime/src/inbox/notifications.routes.ts). The shape
 * is the contract type of @crm/schemas (http/notifications.contract.ts).
 */

export type { AppNotification };

export async function fetchNotifications(): Promise<AppNotification[]> {
  return (await apiRequest<AppNotificationList>('GET', '/api/notifications')).data;
}

export function markNotificationRead(id: number): Promise<void> {
  return apiRequest<void>('POST', `/api/notifications/${id}/read`);
}

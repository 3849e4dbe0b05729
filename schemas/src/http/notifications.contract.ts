/*
 * /api/notifications (runtime/src/inbox/notifications.routes.ts): the signed-in person's in-app
 * notifications, left by processes (the notify node) and task reminders, newest first.
 */

export interface AppNotification {
  id: number;
  /** The text the process (or a task reminder) wrote. */
  message: string;
  /** The record it is about, when there is one. */
  entity: string | null;
  recordId: string | null;
  /** The process run that left it. */
  runId: string | null;
  /** ISO 8601 instants; null: not read yet. */
  readAt: string | null;
  createdAt: string;
}

/** GET /api/notifications (at most 200; `?unread=1` only the unread ones). */
export interface AppNotificationList {
  data: AppNotification[];
}

import type { Knex } from 'knex';
import type { AppNotification } from '@crm/schemas';

/*
 * The engine's notifications table (written by the notify node) as the inbox routes see it: one
 * person's notifications, newest first, and marking one read. Only the owner's rows are touched.
 */

/** A row as both drivers hand it over (bigints as numbers, timestamps as ISO strings: db/database.factory.ts). */
interface NotificationRow {
  id: number;
  message: string;
  entity: string | null;
  record_id: string | null;
  run_id: string | null;
  read_at: string | null;
  created_at: string;
}

const PAGE = 200;

export async function listNotifications(knex: Knex, userId: string, options: { unreadOnly: boolean }): Promise<AppNotification[]> {
  const q = knex('notifications').where({ user_id: userId });
  if (options.unreadOnly) q.whereNull('read_at');
  const rows: NotificationRow[] = await q.orderBy('id', 'desc').limit(PAGE).select('id', 'message', 'entity', 'record_id', 'run_id', 'read_at', 'created_at');
  return rows.map((r) => ({ id: Number(r.id), message: r.message, entity: r.entity, recordId: r.record_id, runId: r.run_id, readAt: r.read_at, createdAt: r.created_at }));
}

/** False when the person has no notification with that id. */
export async function markNotificationRead(knex: Knex, userId: string, id: number): Promise<boolean> {
  const count = await knex('notifications').where({ id, user_id: userId }).update({ read_at: knex.fn.now() });
  return count > 0;
}

import type { Knex } from 'knex';

/**
 * Tasks with a reminder get an in-app notification when the reminder is due, once: each reminder
 * is claimed with SKIP LOCKED and marked in the same transaction as its notification.
 */
export async function sendDueReminders(knex: Knex, batch = 100): Promise<number> {
  return knex.transaction(async (trx) => {
    const result: { rows: Array<{ id: string; assignee_id: string | null; title: string; entity: string | null; record_id: string | null; run_id: string | null; due_at: string | null }> } =
      await trx.raw(
        `SELECT id, assignee_id, title, entity, record_id, run_id, due_at FROM human_tasks
         WHERE status = 'open' AND reminded_at IS NULL AND remind_at IS NOT NULL AND remind_at <= now()
         ORDER BY remind_at LIMIT ? FOR UPDATE SKIP LOCKED`,
        [batch],
      );
    const due = result.rows.filter((t) => t.assignee_id !== null);
    if (due.length > 0) {
      await trx('notifications')
        .insert(
          due.map((t) => ({
            user_id: t.assignee_id,
            message: `Напоминание / Reminder: ${t.title}${t.due_at ? ` (${t.due_at})` : ''}`,
            entity: t.entity,
            record_id: t.record_id,
            run_id: t.run_id,
            idempotency_key: `reminder:${t.id}`,
          })),
        )
        .onConflict('idempotency_key')
        .ignore();
    }
    if (result.rows.length > 0) await trx('human_tasks').whereIn('id', result.rows.map((t) => t.id)).update({ reminded_at: trx.fn.now() });
    return due.length;
  });
}

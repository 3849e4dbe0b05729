import type { Knex } from 'knex';
import { unsubscribeHeaders, unsubscribeUrlOf } from './mailing-links.rules.js';

/*
 * Moves the queued messages of mailings being sent into mail_outbox, at each mailing's throttle:
 * at most throttle_per_minute messages of one mailing enter the outbox in any 60 seconds (counted
 * from the moves recorded on its recipients), the rest wait for a later run. The mail delivery duty
 * then sends them like any other mail. The outbox row's idempotency key is `mailing:<recipient id>`,
 * which is how a recipient's sent/failed state is read back; the unique key also makes a move
 * repeated after a crash a no-op.
 *
 * An address that unsubscribed after the send but before its message moved gets nothing: it is
 * marked unsubscribed instead. A mailing with nothing left to move is marked sent.
 *
 * Each message carries List-Unsubscribe (the recipient's own link on the mailing's base URL) and
 * List-Unsubscribe-Post (RFC 8058 one-click), so mail clients offer their unsubscribe button.
 *
 * Mailings are claimed with SKIP LOCKED, so several workers never move the same messages. `at` is
 * the moment of the run (tests pass a later one to see the next minute's share).
 */

interface SendingMailing {
  id: string;
  throttle_per_minute: number;
  entity: string | null;
  sent_by: string | null;
  base_url: string | null;
}

interface QueuedMessage {
  id: string | number;
  token: string;
  record_id: string;
  email: string;
  subject: string;
  body: string;
  html: boolean;
  unsubscribed: boolean;
}

export function outboxKeyOf(recipientId: string | number): string {
  return `mailing:${recipientId}`;
}

async function moveShare(trx: Knex, mailing: SendingMailing, at: Date): Promise<void> {
  const since = new Date(at.getTime() - 60_000);
  const recent: { count?: unknown } | undefined = await trx('mailing_recipients').where({ mailing_id: mailing.id }).where('moved_at', '>', since).count({ count: '*' }).first();
  const room = mailing.throttle_per_minute - Number(recent?.count ?? 0);
  if (room > 0) {
    const rows: QueuedMessage[] = await trx('mailing_recipients as r')
      .leftJoin('mailing_unsubscribes as u', 'u.email', 'r.email')
      .where({ 'r.mailing_id': mailing.id, 'r.status': 'queued' })
      .whereNull('r.moved_at')
      .orderBy('r.id')
      .limit(room)
      .select('r.id', 'r.token', 'r.record_id', 'r.email', 'r.subject', 'r.body', 'r.html', trx.raw('u.email IS NOT NULL AS unsubscribed'));
    const sending = rows.filter((r) => !r.unsubscribed);
    const dropped = rows.filter((r) => r.unsubscribed).map((r) => r.id);
    if (dropped.length > 0) await trx('mailing_recipients').whereIn('id', dropped).update({ status: 'unsubscribed' });
    if (sending.length > 0) {
      await trx('mail_outbox')
        // With the record and the sender, so the mailbox shows each message on its contact to those who may read it.
        .insert(sending.map((r) => ({ idempotency_key: outboxKeyOf(r.id), to: JSON.stringify([r.email]), subject: r.subject, body: r.body, html: r.html, headers: JSON.stringify(unsubscribeHeaders(unsubscribeUrlOf(mailing.base_url ?? '', r.token))), entity: mailing.entity, record_id: r.record_id, sent_by: mailing.sent_by })))
        .onConflict('idempotency_key')
        .ignore();
      await trx('mailing_recipients')
        .whereIn('id', sending.map((r) => r.id))
        .update({ moved_at: at, outbox_key: trx.raw(`'mailing:' || id`) });
    }
  }
  const left: { id?: unknown } | undefined = await trx('mailing_recipients').where({ mailing_id: mailing.id, status: 'queued' }).whereNull('moved_at').first('id');
  if (!left) await trx('mailings').where({ id: mailing.id }).update({ status: 'sent', finished_at: at });
}

/** One run of the duty; answers how many mailings were advanced. */
export async function queueMailings(knex: Knex, at: Date = new Date()): Promise<number> {
  return knex.transaction(async (trx) => {
    const result: { rows: SendingMailing[] } = await trx.raw(`SELECT id, throttle_per_minute, entity, sent_by, base_url FROM mailings WHERE status = 'sending' ORDER BY sent_at LIMIT 20 FOR UPDATE SKIP LOCKED`);
    for (const mailing of result.rows) await moveShare(trx, mailing, at);
    return result.rows.length;
  });
}

import type { Knex } from 'knex';
import nodemailer, { type SendMailOptions } from 'nodemailer';
import { headersOf } from './mail-headers.rules.js';

/*
 * Delivers the e-mail processes put in mail_outbox. With CRM_SMTP_URL set (smtp://user:pass@host:587)
 * it is sent through nodemailer, with the outbox row's idempotency key as the Message-ID, so a
 * receiving server can drop a duplicate of a message re-sent after a crash. Without SMTP it stays in
 * the local mailbox (GET /api/mailbox), marked delivered locally. Rows are claimed with SKIP LOCKED;
 * a failing send is retried with backoff, then marked failed. A row's own headers (a mailing's
 * List-Unsubscribe) go out with it, as mail-headers.rules.ts reads them.
 */

export interface MailTransport {
  readonly name: string;
  send(message: { messageId: string; to: string[]; subject: string; text?: string; html?: string; from: string; headers?: Record<string, string> }): Promise<void>;
}

export function transportFromEnv(env: NodeJS.ProcessEnv = process.env): MailTransport | null {
  const url = env.CRM_SMTP_URL;
  if (!url) return null;
  return nodemailerTransport(nodemailer.createTransport(url));
}

/** Our transport over a nodemailer one (SMTP in production; tests pass a stream transport to read the raw message). */
export function nodemailerTransport(transporter: { sendMail(options: SendMailOptions): Promise<unknown> }, name = 'smtp'): MailTransport {
  return {
    name,
    async send(message) {
      await transporter.sendMail(message);
    },
  };
}

interface OutboxRow {
  id: number;
  idempotency_key: string;
  to: unknown;
  subject: string;
  body: string;
  html: boolean;
  headers: unknown;
  attempts: number;
}

const MAX_ATTEMPTS = 8;

export async function deliverMail(knex: Knex, transport: MailTransport | null, from: string, batch = 20): Promise<number> {
  const claimed: OutboxRow[] = await knex.transaction(async (trx) => {
    const result: { rows: OutboxRow[] } = await trx.raw(
      `SELECT id, idempotency_key, "to", subject, body, html, headers, attempts FROM mail_outbox
       WHERE status = 'pending' AND next_attempt_at <= now() ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED`,
      [batch],
    );
    if (result.rows.length === 0) return [];
    if (!transport) {
      await trx('mail_outbox').whereIn('id', result.rows.map((r) => r.id)).update({ status: 'delivered', transport: 'local', sent_at: trx.fn.now() });
      return [];
    }
    // Held for five minutes while we send; a crash before the result is written frees them again.
    await trx('mail_outbox').whereIn('id', result.rows.map((r) => r.id)).update({ next_attempt_at: trx.raw(`now() + interval '5 minutes'`) });
    return result.rows;
  });
  for (const row of claimed) {
    const to = Array.isArray(row.to) ? row.to.filter((t): t is string => typeof t === 'string') : [];
    const headers = headersOf(row.headers);
    try {
      await transport?.send({ messageId: `<${row.idempotency_key}@crm.local>`, to, subject: row.subject, ...(row.html ? { html: row.body } : { text: row.body }), from, ...(Object.keys(headers).length > 0 ? { headers } : {}) });
      await knex('mail_outbox').where({ id: row.id }).update({ status: 'sent', transport: transport?.name ?? 'local', sent_at: knex.fn.now(), attempts: row.attempts + 1 });
    } catch (error) {
      const attempts = row.attempts + 1;
      const message = error instanceof Error ? error.message : String(error);
      await knex('mail_outbox')
        .where({ id: row.id })
        .update({
          attempts,
          status: attempts >= MAX_ATTEMPTS ? 'failed' : 'pending',
          last_error: JSON.stringify({ message }),
          next_attempt_at: knex.raw(`now() + (? || ' seconds')::interval`, [String(Math.min(3600, 30 * 2 ** attempts))]),
        });
    }
  }
  return claimed.length;
}

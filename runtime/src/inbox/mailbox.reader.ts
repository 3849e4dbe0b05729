import type { Knex } from 'knex';

/*
 * The engine's mail_outbox (written by the email node, sent by mail/mail-delivery.duty.ts) read as
 * the local mailbox: the latest messages, whatever their status.
 */

export interface MailboxEntry {
  id: number;
  to: unknown;
  subject: unknown;
  body: unknown;
  html: unknown;
  status: unknown;
  transport: unknown;
  attempts: unknown;
  lastError: unknown;
  runId: unknown;
  createdAt: unknown;
  sentAt: unknown;
}

const PAGE = 200;

export async function readMailbox(knex: Knex): Promise<MailboxEntry[]> {
  const rows: Array<Record<string, unknown>> = await knex('mail_outbox').orderBy('id', 'desc').limit(PAGE);
  return rows.map((r) => ({
    id: Number(r['id']),
    to: r['to'],
    subject: r['subject'],
    body: r['body'],
    html: r['html'],
    status: r['status'],
    transport: r['transport'],
    attempts: r['attempts'],
    lastError: r['last_error'],
    runId: r['run_id'],
    createdAt: r['created_at'],
    sentAt: r['sent_at'],
  }));
}

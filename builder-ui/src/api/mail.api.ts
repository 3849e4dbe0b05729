import { apiRequest } from './http.client.js';

/*
 * The local mailbox (GET /api/mailbox, runtime/src/inbox): mail the caller may see, as queued in
 * mail_outbox, whatever its status; with SMTP configured the same list shows what was handed over.
 */

/** One message as the runtime reads it; members it does not send yet are absent or null. */
export interface MailboxEntry {
  id: number;
  to: unknown;
  subject: unknown;
  body: unknown;
  html?: unknown;
  status: unknown;
  transport?: unknown;
  lastError?: unknown;
  createdAt: unknown;
  sentAt?: unknown;
  /** The record the mail is about, when it was written from a record or a process. */
  entity?: unknown;
  recordId?: unknown;
}

export async function fetchMailbox(): Promise<MailboxEntry[]> {
  const answer = await apiRequest<{ data?: MailboxEntry[]; items?: MailboxEntry[] }>('GET', '/api/mailbox');
  return answer.data ?? answer.items ?? [];
}

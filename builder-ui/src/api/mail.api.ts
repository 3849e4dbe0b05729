import type { MailboxMessage } from '@crm/schemas';
import { apiRequest } from './http.client.js';

/*
 * The mailbox (GET /api/mailbox, runtime/src/inbox): mail the caller may see, newest first, as
 * queued in mail_outbox whatever its status; without SMTP it is where mail lands.
 */

export type { MailboxMessage, MailStatus } from '@crm/schemas';

export async function fetchMailbox(): Promise<MailboxMessage[]> {
  return (await apiRequest<{ data: MailboxMessage[] }>('GET', '/api/mailbox')).data;
}

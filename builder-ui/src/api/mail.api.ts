import type { MailboxMessage, RecordEmail, RecordEmailList } from '@crm/schemas';
import { apiRequest } from './http.client.js';

/*
 * The mailbox (GET /api/mailbox, runtime/src/inbox): mail the caller may see, newest first, as
 * queued in mail_outbox whatever its status; without SMTP it is where mail lands.
 */

export type { MailboxMessage, MailRecordRef, MailStatus, RecordEmail } from '@crm/schemas';

export async function fetchMailbox(): Promise<MailboxMessage[]> {
  return (await apiRequest<{ data: MailboxMessage[] }>('GET', '/api/mailbox')).data;
}

/** A record's e-mails for its timeline (GET /api/records/:entity/:id/emails): 404 unless the person may read the record. */
export async function fetchRecordEmails(entity: string, id: string): Promise<RecordEmail[]> {
  return (await apiRequest<RecordEmailList>('GET', `/api/records/${encodeURIComponent(entity)}/${encodeURIComponent(id)}/emails`)).items;
}

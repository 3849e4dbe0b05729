import type { RecipientStatus } from '@crm/schemas';

/*
 * A recipient's status, from what was recorded: skipped at send because the address had
 * unsubscribed, or unsubscribed through this mailing's link; clicked a tracked link; otherwise the
 * state of its mail_outbox row (none yet or pending: queued; sent or delivered to the local
 * mailbox: sent; failed after its retries: failed). A click outranks the rest: it is the furthest
 * a recipient went.
 */

export interface RecipientFacts {
  /** mailing_recipients.status: queued, or unsubscribed when skipped at send. */
  stored: string;
  clickedAt: unknown;
  unsubscribedAt: unknown;
  /** mail_outbox.status of the recipient's message, null before it was moved there. */
  outbox: string | null;
}

export function recipientStatus(facts: RecipientFacts): RecipientStatus {
  if (facts.stored === 'unsubscribed') return 'unsubscribed';
  if (facts.clickedAt) return 'clicked';
  if (facts.unsubscribedAt) return 'unsubscribed';
  if (facts.outbox === 'sent' || facts.outbox === 'delivered') return 'sent';
  if (facts.outbox === 'failed') return 'failed';
  return 'queued';
}

import type { MailRecordRef, RecordEmail } from '@crm/schemas';
import type { RecordTimelineEntry } from './text-template-timeline.mapping.js';

/*
 * E-mails on a record's timeline, the way calls and documents are there: each at the time it was
 * sent (queued when not sent yet), newest first like the rest, saying who sent it, to whom, the
 * subject and its delivery status. And how the Mail list names the record a message is about.
 */

export interface EmailTimelineEntry {
  kind: 'email';
  key: string;
  at: string;
  email: RecordEmail;
}

export type RecordTimelineItem = RecordTimelineEntry | EmailTimelineEntry;

const time = (at: string) => {
  const ms = Date.parse(at);
  return Number.isNaN(ms) ? 0 : ms;
};

export function withEmails(entries: readonly RecordTimelineEntry[], emails: readonly RecordEmail[]): RecordTimelineItem[] {
  const mail = emails.map((email): EmailTimelineEntry => ({ kind: 'email', key: `m:${email.id}`, at: email.sentAt ?? email.createdAt, email }));
  return [...entries, ...mail].sort((a, b) => time(b.at) - time(a.at) || a.key.localeCompare(b.key));
}

/**
 * What the Mail screens show for a message's record: its title with the entity's name under it, the
 * entity's name alone when the record has no title the person may read, or only that it is hidden.
 */
export interface MailRecordLabel {
  hidden: boolean;
  /** The link's text; empty when hidden. */
  title: string;
  /** The entity's name shown beside a title, or null. */
  entity: string | null;
}

export function mailRecordLabel(record: MailRecordRef, entityLabel: string): MailRecordLabel {
  if (record.hidden) return { hidden: true, title: '', entity: null };
  return record.title ? { hidden: false, title: record.title, entity: entityLabel } : { hidden: false, title: entityLabel, entity: null };
}

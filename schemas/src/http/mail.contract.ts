/*
 * HTTP shapes of the mail a record is about: how the mailbox names the record (its title, read
 * with the reader's permissions) and a record's e-mails on its timeline
 * (GET /api/records/:entity/:id/emails).
 */

import type { MailStatus } from './text-templates.contract.js';

/**
 * The record a message is about. `title` is the record's display field as the reader may read it
 * (null when the entity has none, it is empty or the field is hidden from them); `hidden` is true
 * when the reader may not read the record at all (or it was deleted): then no title is given.
 */
export interface MailRecordRef {
  entity: string;
  id: string;
  title: string | null;
  hidden: boolean;
}

/** One e-mail on a record's timeline: who sent it, to whom, its subject, when, and its delivery status. */
export interface RecordEmail {
  id: number;
  to: string[];
  subject: string;
  status: MailStatus;
  /** The person who wrote it on the record's page; null for mail a process sent. */
  sentBy: { id: string; name: string } | null;
  /** The process run that sent it, when a process did. */
  runId: string | null;
  createdAt: string;
  sentAt: string | null;
}

/** GET /api/records/:entity/:id/emails: newest first. */
export interface RecordEmailList {
  items: RecordEmail[];
}

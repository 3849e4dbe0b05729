/*
 * /api/segments and /api/mailings (runtime/src/mailings; the workspace's "Рассылки / Mailings"
 * reads them): a segment is a named condition over an entity with an e-mail field; a mailing is a
 * Liquid subject and body sent to a segment's readable records at a throttle, with per-recipient
 * status and the campaign's results.
 */

export interface Segment {
  id: string;
  name: string;
  entity: string;
  /** The e-mail field recipients are addressed by (the entity's first e-mail field unless named). */
  emailField: string;
  /** A condition (condition language) or null for every record of the entity. */
  condition: unknown;
  createdAt: string;
  updatedAt: string;
}

export interface SegmentDraft {
  name: string;
  entity: string;
  emailField?: string;
  condition: unknown;
}

export interface SegmentPreview {
  /** Readable records of the segment that have an e-mail address. */
  total: number;
  /** The first of them, as the caller may read them. */
  data: Array<Record<string, unknown> & { id: string }>;
}

export type MailingStatus = 'draft' | 'sending' | 'sent';

export type RecipientStatus = 'queued' | 'sent' | 'failed' | 'unsubscribed' | 'clicked';

export const RECIPIENT_STATUSES: readonly RecipientStatus[] = ['queued', 'sent', 'failed', 'unsubscribed', 'clicked'];

export interface MailingDraft {
  name: string;
  /** The segment's id. */
  segment: string;
  /** Liquid, like the body: {{ record.first_name }}. */
  subject: string;
  /** Liquid; links in it are rewritten to tracked redirects, and an unsubscribe link is added. */
  body: string;
  throttlePerMinute: number;
}

export interface Mailing extends MailingDraft {
  id: string;
  status: MailingStatus;
  entity: string | null;
  createdAt: string;
  sentAt: string | null;
  finishedAt: string | null;
}

export interface MailingRecipient {
  recordId: string;
  display: string | null;
  email: string;
  status: RecipientStatus;
  clickedAt: string | null;
}

export interface MailingDealCount {
  /** The entity with a pipeline whose relation points at the mailing's entity (b2b-sales: deal.contact). */
  entity: string;
  field: string;
  count: number;
}

export interface MailingResults {
  recipients: number;
  byStatus: Record<RecipientStatus, number>;
  /** Every click on a tracked link, and how many recipients clicked at least once. */
  clicks: number;
  clickers: number;
  /** Deals (records of an entity with a pipeline) created for a recipient after the send, readable by the caller. */
  deals: number;
  dealsBy: MailingDealCount[];
}

export interface MailingDetail {
  mailing: Mailing;
  results: MailingResults;
  /** The first 1000 recipients. */
  recipientList: MailingRecipient[];
}

export interface MailingPreviewRequest {
  segment: string;
  subject: string;
  body: string;
}

export interface MailingPreview {
  /** null when the segment has no readable recipient. */
  recipient: { recordId: string; email: string; display: string | null } | null;
  subject: string;
  body: string;
  /** Whether the body is sent as HTML (it has HTML tags) or as plain text. */
  html: boolean;
  /** The http(s) links of the rendered body, each of which becomes a tracked link at send. */
  links: string[];
}

/** Where a mailing's links point: the public URL setting, or (configured: false) the sender's own address. */
export interface MailingLinkBase {
  url: string;
  configured: boolean;
}

/** GET /api/mailings/audience?segment=: who a send would reach now, as the caller. */
export interface MailingAudience {
  /** Addresses that would get the message (one per address, unsubscribed ones left out). */
  recipients: number;
  /** Addresses of the segment that unsubscribed and would get nothing. */
  unsubscribed: number;
  linkBase: MailingLinkBase;
}

/*
 * /api/text-templates (runtime/src/text-templates): document and e-mail templates in Liquid,
 * managed by admins and builders, listed for everyone who may read their entity; and what a
 * record's documents and e-mails answer (POST /api/records/:entity/:id/documents | emails).
 */

import type { TemplateTextTemplate } from '../../generated/definition.types.js';
import type { FileValue } from './files.contract.js';
import type { MailRecordRef } from './mail.contract.js';

/**
 * The shape is declared once, in schemas/json/template.schema.json (TemplateTextTemplate): what
 * POST /api/text-templates takes is what an industry template ships in `textTemplates`.
 */
export type TextTemplateKind = TemplateTextTemplate['kind'];

export const TEXT_TEMPLATE_KINDS: readonly TextTemplateKind[] = ['document', 'email'];

/** a-z, 0-9 and _, starting with a letter; at most 64 characters (the JSON Schema's pattern). */
export const TEXT_TEMPLATE_NAME_PATTERN = '^[a-z][a-z0-9_]{0,63}$';

/**
 * `entity`: whose records fill it (`record` in the template). E-mail: `subject` (Liquid). Document:
 * `fileName`, the PDF's name without .pdf (Liquid). `body`: Liquid; documents an HTML subset
 * (h1-h3, p, strong/b, em/i, br, hr, ul/ol/li, table/thead/tbody/tr/th/td with optional
 * style="text-align:right|center" and width, div class="signature"); e-mail HTML or plain text.
 */
export interface TextTemplate extends TemplateTextTemplate {
  /** ISO time of the last save (ignored on input). */
  updatedAt: string;
}

/** What POST and PUT take: a TextTemplate without updatedAt (PUT takes the name from the path). */
export type TextTemplateInput = Omit<TextTemplate, 'updatedAt'> & { updatedAt?: string };

export interface TextTemplateList {
  items: TextTemplate[];
}

/** POST /api/text-templates/:name/preview; a document answers application/pdf, an e-mail this. */
export interface TextTemplatePreviewRequest {
  recordId: string;
}

export interface EmailPreview {
  subject: string;
  body: string;
  /** Whether the body is HTML (the template's body starts with a tag) or plain text. */
  html: boolean;
}

/** 422 TEMPLATE_INVALID detail: the part that does not parse and its line (1-based). */
export interface TemplateProblem {
  field: 'body' | 'subject' | 'fileName';
  code: 'TEMPLATE_INVALID';
  message: string;
  line?: number;
}

/** POST /api/records/:entity/:id/documents */
export interface CreateDocumentRequest {
  template: string;
}

export interface CreateDocumentResponse {
  file: FileValue;
  /** `number`: the sequential number the document was given, when its template is numbered. */
  document: { template: string; fileName: string; number?: string };
}

/**
 * A document made for a record, as GET /api/records/:entity/:id/documents lists them (newest
 * first) for the record's timeline; the file downloads from
 * GET /api/records/:entity/:id/documents/:key.
 */
export interface RecordDocument {
  file: FileValue;
  template: string;
  fileName: string;
  /** Its sequential number (СЧ-2026-0001); absent when its template was not numbered. */
  number?: string;
  createdAt: string;
  createdBy: { id: string; name: string } | null;
  /** The process run that made it (the document node), if any. */
  runId: string | null;
}

export interface RecordDocumentList {
  items: RecordDocument[];
}

/** POST /api/records/:entity/:id/emails; with `template`, missing subject/body come from it. */
export interface SendEmailRequest {
  to: string[];
  subject?: string;
  body?: string;
  template?: string;
}

export type MailStatus = 'pending' | 'sent' | 'delivered' | 'failed';

export interface SendEmailResponse {
  mail: { id: number; to: string[]; subject: string; status: MailStatus };
}

/** GET /api/mailbox: { data: MailboxMessage[] }, newest first, only mail the caller may see. */
export interface MailboxMessage {
  id: number;
  to: string[];
  subject: string;
  body: string;
  html: boolean;
  /** Headers of the message's own, sent as they are (a mailing's List-Unsubscribe and List-Unsubscribe-Post); {} for none. */
  headers: Record<string, string>;
  status: MailStatus;
  transport: string | null;
  attempts: number;
  lastError: unknown;
  runId: string | null;
  /** The record the mail is about (sent from its page, or by a process running on it), titled as the reader may read it. */
  record: MailRecordRef | null;
  sentBy: { id: string; name: string } | null;
  createdAt: string;
  sentAt: string | null;
}

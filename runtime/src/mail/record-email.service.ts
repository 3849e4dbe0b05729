import { randomUUID } from 'node:crypto';
import type { App, SendEmailResponse } from '@crm/schemas';
import type { Knex } from 'knex';
import type { AccessPolicy } from '../access/index.js';
import type { ErrorDetail } from '../errors/index.js';
import type { RecordCaller } from '../records/index.js';
import { loadRecordContext, renderTemplate, requireTemplate, type TemplateLocale } from '../text-templates/index.js';
import { EmailInvalidError } from './email-invalid.error.js';

/*
 * "Write e-mail" on a record: checked addresses, the subject and body as written or, where left
 * out, from an e-mail template filled with what the caller may read of the record; queued in
 * mail_outbox with the record and its author, so mail-delivery.duty sends it (SMTP, or the local
 * mailbox) and the mailbox shows it to whoever may read the record. The caller must be able to
 * read the record (404 otherwise, as GET answers).
 */

const EMAIL = /^[^\s@<>()[\],;:"]+@[^\s@<>()[\],;:"]+\.[^\s@<>()[\],;:"]{2,}$/;
const MAX_RECIPIENTS = 50;

export interface SendEmailOptions {
  app: App;
  policy?: AccessPolicy;
  locale: TemplateLocale;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The addresses, trimmed and without repeats, or 422 with one detail per bad address. */
export function parseRecipients(value: unknown): string[] {
  const items = Array.isArray(value) ? value : typeof value === 'string' ? [value] : [];
  const problems: ErrorDetail[] = [];
  const addresses: string[] = [];
  items.forEach((item: unknown, index) => {
    const address = typeof item === 'string' ? item.trim() : '';
    if (!EMAIL.test(address) || address.length > 254) {
      problems.push({ field: 'to', index, value: typeof item === 'string' ? item : null, code: 'INVALID_EMAIL', message: `"${String(item)}" is not an e-mail address.`, message_ru: `«${String(item)}» — не адрес электронной почты.` });
    } else if (!addresses.includes(address.toLowerCase())) addresses.push(address.toLowerCase());
  });
  if (items.length === 0) problems.push({ field: 'to', code: 'REQUIRED', message: 'Name at least one recipient.', message_ru: 'Укажите хотя бы одного получателя.' });
  if (items.length > MAX_RECIPIENTS) problems.push({ field: 'to', code: 'TOO_MANY', message: `At most ${MAX_RECIPIENTS} recipients.`, message_ru: `Не больше ${MAX_RECIPIENTS} получателей.` });
  if (problems.length > 0) throw EmailInvalidError.create(undefined, problems);
  return addresses;
}

/** A body is sent as HTML when it starts with a tag; otherwise as plain text. */
export function looksLikeHtml(body: string): boolean {
  return /^\s*<[a-z!]/i.test(body);
}

export async function sendRecordEmail(db: Knex, caller: RecordCaller, entity: string, recordId: string, input: unknown, options: SendEmailOptions): Promise<SendEmailResponse> {
  const body = isRecord(input) ? input : {};
  const to = parseRecipients(body['to']);
  // Read first: an unreadable record is a 404 whatever else is wrong.
  const context = await loadRecordContext(db, caller, entity, recordId, { app: options.app, ...(options.policy ? { policy: options.policy } : {}) });
  let subject = typeof body['subject'] === 'string' ? body['subject'] : '';
  let text = typeof body['body'] === 'string' ? body['body'] : '';
  if (body['template'] !== undefined && body['template'] !== null && body['template'] !== '' && (subject.trim() === '' || text.trim() === '')) {
    const template = await requireTemplate(db, body['template'], 'email', entity);
    // A template written in one language renders in it (see renderDocument).
    const locale = template.locale ?? options.locale;
    if (subject.trim() === '') subject = await renderTemplate(template.subject ?? '', context, locale, { field: 'subject' });
    if (text.trim() === '') text = await renderTemplate(template.body, context, locale, { html: looksLikeHtml(template.body), field: 'body' });
  }
  subject = subject.replace(/[\r\n]+/g, ' ').trim().slice(0, 500);
  if (subject === '') throw EmailInvalidError.create(undefined, [{ field: 'subject', code: 'REQUIRED', message: 'The e-mail needs a subject.', message_ru: 'У письма должна быть тема.' }]);
  const [row]: Array<{ id: string | number; status: string }> = await db('mail_outbox')
    .insert({
      idempotency_key: `record-mail:${randomUUID()}`,
      to: JSON.stringify(to),
      subject,
      body: text,
      html: looksLikeHtml(text),
      entity,
      record_id: context.record.id,
      sent_by: caller.user?.id ?? null,
    })
    .returning(['id', 'status']);
  return { mail: { id: Number(row?.id), to, subject, status: row?.status === 'sent' ? 'sent' : 'pending' } };
}

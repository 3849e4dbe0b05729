import type { App } from '@crm/schemas';
import type { Knex } from 'knex';
import type { AccessPolicy } from '../access/index.js';
import type { Actor } from '../people/user.types.js';
import { loadRecordContext, renderTemplate } from '../text-templates/index.js';
import { isHtmlBody } from './mailing-links.rules.js';

/*
 * One recipient's message: the mailing's Liquid subject and body rendered (../text-templates) with
 * the recipient's record as the sender may read it ({{ record.first_name }}, {{ record.company.name }}).
 * A body with HTML tags is rendered with every value escaped and sent as HTML; otherwise as text.
 * The subject is one line. Liquid that does not parse answers 422 TEMPLATE_INVALID naming the part.
 */

export interface RenderedMessage {
  subject: string;
  body: string;
  html: boolean;
}

export interface MessageWriter {
  knex: Knex;
  app: App;
  actor: Actor;
  policy?: AccessPolicy;
}

export function mailLocale(app: App): 'ru' | 'en' {
  return app.settings?.defaultLocale === 'en' ? 'en' : 'ru';
}

export async function renderMessage(writer: MessageWriter, mailing: { subject: string; body: string }, entity: string, recordId: string): Promise<RenderedMessage> {
  const { knex, app, actor } = writer;
  const context = await loadRecordContext(knex, { user: actor }, entity, recordId, { app, ...(writer.policy ? { policy: writer.policy } : {}) });
  const locale = mailLocale(app);
  const html = isHtmlBody(mailing.body);
  const subject = await renderTemplate(mailing.subject, context, locale, { field: 'subject' });
  const body = await renderTemplate(mailing.body, context, locale, { html, field: 'body' });
  return { subject: subject.replace(/\s+/g, ' ').trim(), body, html };
}

import crypto from 'node:crypto';
import type { App } from '@crm/schemas';
import type { Knex } from 'knex';
import { ConflictError } from '../errors/index.js';
import type { Actor } from '../people/user.types.js';
import { linksIn, rewriteLinks, unsubscribeUrlOf, withUnsubscribeFooter } from './mailing-links.rules.js';
import { loadAccessPolicy } from '../access/index.js';
import { mailLocale, renderMessage, type RenderedMessage } from './mailing-message.writer.js';
import { readAudience } from './mailing-audience.reader.js';
import { insertRecipients, storeLinks, type NewRecipient } from './mailing-recipients.store.js';
import type { MailingRow } from './mailings.store.js';
import { displayOf } from './segment-records.reader.js';
import type { SegmentRow } from './segments.store.js';

/*
 * POST /api/mailings/:id/send: the recipients are resolved now, as the sender: the segment's
 * records the sender may read that have an address, one message per address. An address that
 * unsubscribed is listed as unsubscribed and gets nothing. Each other recipient's message is
 * rendered now from the record as the sender reads it (so a later change of permissions or data
 * does not change what was decided), its links rewritten to tracked redirects and an unsubscribe
 * link added; the queue duty (mailing-queue.duty.ts) then moves the messages into mail_outbox at
 * the mailing's throttle.
 *
 * Everything is read and rendered first, then written in one transaction that also moves the
 * mailing from draft to sending: a second send of the same mailing (a double click, two tabs)
 * finds it no longer a draft and is refused with 409, writing nothing.
 */

export interface SendDeps {
  knex: Knex;
  app: App;
  actor: Actor;
  /** Where recipients reach the runtime (the public URL setting, else the sender's own address): links point here. */
  baseUrl: string;
}

export interface SendOutcome {
  queued: number;
  unsubscribed: number;
}

function newToken(): string {
  return crypto.randomBytes(24).toString('base64url');
}

function notDraft(): Error {
  const message = 'This mailing was already sent.';
  return ConflictError.create(message, [{ field: 'status', code: 'ALREADY_SENT', message, message_ru: 'Эта рассылка уже отправлена.' }]);
}

interface Planned {
  recipient: NewRecipient;
  message: RenderedMessage | null;
}

export async function sendMailing(deps: SendDeps, mailing: MailingRow, segment: SegmentRow): Promise<SendOutcome> {
  if (mailing.status !== 'draft') throw notDraft();
  const { knex, app, actor } = deps;
  const { addressed, unsubscribed } = await readAudience({ knex, app, actor }, segment);
  // One policy for every recipient's record context (it is what the list above read with).
  const policy = await loadAccessPolicy(knex, app, { user: actor });
  const planned: Planned[] = [];
  for (const { record, email } of addressed) {
    const skipped = unsubscribed.has(email);
    const message = skipped ? null : await renderMessage({ knex, app, actor, policy }, mailing, segment.entity, record.id);
    planned.push({
      message,
      recipient: { record_id: record.id, display: displayOf(app, segment.entity, record), email, token: newToken(), status: skipped ? 'unsubscribed' : 'queued', subject: message?.subject ?? null, body: null, html: message?.html ?? false },
    });
  }
  const locale = mailLocale(app);
  const base = deps.baseUrl.replace(/\/+$/, '');

  await knex.transaction(async (trx) => {
    const claimed = await trx('mailings')
      .where({ id: mailing.id, status: 'draft' })
      .update({ status: 'sending', sent_at: trx.fn.now(), sent_by: actor.id, base_url: base, entity: segment.entity, updated_at: trx.fn.now() });
    if (claimed === 0) throw notDraft();
    const urls = [...new Set(planned.flatMap((p) => (p.message ? linksIn(p.message.body) : [])))];
    const linkIds = await storeLinks(trx, mailing.id, urls);
    const rows = planned.map(({ recipient, message }) => {
      if (!message) return recipient;
      const tracked = rewriteLinks(message.body, linkIds, (id) => `${base}/t/${recipient.token}.${id}`);
      return { ...recipient, body: withUnsubscribeFooter(tracked, message.html, unsubscribeUrlOf(base, recipient.token), locale) };
    });
    await insertRecipients(trx, mailing.id, rows);
  });
  const skipped = planned.filter((p) => p.message === null).length;
  return { queued: planned.length - skipped, unsubscribed: skipped };
}

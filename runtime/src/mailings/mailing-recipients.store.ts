import type { Knex } from 'knex';

/*
 * mailing_recipients, mailing_links, mailing_clicks and mailing_unsubscribes: the rows a send writes,
 * the public links read, and the results count.
 */

export interface RecipientRow {
  id: string;
  mailing_id: string;
  record_id: string;
  display: string | null;
  email: string;
  token: string;
  status: string;
  clicked_at: Date | string | null;
  unsubscribed_at: Date | string | null;
}

export interface NewRecipient {
  record_id: string;
  display: string | null;
  email: string;
  token: string;
  status: 'queued' | 'unsubscribed';
  subject: string | null;
  body: string | null;
  html: boolean;
}

const CHUNK = 500;

/** Of these addresses, the ones that unsubscribed. */
export async function unsubscribedAmong(knex: Knex, emails: readonly string[]): Promise<Set<string>> {
  const out = new Set<string>();
  for (let i = 0; i < emails.length; i += CHUNK) {
    const rows: Array<{ email: string }> = await knex('mailing_unsubscribes').whereIn('email', emails.slice(i, i + CHUNK)).select('email');
    for (const row of rows) out.add(row.email);
  }
  return out;
}

/** The ids of the mailing's links, adding the ones not stored yet. */
export async function storeLinks(trx: Knex, mailingId: string, urls: readonly string[]): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  for (let i = 0; i < urls.length; i += CHUNK) {
    const part = urls.slice(i, i + CHUNK);
    await trx('mailing_links').insert(part.map((url) => ({ mailing_id: mailingId, url }))).onConflict(['mailing_id', 'url']).ignore();
    const rows: Array<{ id: string | number; url: string }> = await trx('mailing_links').where({ mailing_id: mailingId }).whereIn('url', part).select('id', 'url');
    for (const row of rows) ids.set(row.url, Number(row.id));
  }
  return ids;
}

export async function insertRecipients(trx: Knex, mailingId: string, rows: readonly NewRecipient[]): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) {
    await trx('mailing_recipients').insert(rows.slice(i, i + CHUNK).map((row) => ({ ...row, mailing_id: mailingId })));
  }
}

export async function findRecipientByToken(knex: Knex, token: string): Promise<RecipientRow | undefined> {
  return knex('mailing_recipients').where({ token }).first('id', 'mailing_id', 'record_id', 'display', 'email', 'token', 'status', 'clicked_at', 'unsubscribed_at');
}

/** The address stops getting mailings; the recipient shows as unsubscribed. Repeating it changes nothing. */
export async function recordUnsubscribe(knex: Knex, recipient: RecipientRow): Promise<void> {
  await knex.transaction(async (trx) => {
    await trx('mailing_unsubscribes').insert({ email: recipient.email, recipient_id: recipient.id }).onConflict('email').ignore();
    await trx('mailing_recipients').where({ id: recipient.id }).whereNull('unsubscribed_at').update({ unsubscribed_at: trx.fn.now() });
  });
}

/** The link's URL when it belongs to the recipient's mailing, after recording the click; null otherwise. */
export async function recordClick(knex: Knex, recipient: RecipientRow, linkId: number): Promise<string | null> {
  return knex.transaction(async (trx) => {
    const link: { url: string } | undefined = await trx('mailing_links').where({ id: linkId, mailing_id: recipient.mailing_id }).first('url');
    if (!link) return null;
    await trx('mailing_clicks').insert({ recipient_id: recipient.id, link_id: linkId });
    await trx('mailing_recipients').where({ id: recipient.id }).whereNull('clicked_at').update({ clicked_at: trx.fn.now() });
    return link.url;
  });
}

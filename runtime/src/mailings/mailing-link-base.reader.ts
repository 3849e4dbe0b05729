import type { MailingLinkBase } from '@crm/schemas';
import type { Request } from 'express';
import type { Knex } from 'knex';
import { readPublicUrl } from '../settings/public-url.store.js';

/*
 * The address a mailing's links (tracked clicks, unsubscribe) are built on: the admin's public URL
 * setting; without it the address the sender reached the runtime at, which the editor says, since
 * an address on the office network or localhost is not one a recipient can open.
 */
export async function linkBaseOf(knex: Knex, req: Request): Promise<MailingLinkBase> {
  const { effective } = await readPublicUrl(knex);
  if (effective) return { url: effective, configured: true };
  return { url: `${req.protocol}://${req.get('host') ?? 'localhost'}`, configured: false };
}

import { Router, type Request, type Response } from 'express';
import type { RouteDeps } from '../http/route-deps.types.js';
import { parseClickToken } from './mailing-links.rules.js';
import { MAILING_PAGE_CSP, renderMailingPage, type PageLocale } from './mailing-page.renderer.js';
import { findRecipientByToken, recordClick, recordUnsubscribe } from './mailing-recipients.store.js';

/*
 * The links inside a mailing's messages, no sign-in (the token is the recipient's unguessable
 * 24 random bytes):
 *   GET /u/:token        asks "unsubscribe?" with one button (or says it is done already): a
 *                        GET changes nothing, because mail scanners and link previews open
 *                        every link in a message and would unsubscribe people who never asked
 *   POST /u/:token       records the unsubscribe (every later mailing skips the address) and
 *                        says so in Russian or English; also what a mail client's one-click
 *                        unsubscribe (RFC 8058) posts, so the body is not read
 *   /t/:token.:linkId    records the click and redirects to that link's URL, which must be one
 *                        stored for the recipient's own mailing: the address to go to is never
 *                        taken from the request, so this is no open redirect
 * An unknown token answers 404 with a short page, the same for a bad token and a wrong link.
 */

function localeOf(req: Request, fallback: PageLocale): PageLocale {
  const asked = req.query['lang'];
  if (asked === 'ru' || asked === 'en') return asked;
  const accepted = req.get('accept-language') ? req.acceptsLanguages('ru', 'en') : false;
  return accepted === 'ru' || accepted === 'en' ? accepted : fallback;
}

function sendPage(res: Response, status: number, html: string): void {
  res.status(status).type('text/html; charset=utf-8');
  res.setHeader('Content-Security-Policy', MAILING_PAGE_CSP);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('Cache-Control', 'no-store');
  res.send(html);
}

export function mailingUnsubscribeRoutes({ context }: RouteDeps): Router {
  const router = Router();
  const knex = context.db.knex;
  const answer = (unsubscribe: boolean) => async (req: Request, res: Response) => {
    const fallback = (await context.definitions.getLive())?.app.settings?.defaultLocale === 'en' ? 'en' : 'ru';
    const locale = localeOf(req, fallback);
    const token = String(req.params['token'] ?? '');
    const recipient = /^[A-Za-z0-9_-]{20,64}$/.test(token) ? await findRecipientByToken(knex, token) : undefined;
    if (!recipient) {
      sendPage(res, 404, renderMailingPage('unknown', locale));
      return;
    }
    if (unsubscribe) await recordUnsubscribe(knex, recipient);
    const done = unsubscribe || recipient.unsubscribed_at !== null;
    sendPage(res, 200, renderMailingPage(done ? 'unsubscribed' : 'confirm', locale, recipient.email));
  };
  router.get('/:token', answer(false));
  router.post('/:token', answer(true));
  return router;
}

export function mailingClickRoutes({ context }: RouteDeps): Router {
  const router = Router();
  const knex = context.db.knex;
  router.get('/:token', async (req, res) => {
    const parsed = parseClickToken(req.params.token);
    const recipient = parsed ? await findRecipientByToken(knex, parsed.token) : undefined;
    const url = parsed && recipient ? await recordClick(knex, recipient, parsed.linkId) : null;
    if (!url) {
      const fallback = (await context.definitions.getLive())?.app.settings?.defaultLocale === 'en' ? 'en' : 'ru';
      sendPage(res, 404, renderMailingPage('unknown', localeOf(req, fallback)));
      return;
    }
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.redirect(302, url);
  });
  return router;
}

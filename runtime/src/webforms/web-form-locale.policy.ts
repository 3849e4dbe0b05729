import type { App } from '@crm/schemas';
import type { Request } from 'express';
import { LOCALE_INPUT } from './web-form-input.parser.js';

/*
 * The language a form page speaks: ?lang= (the page's own switch and the embed script's
 * data-lang), then the body's _lang (a POST from the page), then the browser's Accept-Language,
 * then the app's default.
 */

export type WebFormLocale = 'ru' | 'en';

function asLocale(value: unknown): WebFormLocale | undefined {
  return value === 'ru' || value === 'en' ? value : undefined;
}

export function webFormLocale(req: Request, app: App): WebFormLocale {
  const body: unknown = req.body;
  const fromBody = typeof body === 'object' && body !== null && LOCALE_INPUT in body ? asLocale(body[LOCALE_INPUT]) : undefined;
  // Without the header `accepts` would answer its first choice, not what the browser said.
  const accepted = req.get('accept-language') ? asLocale(req.acceptsLanguages('ru', 'en')) : undefined;
  return asLocale(req.query['lang']) ?? fromBody ?? accepted ?? app.settings?.defaultLocale ?? 'ru';
}

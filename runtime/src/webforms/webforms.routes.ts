import { Router, type Request, type Response } from 'express';
import { UTM_PARAMETERS, webFormRequiredFields, type App, type Entity, type WebForm } from '@crm/schemas';
import { clientAddress } from '../audit/request-audit.context.js';
import { isAppError, NotFoundError, type AppError } from '../errors/index.js';
import type { RouteDeps } from '../http/route-deps.types.js';
import { renderEmbedScript } from './web-form-embed.renderer.js';
import { localized } from './web-form-fields.renderer.js';
import { CONSENT_INPUT, HONEYPOT_INPUT } from './web-form-input.parser.js';
import { webFormLocale, type WebFormLocale } from './web-form-locale.policy.js';
import { renderFormPage, renderMessagePage, renderThankYouPage, WEB_FORM_PAGE_CSP } from './web-form-page.renderer.js';
import { anyOrigin, formBody, setRetryAfter } from './web-form-request.policy.js';
import { findPublicForm, submitWebForm } from './web-form-submission.service.js';

/*
 * Public web forms, no sign-in:
 *   /f/:name           GET the form page (server-rendered HTML, ru/en); POST a submission from the
 *                      page or from any site's own <form> (form-encoded or JSON): a browser that
 *                      asks for HTML gets the thank-you page, or the form again with each error
 *                      under its input; anything else gets JSON.
 *   /f/:name/embed.js  the script that embeds the page in an iframe on another site.
 * (webforms-api.routes.ts serves the same submission at /api/web-forms/:name, described in OpenAPI.)
 * POSTs accept any origin (web-form-request.policy.ts). Answers: 201 {accepted, message}; 400 SPAM_SUSPECTED; 404; 422
 * WEB_FORM_INVALID with a detail per input; 429 RATE_LIMITED with Retry-After.
 */

function wantsHtml(req: Request): boolean {
  return req.accepts(['json', 'html']) === 'html';
}

function queryString(req: Request): URLSearchParams {
  const params = new URLSearchParams();
  for (const name of [...UTM_PARAMETERS, 'lang', 'embed']) {
    const value = req.query[name];
    if (typeof value === 'string') params.set(name, value);
  }
  return params;
}

function queryUtm(req: Request): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of UTM_PARAMETERS) {
    const value = req.query[name];
    if (typeof value === 'string' && value.trim() !== '') out[name] = value.trim().slice(0, 200);
  }
  return out;
}

function sendHtml(res: Response, status: number, html: string): void {
  res.status(status).type('text/html; charset=utf-8');
  res.setHeader('Content-Security-Policy', WEB_FORM_PAGE_CSP);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'strict-origin-when-cross-origin');
  res.setHeader('Cache-Control', 'no-store');
  res.send(html);
}

function formAndEntity(app: App, name: string): { form: WebForm; entity: Entity } {
  const form = findPublicForm(app, name);
  const entity = app.entities.find((e) => e.name === form.entity);
  if (!entity) throw NotFoundError.create(`The entity of web form "${name}" is gone.`);
  return { form, entity };
}

function requiredNames(app: App, entity: Entity): Set<string> {
  return new Set(webFormRequiredFields(app, entity).map((f) => f.name));
}

function messageOf(error: AppError, locale: WebFormLocale): string {
  const [detail] = error.details;
  return locale === 'ru' && typeof detail?.message_ru === 'string' ? detail.message_ru : (detail?.message ?? error.message);
}

function stringValues(body: unknown): Record<string, unknown> {
  return typeof body === 'object' && body !== null && !Array.isArray(body) ? { ...body } : {};
}

export function webFormPagesRoutes({ context, engine }: RouteDeps): Router {
  const router = Router();
  router.use(anyOrigin, ...formBody);

  async function liveApp(): Promise<App> {
    const live = await context.definitions.getLive();
    if (!live) throw NotFoundError.create('No app definition is published yet, so there are no web forms.');
    return live.app;
  }

  /** The form a refusal is about, when there is one to name. */
  function knownForm(app: App, name: string): WebForm | null {
    try {
      return formAndEntity(app, name).form;
    } catch {
      return null;
    }
  }

  router.get('/:name', async (req, res) => {
    const app = await liveApp();
    const locale = webFormLocale(req, app);
    let found: { form: WebForm; entity: Entity };
    try {
      found = formAndEntity(app, req.params.name);
    } catch (error) {
      if (!NotFoundError.is(error)) throw error;
      sendHtml(res, 404, renderMessagePage(null, messageOf(error, locale), locale));
      return;
    }
    const query = queryString(req);
    const action = `${req.baseUrl}/${encodeURIComponent(found.form.name)}${query.toString() ? `?${query.toString()}` : ''}`;
    const html = renderFormPage({ ...found, locale, action, path: `${req.baseUrl}/${encodeURIComponent(found.form.name)}`, query, utm: queryUtm(req) }, requiredNames(app, found.entity));
    sendHtml(res, 200, html);
  });

  router.get('/:name/embed.js', async (req, res) => {
    const app = await liveApp();
    const { form } = formAndEntity(app, req.params.name);
    res.type('text/javascript; charset=utf-8').setHeader('Cache-Control', 'public, max-age=300');
    res.send(renderEmbedScript(form.name, localized(form.label, app.settings?.defaultLocale ?? 'ru')));
  });

  router.post('/:name', async (req, res) => {
    const app = await liveApp();
    const locale = webFormLocale(req, app);
    const deps = { knex: context.db.knex, app, ...engine.seams };
    const input = { formName: req.params.name, body: req.body, query: req.query, address: clientAddress(req), locale };
    try {
      const accepted = await submitWebForm(deps, input);
      engine.engine.wake();
      if (wantsHtml(req)) sendHtml(res, 201, renderThankYouPage(accepted.form, locale));
      else res.status(201).json({ accepted: true, message: localized(accepted.form.thankYou, locale) });
    } catch (error) {
      setRetryAfter(res, error);
      if (!isAppError(error) || !wantsHtml(req)) throw error;
      if (error.status !== 422) {
        sendHtml(res, error.status, renderMessagePage(knownForm(app, req.params.name), messageOf(error, locale), locale));
        return;
      }
      const found = formAndEntity(app, req.params.name);
      const query = queryString(req);
      const path = `${req.baseUrl}/${encodeURIComponent(found.form.name)}`;
      const values = stringValues(req.body);
      delete values[HONEYPOT_INPUT];
      delete values[CONSENT_INPUT];
      const html = renderFormPage({ ...found, locale, action: `${path}${query.toString() ? `?${query.toString()}` : ''}`, path, query, values, errors: error.details, utm: queryUtm(req) }, requiredNames(app, found.entity));
      sendHtml(res, 422, html);
    }
  });

  return router;
}

import { Router, type Request } from 'express';
import { TEXT_TEMPLATE_KINDS, type App, type TextTemplate, type TextTemplateKind, type TextTemplateList } from '@crm/schemas';
import { loadAccessPolicy, type AccessPolicy } from '../access/index.js';
import { mayEditDefinitions } from '../definitions/definition-access.guard.js';
import { ConflictError, ForbiddenError, NotFoundError } from '../errors/index.js';
import type { RouteDeps } from '../http/route-deps.types.js';
import { requireActor } from '../http/request-context.js';
import type { Actor } from '../people/user.types.js';
import { previewDocumentNumber } from './document-number.service.js';
import { renderDocument, templateNotFound } from './record-document.service.js';
import { loadRecordContext } from './record-context.loader.js';
import type { TemplateLocale } from './template-filters.rules.js';
import { parseTextTemplateInput } from './text-template-input.parser.js';
import { renderTemplate } from './text-template.renderer.js';
import { deleteTextTemplate, findTextTemplate, insertTextTemplate, listTextTemplates, updateTextTemplate } from './text-template.store.js';

/*
 * /api/text-templates: admins and builders manage templates; everyone signed in lists and reads
 * the templates of the entities they may read (a sales rep picks an offer template on a deal).
 *   GET    /?entity=&kind=        { items }
 *   POST   /                      201 template; 400 per field; 409 name taken; 422 TEMPLATE_INVALID
 *   GET|PUT|DELETE /:name         template | template | 204
 *   POST   /:name/preview {recordId, locale?}  document: application/pdf; e-mail: {subject, body, html}
 */

function localeOf(value: unknown, app: App): TemplateLocale {
  if (value === 'ru' || value === 'en') return value;
  return app.settings?.defaultLocale ?? 'ru';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function textTemplatesRoutes({ context }: RouteDeps): Router {
  const router = Router();
  const knex = context.db.knex;

  async function liveApp(): Promise<App> {
    const live = await context.definitions.getLive();
    if (!live) throw NotFoundError.create('No app definition is published yet, so there are no templates.');
    return live.app;
  }

  async function requireBuilder(req: Request): Promise<Actor> {
    const actor = requireActor(req);
    if (!(await mayEditDefinitions(actor.roles, context.definitions))) throw ForbiddenError.create('Only admins and builders may change templates.', [{ code: 'BUILDER_ONLY', message: 'Only admins and builders may change templates.', message_ru: 'Менять шаблоны могут только администраторы и конструкторы.' }]);
    return actor;
  }

  /** Builders see every template; others those of entities they may read. */
  async function visibleTo(actor: Actor, app: App): Promise<{ policy: AccessPolicy; sees: (t: TextTemplate) => boolean }> {
    const policy = await loadAccessPolicy(knex, app, { user: actor });
    if (await mayEditDefinitions(actor.roles, context.definitions)) return { policy, sees: () => true };
    return { policy, sees: (t) => policy.entity(t.entity).can('read') };
  }

  async function readable(req: Request): Promise<{ actor: Actor; app: App; policy: AccessPolicy; template: TextTemplate }> {
    const actor = requireActor(req);
    const app = await liveApp();
    const name = String(req.params['name']);
    const template = await findTextTemplate(knex, name);
    const { policy, sees } = await visibleTo(actor, app);
    if (!template || !sees(template)) throw templateNotFound(name);
    return { actor, app, policy, template };
  }

  router.get('/', async (req, res) => {
    const actor = requireActor(req);
    const app = await liveApp();
    const entity = typeof req.query['entity'] === 'string' && req.query['entity'] !== '' ? req.query['entity'] : undefined;
    const kindParam = req.query['kind'];
    const kind = TEXT_TEMPLATE_KINDS.find((k): k is TextTemplateKind => k === kindParam);
    const { sees } = await visibleTo(actor, app);
    const items = (await listTextTemplates(knex, { ...(entity ? { entity } : {}), ...(kind ? { kind } : {}) })).filter(sees);
    res.json({ items } satisfies TextTemplateList);
  });

  router.post('/', async (req, res) => {
    const actor = await requireBuilder(req);
    const template = parseTextTemplateInput(req.body, await liveApp());
    const saved = await insertTextTemplate(knex, template, actor.id);
    if (!saved) {
      const message = `A template named "${template.name}" exists.`;
      throw ConflictError.create(message, [{ field: 'name', code: 'NAME_TAKEN', message, message_ru: `Шаблон «${template.name}» уже есть.` }]);
    }
    res.status(201).location(`/api/text-templates/${saved.name}`).json(saved);
  });

  router.get('/:name', async (req, res) => {
    res.json((await readable(req)).template);
  });

  router.put('/:name', async (req, res) => {
    const actor = await requireBuilder(req);
    const name = String(req.params['name']);
    const saved = await updateTextTemplate(knex, parseTextTemplateInput(req.body, await liveApp(), name), actor.id);
    if (!saved) throw templateNotFound(name);
    res.json(saved);
  });

  router.delete('/:name', async (req, res) => {
    await requireBuilder(req);
    const name = String(req.params['name']);
    if (!(await deleteTextTemplate(knex, name))) throw templateNotFound(name);
    res.status(204).end();
  });

  router.post('/:name/preview', async (req, res) => {
    const { actor, app, policy, template } = await readable(req);
    const body = isRecord(req.body) ? req.body : {};
    const locale = localeOf(body['locale'], app);
    const recordContext = await loadRecordContext(knex, { user: actor }, template.entity, String(body['recordId'] ?? ''), { app, policy });
    if (template.kind === 'document') {
      // The number the next document would get, not taken: a preview makes no document.
      const number = await previewDocumentNumber(knex, template, recordContext);
      const { pdf, fileName } = await renderDocument(template, { ...recordContext, document: { number } }, locale);
      res.attachment(fileName);
      res.setHeader('Content-Disposition', String(res.getHeader('Content-Disposition')).replace(/^attachment/, 'inline'));
      res.setHeader('Cache-Control', 'private, no-store');
      res.setHeader('X-Content-Type-Options', 'nosniff');
      res.status(200).type('application/pdf').end(pdf);
      return;
    }
    const html = /^\s*<[a-z!]/i.test(template.body);
    // A template written in one language renders in it (see renderDocument).
    const written = template.locale ?? locale;
    const subject = await renderTemplate(template.subject ?? '', recordContext, written, { field: 'subject' });
    res.json({ subject, body: await renderTemplate(template.body, recordContext, written, { html, field: 'body' }), html });
  });

  return router;
}

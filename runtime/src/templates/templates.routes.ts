import type { DraftTextTemplatesResponse, TemplateBundle, TemplateDetail, TemplateInstallPreview, TemplateInstallResult, TemplateSummary } from '@crm/schemas';
import { listTemplates, readTemplate } from '@crm/templates';
import { Router } from 'express';
import { requireDefinitionAccess } from '../definitions/definition-access.guard.js';
import { BadRequestError, NotFoundError } from '../errors/index.js';
import type { RouteDeps } from '../http/route-deps.types.js';
import { requireAdmin } from '../people/admin-role.check.js';
import { installTemplate, previewTemplateInstall } from './template.installer.js';
import { saveDraftTextTemplates } from './draft-text-templates.store.js';
import { requireActor } from '../http/request-context.js';

/*
 * /api/templates: the industry templates under templates/, for the builder's gallery (builders and
 * admins, like the definitions they feed). The gallery previews a template's app; an admin installs
 * it (definition, people, demo records) with POST /:name/install, after a dry run if they like
 * (the contract: schemas/src/http/template-install.contract.ts).
 */

function isDryRun(value: unknown): boolean {
  return value === '1' || value === 'true';
}

function demoPasswordOf(body: unknown): string | undefined {
  if (body === undefined || body === null) return undefined;
  if (typeof body !== 'object' || Array.isArray(body)) throw BadRequestError.create('The request body must be a JSON object.');
  const value: unknown = 'demoPassword' in body ? body.demoPassword : undefined;
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') {
    throw BadRequestError.create('"demoPassword" must be a string.', [
      { code: 'INVALID_DEMO_PASSWORD', field: 'demoPassword', message: '"demoPassword" must be a string.', message_ru: '«demoPassword» должен быть строкой.' },
    ]);
  }
  return value;
}

function summaryOf(bundle: TemplateBundle): TemplateSummary {
  const records = Object.values(bundle.data ?? {}).reduce((sum, rows) => sum + rows.length, 0);
  return {
    name: bundle.name,
    version: bundle.version ?? null,
    label: bundle.label,
    description: bundle.description ?? null,
    counts: {
      entities: bundle.app.entities.length,
      pipelines: bundle.app.pipelines?.length ?? 0,
      roles: bundle.app.roles?.length ?? 0,
      processes: bundle.app.processes?.length ?? 0,
      records,
    },
  };
}

/** Templates that do not validate are left out of the gallery (templates.test.ts keeps them valid). */
function validTemplates(): TemplateBundle[] {
  return listTemplates().flatMap((name) => {
    const result = readTemplate(name);
    return result.ok ? [result.template] : [];
  });
}

export function templatesRoutes({ definitionService, context, engine }: RouteDeps): Router {
  // The engine comes along for its clock: relative demo dates are dated by it.
  const host = { definitionService, context, engine };
  const router = Router();
  router.use(requireDefinitionAccess(definitionService));

  // People and records are created, so only admins install; a builder may still preview.
  router.post('/:name/install', requireAdmin(definitionService), async (req, res) => {
    const name = String(req.params['name'] ?? '');
    if (isDryRun(req.query['dryRun'])) {
      const body: TemplateInstallPreview = await previewTemplateInstall(host, name);
      res.json(body);
      return;
    }
    const result = await installTemplate(host, name, { beside: true, demoPassword: demoPasswordOf(req.body) });
    const body: TemplateInstallResult = {
      dryRun: false,
      template: name,
      mode: result.mode ?? 'new',
      version: result.version ?? 0,
      people: result.people ?? 0,
      records: result.records ?? 0,
    };
    res.status(201).json(body);
  });

  router.get('/', (_req, res) => {
    const body: TemplateSummary[] = validTemplates().map(summaryOf);
    res.json(body);
  });

  router.get('/:name', (req, res) => {
    const name = req.params['name'] ?? '';
    const result = readTemplate(name);
    if (!result.ok) throw NotFoundError.create(`There is no template "${name}".`);
    const textTemplates = (result.template.textTemplates ?? []).map(({ name: key, kind, entity, label }) => ({ name: key, kind, entity, label }));
    const body: TemplateDetail = { ...summaryOf(result.template), app: result.template.app, textTemplates };
    res.json(body);
  });

  // "Use this template" saves the app as the draft; its text templates then wait for the publish that makes their entities.
  router.post('/:name/draft-text-templates', async (req, res) => {
    const name = String(req.params['name'] ?? '');
    const result = readTemplate(name);
    if (!result.ok) throw NotFoundError.create(`There is no template "${name}".`);
    const items = result.template.textTemplates ?? [];
    await saveDraftTextTemplates(context.db.knex, { template: name, items }, requireActor(req).id);
    const body: DraftTextTemplatesResponse = { template: name, textTemplates: items.map((t) => t.name) };
    res.json(body);
  });

  return router;
}

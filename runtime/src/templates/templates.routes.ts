import type { TemplateBundle, TemplateDetail, TemplateSummary } from '@crm/schemas';
import { listTemplates, readTemplate } from '@crm/templates';
import { Router } from 'express';
import { requireDefinitionAccess } from '../definitions/definition-access.guard.js';
import { NotFoundError } from '../errors/index.js';
import type { RouteDeps } from '../http/route-deps.types.js';

/*
 * /api/templates: the industry templates under templates/, for the builder's gallery (builders and
 * admins, like the definitions they feed). The gallery previews a template's app and puts it into
 * the draft; installing its demo people and records stays with `--template` at first start.
 */

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

export function templatesRoutes({ definitionService }: RouteDeps): Router {
  const router = Router();
  router.use(requireDefinitionAccess(definitionService));

  router.get('/', (_req, res) => {
    const body: TemplateSummary[] = validTemplates().map(summaryOf);
    res.json(body);
  });

  router.get('/:name', (req, res) => {
    const name = req.params['name'] ?? '';
    const result = readTemplate(name);
    if (!result.ok) throw NotFoundError.create(`There is no template "${name}".`);
    const body: TemplateDetail = { ...summaryOf(result.template), app: result.template.app };
    res.json(body);
  });

  return router;
}

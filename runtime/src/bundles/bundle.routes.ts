import express, { Router, type Request } from 'express';
import type { RouteDeps } from '../http/route-deps.types.js';
import { requireActor } from '../http/request-context.js';
import { refuseUnsafeInput } from '../http/request-input.policy.js';
import { requireAdmin } from '../people/admin-role.check.js';
import { exportBundle } from './bundle.writer.js';
import { importBundle } from './bundle-import.service.js';

/*
 * /api/bundle (admins): GET exports the live app as a bundle file (?data=true adds its records,
 * ?people=true its teams and people without passwords); POST /import brings one in, ?dryRun=true
 * answering the publish plan and the counts without changing anything.
 *
 * The import parses its own body, up to BUNDLE_LIMIT, after the admin check (the app-wide JSON
 * limit of 5 MB would refuse a bundle with data of any size; see request-input.policy.ts).
 */

const BUNDLE_LIMIT = '200mb';

function flag(req: Request, name: string): boolean {
  const value = req.query[name];
  return value === '1' || value === 'true';
}

export function bundleRoutes({ context, definitionService }: RouteDeps): Router {
  const router = Router();
  router.use(requireAdmin(definitionService));
  const knex = context.db.knex;

  router.get('/', async (req, res) => {
    const bundle = await exportBundle(knex, definitionService, { data: flag(req, 'data'), people: flag(req, 'people') });
    res.setHeader('content-disposition', `attachment; filename="${bundle.definition.name}.crm-bundle.json"`);
    res.json(bundle);
  });

  router.post('/import', express.json({ limit: BUNDLE_LIMIT }), refuseUnsafeInput, async (req, res) => {
    const result = await importBundle({ knex, definitionService }, req.body, requireActor(req), { dryRun: flag(req, 'dryRun') });
    res.status(result.dryRun ? 200 : 201).json(result);
  });

  return router;
}

import { Router } from 'express';
import { loadAccessPolicy } from '../access/index.js';
import { NotFoundError } from '../errors/index.js';
import { requireActor } from '../http/request-context.js';
import type { RouteDeps } from '../http/route-deps.types.js';
import { workspaceApp } from './workspace-app.mapping.js';

/** GET /api/workspace/app: the live definition as the caller may see it (workspace-app.mapping.ts). */
export function workspaceAppRoutes({ context }: RouteDeps): Router {
  const router = Router();
  router.get('/app', async (req, res) => {
    const actor = requireActor(req);
    const live = await context.definitions.getLive();
    if (!live) throw NotFoundError.create('No app definition is published yet.');
    const policy = await loadAccessPolicy(context.db.knex, live.app, { user: actor });
    res.json(workspaceApp(live.app, policy, actor.roles));
  });
  return router;
}

import { Router } from 'express';
import type { WorkspaceEntitiesResponse } from '@crm/schemas';
import { requireActor } from '../http/request-context.js';
import { loadAccessPolicy } from './access.policy.js';
import type { RouteDeps } from '../http/route-deps.types.js';

/*
 * GET /api/workspace/entities: the entities of the live app the caller may read, with their
 * labels, so the workspace's navigation shows a person only what they can open. Builders read the
 * whole definition from /api/definitions; everyone else has only this.
 */
export function workspaceEntitiesRoutes({ context }: RouteDeps): Router {
  const router = Router();
  router.get('/entities', async (req, res) => {
    const actor = requireActor(req);
    const live = await context.definitions.getLive();
    const answer: WorkspaceEntitiesResponse = { entities: [] };
    if (live) {
      const policy = await loadAccessPolicy(context.db.knex, live.app, { user: actor });
      for (const entity of live.app.entities) {
        const access = policy.entity(entity.name);
        if (access.can('read')) answer.entities.push({ name: entity.name, label: entity.label, canCreate: access.can('create') });
      }
    }
    res.json(answer);
  });
  return router;
}

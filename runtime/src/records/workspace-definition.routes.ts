import { Router } from 'express';
import type { Process, WorkspaceDefinition } from '@crm/schemas';
import { isAdmin } from '../people/admin-role.check.js';
import { offersManualStart } from '../processes/manual-start.policy.js';
import { loadAccessPolicy } from '../access/index.js';
import { NotFoundError } from '../errors/index.js';
import { requireActor } from '../http/request-context.js';
import { workspaceDefinition } from './workspace-definition.mapping.js';
import type { RouteDeps } from '../http/route-deps.types.js';

/*
 * GET /api/records: the live definition cut to the caller (workspace-definition.mapping.ts). The
 * caller first (401 before anything else), then the live definition and their access policy.
 */
export function workspaceDefinitionRoutes({ context }: Pick<RouteDeps, 'context'>): Router {
  const router = Router();
  router.get('/', async (req, res) => {
    const actor = requireActor(req);
    const live = await context.definitions.getLive();
    if (!live) throw NotFoundError.create('No app definition is published yet, so there are no records.');
    const policy = await loadAccessPolicy(context.db.knex, live.app, { user: actor });
    const admin = await isAdmin(actor, context.definitions);
    const mayStart = (process: Process, readable: (entity: string) => boolean) => offersManualStart(process, actor.roles, admin, readable);
    res.json(workspaceDefinition(live.app, policy, mayStart) satisfies WorkspaceDefinition);
  });
  return router;
}

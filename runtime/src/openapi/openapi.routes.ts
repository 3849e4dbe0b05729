import { Router } from 'express';
import { loadAccessPolicy } from '../access/index.js';
import { requireActor } from '../http/request-context.js';
import type { RouteDeps } from '../http/route-deps.types.js';
import { describedEntities } from './described-entities.policy.js';
import { createOpenApiDocumentStore } from './openapi-document.store.js';

/*
 * GET /api/openapi.json: the OpenAPI 3.1 document of the live definition for the caller (any
 * signed-in person or token). The caller's roles decide which entities and fields it names
 * (described-entities.policy.ts); the built document is cached per definition version and view.
 */
export function openapiRoutes({ context }: RouteDeps): Router {
  const router = Router();
  const store = createOpenApiDocumentStore();

  router.get('/', async (req, res) => {
    const actor = requireActor(req);
    const live = await context.definitions.getLive();
    const view = live ? describedEntities(live.app, await loadAccessPolicy(context.db.knex, live.app, { user: actor })) : null;
    const document = store.documentFor({ version: live?.version ?? 0, appName: live?.app.name ?? null, view });
    // Private: it is cut to the caller's permissions. Revalidated each time: a publish or a role change alters it.
    res.setHeader('Cache-Control', 'private, no-cache');
    res.setHeader('ETag', document.etag);
    if (req.get('if-none-match') === document.etag) {
      res.status(304).end();
      return;
    }
    res.type('application/json').send(document.json);
  });

  return router;
}

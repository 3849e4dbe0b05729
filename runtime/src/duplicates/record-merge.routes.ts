import { Router } from 'express';
import { requestAuditFields } from '../audit/request-audit.context.js';
import { NotFoundError } from '../errors/index.js';
import { requireActor } from '../http/request-context.js';
import type { RouteDeps } from '../http/route-deps.types.js';
import { parseMergeRequest } from './record-merge.parser.js';
import { mergeRecords } from './record-merge.service.js';

/*
 * POST /api/records/:entity/merge {survivor, merged, values?, versions?}: merges duplicates into
 * the survivor (record-merge.service.ts). Answers 200 {survivor: <the record as GET reads it>,
 * merged: [ids], moved: {references, links, system}}.
 */
export function recordMergeRoutes({ context, engine, auditTrail }: RouteDeps): Router {
  const router = Router();
  const { hooks, events } = engine.seams;

  router.post('/:entity/merge', async (req, res) => {
    const actor = requireActor(req);
    const live = await context.definitions.getLive();
    if (!live) throw NotFoundError.create('No app definition is published yet, so there are no records.');
    const request = parseMergeRequest(req.body);
    const result = await mergeRecords({ db: context.db.knex, app: live.app, caller: { user: actor }, hooks, events, auditTrail, audit: requestAuditFields(req) }, req.params.entity, request);
    res.json(result);
  });

  return router;
}

import { Router, type Request, type Response } from 'express';
import type { RecordData, RecordHistory, RecordPage } from '@crm/schemas';
import { NotFoundError } from '../errors/index.js';
import { requireActor } from '../http/request-context.js';
import { etagOf, parseIfMatch } from './if-match.parser.js';
import { parseDeleted, parseExpand, parseListQuery, singleParam } from './list-query.parser.js';
import { createRecordService, type RecordService } from './record.service.js';
import type { StoredRecord } from './record.types.js';
import { workspaceDefinitionRoutes } from './workspace-definition.routes.js';
import type { RouteDeps } from '../http/route-deps.types.js';

/*
 * HTTP for records (ARCHITECTURE §2): read the request, call the service built for this caller and
 * the live definition, write the response. Rules live in the service and its steps. GET / (the
 * caller-shaped definition the workspace reads) is workspace-definition.routes.ts.
 */

function sendRecord(res: Response, status: number, record: StoredRecord): void {
  res.status(status).setHeader('ETag', etagOf(record.version));
  res.json(record satisfies RecordData);
}

/** The If-Match header of a write: the version the client read. */
function ifMatchOf(req: Request): number[] | null {
  return parseIfMatch(req.get('if-match'));
}

export function recordsRoutes({ context, engine }: RouteDeps): Router {
  const router = Router();
  const { hooks, events } = engine.seams;

  // The caller first (401 before anything else), then the live definition, read outside any
  // transaction: inside one only the transaction's handle may be used.
  async function serviceFor(req: Request): Promise<RecordService> {
    const actor = requireActor(req);
    const live = await context.definitions.getLive();
    if (!live) throw NotFoundError.create('No app definition is published yet, so there are no records.');
    return createRecordService({ db: context.db.knex, app: live.app, version: live.version, caller: { user: actor }, hooks, events });
  }

  router.use(workspaceDefinitionRoutes({ context }));

  router.post('/:entity', async (req, res) => {
    const service = await serviceFor(req);
    const record = await service.create(req.params.entity, req.body);
    // Reported, not refused: a namesake is often a real second client, and merging is the
    // explicit step. `_duplicates` cannot clash with a field (names start with a letter); it is
    // there only when something matched, so the usual answer stays the record as GET reads it.
    const duplicates = await service.duplicates(req.params.entity, record);
    res.setHeader('Location', `${req.baseUrl}/${req.params.entity}/${record.id}`);
    if (duplicates.length === 0) return sendRecord(res, 201, record);
    res.status(201).setHeader('ETag', etagOf(record.version));
    res.json({ ...record, _duplicates: duplicates } satisfies RecordData);
  });

  router.get('/:entity', async (req, res) => {
    const service = await serviceFor(req);
    res.json((await service.list(req.params.entity, parseListQuery(req.query))) satisfies RecordPage);
  });

  router.get('/:entity/:id', async (req, res) => {
    const service = await serviceFor(req);
    const record = await service.get(req.params.entity, req.params.id, {
      includeDeleted: parseDeleted(singleParam(req.query, 'deleted')) !== 'exclude',
      expand: parseExpand(singleParam(req.query, 'expand')),
    });
    sendRecord(res, 200, record);
  });

  router.patch('/:entity/:id', async (req, res) => {
    const service = await serviceFor(req);
    const record = await service.update(req.params.entity, req.params.id, req.body, { ifMatch: ifMatchOf(req) });
    sendRecord(res, 200, record);
  });

  router.delete('/:entity/:id', async (req, res) => {
    const service = await serviceFor(req);
    await service.remove(req.params.entity, req.params.id, { ifMatch: ifMatchOf(req) });
    res.status(204).end();
  });

  router.post('/:entity/:id/restore', async (req, res) => {
    const service = await serviceFor(req);
    sendRecord(res, 200, await service.restore(req.params.entity, req.params.id, { ifMatch: ifMatchOf(req) }));
  });

  router.get('/:entity/:id/history', async (req, res) => {
    const service = await serviceFor(req);
    res.json({ data: await service.history(req.params.entity, req.params.id) } satisfies RecordHistory);
  });

  return router;
}

import { Router, type Request, type Response } from 'express';
import type { App } from '@crm/schemas';
import { ACCESS_OPERATIONS, loadAccessPolicy, type AccessPolicy } from '../access/index.js';
import { NotFoundError } from '../errors/index.js';
import { requireActor } from '../http/request-context.js';
import { visibleDashboards } from '../reports/workspace-dashboards.policy.js';
import { etagOf, parseIfMatch } from './if-match.parser.js';
import { parseDeleted, parseExpand, parseListQuery, singleParam } from './list-query.parser.js';
import { createRecordService, type RecordService } from './record.service.js';
import type { StoredRecord } from './record.types.js';
import type { RouteDeps } from '../http/route-deps.types.js';

/*
 * HTTP for records (ARCHITECTURE §2): read the request, call the service built for this caller and
 * the live definition, write the response. Rules live in the service and its steps.
 */

function sendRecord(res: Response, status: number, record: StoredRecord): void {
  res.status(status).setHeader('ETag', etagOf(record.version));
  res.json(record);
}

/** The If-Match header of a write: the version the client read. */
function ifMatchOf(req: Request): number[] | null {
  return parseIfMatch(req.get('if-match'));
}

/**
 * GET /api/records: the part of the live definition a person works with in the workspace, cut to
 * what they may see: the entities they may read with only their visible fields, those entities'
 * pipelines, forms and views, the dashboards meant for them (reports/workspace-dashboards.policy.ts),
 * and per entity what they may do and each visible field's access.
 * Builders read the whole definition from /api/definitions; this is what everyone else renders
 * forms, lists and boards from.
 */
function workspaceDefinition(app: App, policy: AccessPolicy) {
  const access: Record<string, { operations: Record<string, boolean>; changeOwner: boolean; fields: Record<string, string> }> = {};
  const entities = app.entities.flatMap((entity) => {
    const rights = policy.entity(entity.name);
    if (!rights.can('read')) return [];
    const visible = new Set(rights.visibleFields());
    access[entity.name] = {
      operations: Object.fromEntries(ACCESS_OPERATIONS.map((op) => [op, rights.can(op)])),
      changeOwner: rights.canChangeOwner(),
      fields: Object.fromEntries([...visible].map((f) => [f, rights.fieldAccess(f)])),
    };
    return [{ ...entity, fields: entity.fields.filter((f) => visible.has(f.name)), search: entity.search?.filter((f) => visible.has(f)) }];
  });
  const readable = (entity: string) => access[entity] !== undefined;
  const definition: App = {
    name: app.name,
    ...(app.label ? { label: app.label } : {}),
    ...(app.settings ? { settings: app.settings } : {}),
    entities,
    pipelines: (app.pipelines ?? []).filter((p) => readable(p.entity)),
    forms: (app.forms ?? []).filter((f) => readable(f.entity)),
    views: (app.views ?? []).filter((v) => readable(v.entity)),
    dashboards: visibleDashboards(app, policy),
  };
  // Names, labels and the entity a process starts on: history and run lists name processes. The
  // robots of a readable pipeline (enabled processes started by entering a stage) say which stage
  // starts them, so the kanban names them before a move; their conditions and steps stay private.
  const processes = (app.processes ?? []).map((p) => ({
    name: p.name,
    ...(p.label ? { label: p.label } : {}),
    entity: 'entity' in p.trigger && typeof p.trigger.entity === 'string' ? p.trigger.entity : null,
    ...(p.trigger.type === 'stage' && p.enabled !== false && readable(p.trigger.entity)
      ? { entersStage: { pipeline: p.trigger.pipeline, stage: p.trigger.stage } }
      : {}),
  }));
  return { definition, access, processes };
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
    return createRecordService({ db: context.db.knex, app: live.app, caller: { user: actor }, hooks, events });
  }

  router.get('/', async (req, res) => {
    const actor = requireActor(req);
    const live = await context.definitions.getLive();
    if (!live) throw NotFoundError.create('No app definition is published yet, so there are no records.');
    res.json(workspaceDefinition(live.app, await loadAccessPolicy(context.db.knex, live.app, { user: actor })));
  });

  router.post('/:entity', async (req, res) => {
    const record = await (await serviceFor(req)).create(req.params.entity, req.body);
    res.setHeader('Location', `${req.baseUrl}/${req.params.entity}/${record.id}`);
    sendRecord(res, 201, record);
  });

  router.get('/:entity', async (req, res) => {
    const service = await serviceFor(req);
    res.json(await service.list(req.params.entity, parseListQuery(req.query)));
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
    res.json({ data: await service.history(req.params.entity, req.params.id) });
  });

  return router;
}

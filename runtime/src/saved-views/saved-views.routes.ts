import { Router, type Request } from 'express';
import type { App } from '@crm/schemas';
import { loadAccessPolicy, type AccessPolicy, type EntityAccess } from '../access/index.js';
import { BadRequestError, ForbiddenError, NotFoundError } from '../errors/index.js';
import { requireActor } from '../http/request-context.js';
import type { RouteDeps } from '../http/route-deps.types.js';
import { isUuid } from '../records/index.js';
import { parseSavedViewInput } from './saved-view-input.parser.js';
import type { SavedViewConfig } from '@crm/schemas';
import { deleteSavedView, findSavedView, insertSavedView, listSavedViews, toSavedView, updateSavedView, type SavedViewRow } from './saved-views.repository.js';

/*
 * /api/saved-views: a person's saved list views. GET ?entity= lists their own and the shared ones
 * of an entity they may read; POST saves one; PATCH and DELETE are for its author or an admin.
 * A view of an entity the caller can no longer read answers 404 like a missing one.
 */

interface Caller {
  userId: string;
  app: App;
  policy: AccessPolicy;
}

const NO_SUCH_VIEW = 'There is no such saved view.';

function notFound(): Error {
  return NotFoundError.create(NO_SUCH_VIEW, [{ field: 'id', code: 'NOT_FOUND', message: NO_SUCH_VIEW, message_ru: 'Такого представления нет.' }]);
}

function readable(caller: Caller, entity: unknown): { entity: string; access: EntityAccess } | null {
  if (typeof entity !== 'string' || !caller.app.entities.some((e) => e.name === entity)) return null;
  const access = caller.policy.entity(entity);
  return access.can('read') ? { entity, access } : null;
}

function mayEdit(caller: Caller, row: SavedViewRow): boolean {
  return row.ownerId === caller.userId || caller.policy.kind === 'admin';
}

export function savedViewsRoutes({ context }: RouteDeps): Router {
  const router = Router();
  const knex = context.db.knex;

  async function callerOf(req: Request): Promise<Caller> {
    const actor = requireActor(req);
    const live = await context.definitions.getLive();
    if (!live) throw NotFoundError.create('No app definition is published yet, so there are no lists.');
    return { userId: actor.id, app: live.app, policy: await loadAccessPolicy(knex, live.app, { user: actor }) };
  }

  /** The view by id, when the caller may see it (their own, or shared on an entity they read). */
  async function visibleView(caller: Caller, id: string): Promise<{ row: SavedViewRow; access: EntityAccess }> {
    const row = isUuid(id) ? await findSavedView(knex, id) : null;
    const target = row ? readable(caller, row.entity) : null;
    if (!row || !target || (!row.shared && !mayEdit(caller, row))) throw notFound();
    return { row, access: target.access };
  }

  router.get('/', async (req, res) => {
    const caller = await callerOf(req);
    const entity = req.query['entity'];
    if (typeof entity !== 'string' || entity === '') {
      throw BadRequestError.create('Name the entity: ?entity=deal.', [{ field: 'entity', code: 'INVALID_PARAMETER', message: 'Name the entity.', message_ru: 'Укажите сущность.' }]);
    }
    if (!readable(caller, entity)) throw ForbiddenError.create('You may not read these records.');
    const rows = await listSavedViews(knex, entity, caller.userId);
    res.json({ data: rows.map((row) => toSavedView(row, mayEdit(caller, row))) });
  });

  router.post('/', async (req, res) => {
    const caller = await callerOf(req);
    const body: unknown = req.body;
    const entity = typeof body === 'object' && body !== null && 'entity' in body ? body.entity : undefined;
    const target = readable(caller, entity);
    if (!target) {
      throw BadRequestError.create('Name an entity you may read.', [{ field: 'entity', code: 'UNKNOWN_ENTITY', message: 'Name an entity you may read.', message_ru: 'Укажите сущность, которую вам можно читать.' }]);
    }
    const input = parseSavedViewInput(body, { app: caller.app, entity: target.entity, access: target.access, creating: true });
    const config: SavedViewConfig = { columns: input.columns ?? [], filter: input.filter ?? null, sort: input.sort ?? [], q: input.q ?? null };
    const id = await insertSavedView(knex, { entity: target.entity, name: input.name ?? '', ownerId: caller.userId, shared: input.shared ?? false, config });
    const row = await findSavedView(knex, id);
    if (!row) throw new Error('a saved view vanished right after it was saved');
    res.status(201).json(toSavedView(row, true));
  });

  router.patch('/:id', async (req, res) => {
    const caller = await callerOf(req);
    const { row, access } = await visibleView(caller, req.params.id);
    if (!mayEdit(caller, row)) throw ForbiddenError.create('Only its author or an admin may change a shared view.');
    const input = parseSavedViewInput(req.body, { app: caller.app, entity: row.entity, access, creating: false });
    const config: SavedViewConfig = {
      columns: input.columns ?? row.config.columns,
      filter: input.filter !== undefined ? input.filter : row.config.filter,
      sort: input.sort ?? row.config.sort,
      q: input.q !== undefined ? input.q : row.config.q,
    };
    await updateSavedView(knex, row.id, { name: input.name, shared: input.shared, config });
    const saved = await findSavedView(knex, row.id);
    if (!saved) throw notFound();
    res.json(toSavedView(saved, true));
  });

  router.delete('/:id', async (req, res) => {
    const caller = await callerOf(req);
    const { row } = await visibleView(caller, req.params.id);
    if (!mayEdit(caller, row)) throw ForbiddenError.create('Only its author or an admin may delete a shared view.');
    await deleteSavedView(knex, row.id);
    res.status(204).end();
  });

  return router;
}

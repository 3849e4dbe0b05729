import type { AccessExplanation } from '@crm/schemas';
import { Router, type Request } from 'express';
import { BadRequestError, ForbiddenError, NotFoundError, type AppError } from '../errors/index.js';
import { requireActor } from '../http/request-context.js';
import { explainRecordAccess } from './access.explainer.js';
import { compiledRolesFor, loadAccessPolicy } from './access.policy.js';
import { ACCESS_OPERATIONS } from './access.types.js';
import type { RouteDeps } from '../http/route-deps.types.js';

/*
 * /api/access: the explainer (admins only) and the caller's own access to an entity, which the
 * workspace uses to show only the fields and actions a person has.
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function badParameter(field: string, en: string, ru: string): AppError {
  return BadRequestError.create(en, [{ field, code: 'INVALID_PARAMETER', message: en, message_ru: ru }]);
}

function param(req: Request, name: string, kind: 'uuid' | 'name'): string {
  const value = req.query[name];
  if (typeof value !== 'string' || value.trim() === '') {
    throw badParameter(name, `Give "${name}" once, as a plain value.`, `Укажите параметр «${name}» один раз.`);
  }
  const trimmed = value.trim();
  if (kind === 'uuid' && !UUID.test(trimmed)) throw badParameter(name, `"${name}" must be an id (a uuid).`, `«${name}» должен быть идентификатором (uuid).`);
  if (kind === 'name' && !/^[a-z][a-z0-9_]*$/.test(trimmed)) throw badParameter(name, `"${name}" must be an entity name.`, `«${name}» должен быть именем сущности.`);
  return trimmed;
}

export function accessRoutes({ context }: RouteDeps): Router {
  const router = Router();
  const knex = context.db.knex;

  async function liveApp() {
    const live = await context.definitions.getLive();
    if (!live) throw NotFoundError.create('No app definition is published yet.');
    return live.app;
  }

  router.get('/explain', async (req, res) => {
    const actor = requireActor(req);
    const app = await liveApp();
    const compiled = await compiledRolesFor(knex, app);
    if (!compiled.isAdmin(actor.roles)) {
      throw ForbiddenError.create('Only admins may explain other people\'s access.', [
        { field: 'user', code: 'ADMIN_ONLY', message: 'Only admins may explain access.', message_ru: 'Объяснять права доступа могут только администраторы.' },
      ]);
    }
    const user = param(req, 'user', 'uuid');
    const entity = param(req, 'entity', 'name');
    const id = param(req, 'id', 'uuid');
    res.json((await explainRecordAccess(knex, app, user, entity, id)) satisfies AccessExplanation);
  });

  router.get('/me', async (req, res) => {
    const actor = requireActor(req);
    const app = await liveApp();
    const entity = param(req, 'entity', 'name');
    if (!app.entities.some((e) => e.name === entity)) {
      throw NotFoundError.create(`There is no entity "${entity}".`, [
        { field: 'entity', code: 'UNKNOWN_ENTITY', message: `There is no entity "${entity}".`, message_ru: `Сущности «${entity}» нет.` },
      ]);
    }
    const policy = await loadAccessPolicy(knex, app, { user: actor });
    const access = policy.entity(entity);
    res.json({
      entity,
      operations: Object.fromEntries(ACCESS_OPERATIONS.map((op) => [op, { allowed: access.can(op), scope: access.scope(op) }])),
      changeOwner: access.canChangeOwner(),
      fields: Object.fromEntries(access.visibleFields().map((f) => [f, access.fieldAccess(f)])),
    });
  });

  return router;
}

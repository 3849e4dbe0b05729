import { Router } from 'express';
import type { AppNotificationList } from '@crm/schemas';
import { NotFoundError } from '../errors/index.js';
import { requireActor } from '../http/request-context.js';
import type { RouteDeps } from '../http/route-deps.types.js';
import { listNotifications, markNotificationRead } from './notifications.repository.js';

/** /api/notifications: the caller's in-app notifications left by processes, and marking one read. */
export function notificationsRoutes({ context }: RouteDeps): Router {
  const router = Router();
  const knex = context.db.knex;

  router.get('/', async (req, res) => {
    const actor = requireActor(req);
    const unreadOnly = req.query['unread'] === '1' || req.query['unread'] === 'true';
    res.json({ data: await listNotifications(knex, actor.id, { unreadOnly }) } satisfies AppNotificationList);
  });

  router.post('/:id/read', async (req, res) => {
    const actor = requireActor(req);
    if (!/^\d+$/.test(req.params.id)) throw NotFoundError.create('There is no such notification.');
    if (!(await markNotificationRead(knex, actor.id, Number(req.params.id)))) {
      throw NotFoundError.create('There is no such notification.', [{ field: 'id', code: 'NOT_FOUND', message: 'There is no such notification.', message_ru: 'Такого уведомления нет.' }]);
    }
    res.status(204).end();
  });

  return router;
}

import { Router } from 'express';
import type { RouteDeps } from '../http/route-deps.types.js';
import { requireAdmin } from '../people/admin-role.check.js';
import { readMailbox } from './mailbox.reader.js';

/** /api/mailbox (admins): e-mail processes sent, as kept in the local mailbox when there is no SMTP. */
export function mailboxRoutes({ context }: RouteDeps): Router {
  const router = Router();
  router.use(requireAdmin(context.definitions));
  router.get('/', async (_req, res) => {
    res.json({ data: await readMailbox(context.db.knex) });
  });
  return router;
}

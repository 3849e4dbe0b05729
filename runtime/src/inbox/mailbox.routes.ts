import { Router } from 'express';
import { loadAccessPolicy } from '../access/index.js';
import { isAdmin } from '../people/admin-role.check.js';
import type { RouteDeps } from '../http/route-deps.types.js';
import { requireActor } from '../http/request-context.js';
import { isUuid } from '../records/index.js';
import { readMailbox } from '../mail/mailbox.reader.js';

/**
 * /api/mailbox: mail processes and people sent, as kept in the local mailbox when there is no
 * SMTP (../mail/mailbox.reader.ts). Admins see all of it; others the mail they sent and the mail
 * about records they may read. ?entity=&recordId= narrows it to one record (its page); ?limit= (≤ 500).
 */
export function mailboxRoutes({ context }: RouteDeps): Router {
  const router = Router();
  router.get('/', async (req, res) => {
    const actor = requireActor(req);
    const knex = context.db.knex;
    const live = await context.definitions.getLive();
    const policy = live ? await loadAccessPolicy(knex, live.app, { user: actor }) : null;
    const entity = typeof req.query['entity'] === 'string' && req.query['entity'] !== '' ? req.query['entity'] : undefined;
    const recordId = typeof req.query['recordId'] === 'string' && isUuid(req.query['recordId']) ? req.query['recordId'] : undefined;
    const limit = Math.min(500, Math.max(1, Number(req.query['limit']) || 200));
    const viewer = { all: await isAdmin(actor, context.definitions), userId: actor.id, app: live?.app ?? null, policy, caller: { user: actor } };
    res.json({ data: await readMailbox(knex, viewer, { ...(entity ? { entity } : {}), ...(recordId ? { recordId } : {}), limit }) });
  });
  return router;
}

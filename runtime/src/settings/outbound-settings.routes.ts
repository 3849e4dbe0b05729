import { Router } from 'express';
import { BadRequestError } from '../errors/index.js';
import { requireActor } from '../http/request-context.js';
import type { RouteDeps } from '../http/route-deps.types.js';
import { requireAdmin } from '../people/admin-role.check.js';
import { invalidAllowEntries, readAllowHosts, writeAllowHosts } from './outbound-allow-list.store.js';

/** /api/settings/outbound (admins): the private hosts processes and webhooks may reach. */
export function outboundSettingsRoutes({ context, auditTrail }: RouteDeps): Router {
  const router = Router();
  router.use(requireAdmin(context.definitions));
  router.get('/outbound', async (_req, res) => {
    res.json({ allowHosts: await readAllowHosts(context.db.knex) });
  });
  router.put('/outbound', async (req, res) => {
    const actor = requireActor(req);
    const body: unknown = req.body;
    const hosts = typeof body === 'object' && body !== null && 'allowHosts' in body ? body.allowHosts : undefined;
    if (!Array.isArray(hosts)) throw BadRequestError.create('Send {"allowHosts": ["erp.corp.example", "10.20.0.0/16"]}.', [{ field: 'allowHosts', code: 'REQUIRED', message: 'allowHosts must be a list.', message_ru: 'allowHosts — список хостов.' }]);
    const bad = invalidAllowEntries(hosts);
    if (bad.length > 0) {
      throw BadRequestError.create(`Not a host, IP or CIDR: ${bad.join(', ')}.`, bad.map((b) => ({ field: 'allowHosts', code: 'INVALID_HOST', value: b, message: `Not a host, IP or CIDR: ${b}`, message_ru: `Не хост, IP или CIDR: ${b}` })));
    }
    const saved = await writeAllowHosts(context.db.knex, hosts.map(String), actor.id);
    await auditTrail.record({ action: 'settings.outbound', actorId: actor.id, actorEmail: actor.email, target: { type: 'settings', name: 'outbound' }, details: { allowHosts: saved } });
    res.json({ allowHosts: await readAllowHosts(context.db.knex) });
  });
  return router;
}

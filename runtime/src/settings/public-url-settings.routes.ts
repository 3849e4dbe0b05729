import { Router } from 'express';
import { ValidationError } from '../errors/index.js';
import { requireActor } from '../http/request-context.js';
import type { RouteDeps } from '../http/route-deps.types.js';
import { requireAdmin } from '../people/admin-role.check.js';
import { cleanPublicUrl, publicUrlProblem, readPublicUrl, writePublicUrl } from './public-url.store.js';

/*
 * /api/settings/public-url (admins): the address recipients reach the product at, used by the links
 * in mailings (public-url.store.ts). PUT {"publicUrl": "https://crm.example.ru"} sets it,
 * {"publicUrl": null} or "" removes it. A bad URL answers 400 with a detail on publicUrl.
 */
export function publicUrlSettingsRoutes({ context, auditTrail }: RouteDeps): Router {
  const router = Router();
  router.use('/public-url', requireAdmin(context.definitions));
  router.get('/public-url', async (_req, res) => {
    const setting = await readPublicUrl(context.db.knex);
    res.json({ publicUrl: setting.stored, effective: setting.effective });
  });
  router.put('/public-url', async (req, res) => {
    const actor = requireActor(req);
    const body: unknown = req.body;
    const given = typeof body === 'object' && body !== null && 'publicUrl' in body ? body.publicUrl : undefined;
    if (given !== null && typeof given !== 'string') {
      const message = 'Send {"publicUrl": "https://crm.example.com"}, or null to remove it.';
      throw ValidationError.create(message, [{ field: 'publicUrl', code: 'REQUIRED', message, message_ru: 'Передайте {"publicUrl": "https://crm.example.ru"} или null, чтобы убрать адрес.' }]);
    }
    const text = given?.trim() ?? '';
    const problem = text === '' ? null : publicUrlProblem(text);
    if (problem) throw ValidationError.create(`The public URL is not valid: ${problem.message}`, [problem]);
    const url = text === '' ? null : cleanPublicUrl(text);
    await writePublicUrl(context.db.knex, url, actor.id);
    await auditTrail.record({ action: 'settings.publicUrl', actorId: actor.id, actorEmail: actor.email, target: { type: 'settings', name: 'publicUrl' }, details: { publicUrl: url } });
    const setting = await readPublicUrl(context.db.knex);
    res.json({ publicUrl: setting.stored, effective: setting.effective });
  });
  return router;
}

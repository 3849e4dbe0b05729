import { Router } from 'express';
import type { App } from '@crm/schemas';
import { loadAccessPolicy } from '../access/index.js';
import { NotFoundError } from '../errors/index.js';
import type { RouteDeps } from '../http/route-deps.types.js';
import { requireActor } from '../http/request-context.js';
import { sendRecordEmail } from './record-email.service.js';

/*
 * POST /api/records/:entity/:id/emails {to[], subject?, body?, template?, locale?} (mounted at
 * /api/records, before the records routes): 201 {mail: {id, to, subject, status}}; 422
 * EMAIL_INVALID with a detail per bad address; 404 when the caller may not read the record.
 */

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function recordEmailsRoutes({ context }: RouteDeps): Router {
  const router = Router();
  const knex = context.db.knex;

  async function liveApp(): Promise<App> {
    const live = await context.definitions.getLive();
    if (!live) throw NotFoundError.create('No app definition is published yet.');
    return live.app;
  }

  router.post('/:entity/:id/emails', async (req, res) => {
    const actor = requireActor(req);
    const app = await liveApp();
    const body = isRecord(req.body) ? req.body : {};
    const locale = body['locale'] === 'en' || body['locale'] === 'ru' ? body['locale'] : (app.settings?.defaultLocale ?? 'ru');
    const policy = await loadAccessPolicy(knex, app, { user: actor });
    const sent = await sendRecordEmail(knex, { user: actor }, String(req.params['entity']), String(req.params['id']), body, { app, policy, locale });
    res.status(201).json(sent);
  });

  return router;
}

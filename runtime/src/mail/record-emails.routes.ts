import { Router } from 'express';
import type { App, RecordEmail, RecordEmailList } from '@crm/schemas';
import { loadAccessPolicy } from '../access/index.js';
import { NotFoundError } from '../errors/index.js';
import type { RouteDeps } from '../http/route-deps.types.js';
import { requireActor } from '../http/request-context.js';
import { createRecordService } from '../records/index.js';
import { readMailbox } from './mailbox.reader.js';
import { sendRecordEmail } from './record-email.service.js';

/*
 * POST /api/records/:entity/:id/emails {to[], subject?, body?, template?, locale?} (mounted at
 * /api/records, before the records routes): 201 {mail: {id, to, subject, status}}; 422
 * EMAIL_INVALID with a detail per bad address; 404 when the caller may not read the record.
 *
 * GET /api/records/:entity/:id/emails: the record's e-mails for its timeline, newest first (at
 * most 200): who sent each, to whom, the subject, when and the delivery status, without the body
 * (the Mail page shows it). Only for someone who may read the record (404 otherwise, as GET
 * answers, even for mail they sent about it); the mailbox's own visibility applies on top.
 */

const TIMELINE_LIMIT = 200;

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

  router.get('/:entity/:id/emails', async (req, res) => {
    const actor = requireActor(req);
    const app = await liveApp();
    const entity = String(req.params['entity']);
    const policy = await loadAccessPolicy(knex, app, { user: actor });
    const caller = { user: actor };
    // The record's own read: scope, sharing rules; 404 for a record the caller may not read.
    const record = await createRecordService({ db: knex, app, caller, policy }).get(entity, String(req.params['id']));
    const messages = await readMailbox(knex, { all: false, userId: actor.id, app, policy, caller }, { entity, recordId: record.id, limit: TIMELINE_LIMIT });
    const items = messages.map(
      (m): RecordEmail => ({ id: m.id, to: m.to, subject: m.subject, status: m.status, sentBy: m.sentBy, runId: m.runId, createdAt: m.createdAt, sentAt: m.sentAt }),
    );
    res.json({ items } satisfies RecordEmailList);
  });

  return router;
}

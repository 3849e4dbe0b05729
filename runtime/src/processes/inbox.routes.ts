import { Router } from 'express';
import { BadRequestError, NotFoundError } from '../errors/index.js';
import { requireActor } from '../http/request-context.js';
import { requireAdmin } from '../people/admin-role.check.js';
import type { RouteDeps } from '../http/route-deps.types.js';
import { invalidAllowEntries, readAllowHosts, writeAllowHosts } from '../settings/outbound-allow-list.store.js';
import { appendAuditEntry } from '../audit/audit.log.js';

/*
 * What processes leave for people and admins: in-app notifications (GET /api/notifications, mark
 * read), the local mailbox of e-mail sent without SMTP (GET /api/mailbox, admins), and the outbound
 * allow-list (GET/PUT /api/settings/outbound, admins).
 */

export function notificationsRoutes({ context }: RouteDeps): Router {
  const router = Router();
  const knex = context.db.knex;

  router.get('/', async (req, res) => {
    const actor = requireActor(req);
    const q = knex('notifications').where({ user_id: actor.id });
    if (req.query['unread'] === '1' || req.query['unread'] === 'true') q.whereNull('read_at');
    const rows: Array<Record<string, unknown>> = await q.orderBy('id', 'desc').limit(200).select('id', 'message', 'entity', 'record_id', 'run_id', 'read_at', 'created_at');
    res.json({
      data: rows.map((r) => ({ id: Number(r['id']), message: r['message'], entity: r['entity'], recordId: r['record_id'], runId: r['run_id'], readAt: r['read_at'], createdAt: r['created_at'] })),
    });
  });

  router.post('/:id/read', async (req, res) => {
    const actor = requireActor(req);
    if (!/^\d+$/.test(req.params.id)) throw NotFoundError.create('There is no such notification.');
    const count = await knex('notifications').where({ id: Number(req.params.id), user_id: actor.id }).update({ read_at: knex.fn.now() });
    if (count === 0) throw NotFoundError.create('There is no such notification.', [{ field: 'id', code: 'NOT_FOUND', message: 'There is no such notification.', message_ru: 'Такого уведомления нет.' }]);
    res.status(204).end();
  });

  return router;
}

export function mailboxRoutes({ context }: RouteDeps): Router {
  const router = Router();
  router.use(requireAdmin(context.definitions));
  router.get('/', async (_req, res) => {
    const rows: Array<Record<string, unknown>> = await context.db.knex('mail_outbox').orderBy('id', 'desc').limit(200);
    res.json({
      data: rows.map((r) => ({
        id: Number(r['id']),
        to: r['to'],
        subject: r['subject'],
        body: r['body'],
        html: r['html'],
        status: r['status'],
        transport: r['transport'],
        attempts: r['attempts'],
        lastError: r['last_error'],
        runId: r['run_id'],
        createdAt: r['created_at'],
        sentAt: r['sent_at'],
      })),
    });
  });
  return router;
}

export function settingsRoutes({ context }: RouteDeps): Router {
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
    await appendAuditEntry(context.db.knex, { action: 'settings.outbound', actorId: actor.id, actorEmail: actor.email, target: { type: 'settings', name: 'outbound' }, details: { allowHosts: saved } });
    res.json({ allowHosts: await readAllowHosts(context.db.knex) });
  });
  return router;
}

import { Router, type Request } from 'express';
import { requestAuditFields } from '../audit/request-audit.context.js';
import { ConflictError, NotFoundError } from '../errors/index.js';
import { requireActor } from '../http/request-context.js';
import { requireAdmin } from '../people/admin-role.check.js';
import { isUuid } from '../people/body-fields.reader.js';
import { readAllowHosts } from '../settings/outbound-allow-list.store.js';
import { sendPing } from './webhook-delivery.duty.js';
import { findDelivery, recentDeliveries, requeueDelivery } from './webhook-delivery.store.js';
import { parseNewSubscription, parseSubscriptionChanges, type ParseContext } from './webhook-subscription.parser.js';
import { deleteSubscription, findSubscription, insertSubscription, listSubscriptions, toSubscriptionView, updateSubscription } from './webhook-subscription.store.js';
import type { SubscriptionRow, SubscriptionView } from './webhook.types.js';
import type { RouteDeps } from '../http/route-deps.types.js';

/*
 * /api/webhooks (admins only): subscriptions to record events of one entity, each delivered with
 * the permissions of its owner (README.md beside this file). The secret is shown once: in the 201
 * when it was generated, or in the answer to rotateSecret.
 */

function notFound(id: string): Error {
  return NotFoundError.create(`There is no webhook subscription ${id}.`, [
    { field: 'id', code: 'NOT_FOUND', message: 'There is no such webhook subscription.', message_ru: 'Такой подписки на вебхук нет.' },
  ]);
}

/** What the audit log keeps of a subscription: never the secret. */
function auditView(view: SubscriptionView): Record<string, unknown> {
  return { url: view.url, entity: view.entity, events: view.events, fields: view.fields, owner: view.owner, active: view.active };
}

export function webhooksRoutes({ context, auditTrail }: RouteDeps): Router {
  const router = Router();
  const knex = context.db.knex;
  router.use(requireAdmin(context.definitions));

  async function parseContext(req: Request): Promise<ParseContext> {
    const actor = requireActor(req);
    return { knex, definitions: context.definitions, actorId: actor.id, actorRoleLimit: actor.roleLimit ?? null, url: { allowHosts: await readAllowHosts(knex) } };
  }

  async function subscriptionOf(id: string): Promise<SubscriptionRow> {
    const row = isUuid(id) ? await findSubscription(knex, id) : undefined;
    if (!row) throw notFound(id);
    return row;
  }

  router.post('/', async (req, res) => {
    const { input, generatedSecret } = await parseNewSubscription(req.body, await parseContext(req));
    const view = await knex.transaction(async (trx) => {
      const created = toSubscriptionView(await insertSubscription(trx, input));
      await auditTrail.within(trx).record({ ...requestAuditFields(req), action: 'webhook.create', target: { type: 'webhook', id: created.id, name: created.name }, details: auditView(created) });
      return created;
    });
    res.status(201).location(`/api/webhooks/${view.id}`).json(generatedSecret ? { ...view, secret: input.secret } : view);
  });

  router.get('/', async (_req, res) => {
    res.json({ data: (await listSubscriptions(knex)).map(toSubscriptionView) });
  });

  router.get('/:id', async (req, res) => {
    const row = await subscriptionOf(req.params['id'] ?? '');
    res.json({ ...toSubscriptionView(row), deliveries: await recentDeliveries(knex, row.id) });
  });

  router.patch('/:id', async (req, res) => {
    const current = await subscriptionOf(req.params['id'] ?? '');
    const { changes, newSecret } = await parseSubscriptionChanges(req.body, current, await parseContext(req));
    const view = await knex.transaction(async (trx) => {
      const updated = toSubscriptionView(await updateSubscription(trx, current.id, changes));
      await auditTrail.within(trx).record({
        ...requestAuditFields(req),
        action: 'webhook.update',
        target: { type: 'webhook', id: updated.id, name: updated.name },
        details: { ...auditView(updated), secretChanged: changes.secret !== undefined },
      });
      return updated;
    });
    res.json(newSecret === null ? view : { ...view, secret: newSecret });
  });

  router.delete('/:id', async (req, res) => {
    const current = await subscriptionOf(req.params['id'] ?? '');
    await knex.transaction(async (trx) => {
      await deleteSubscription(trx, current.id);
      await auditTrail.within(trx).record({ ...requestAuditFields(req), action: 'webhook.delete', target: { type: 'webhook', id: current.id, name: current.name }, details: auditView(toSubscriptionView(current)) });
    });
    res.status(204).end();
  });

  router.post('/:id/test', async (req, res) => {
    const current = await subscriptionOf(req.params['id'] ?? '');
    const ping = await sendPing(knex, current.id);
    res.json({ delivery: await findDelivery(knex, ping.id) });
  });

  router.post('/:id/deliveries/:deliveryId/retry', async (req, res) => {
    const current = await subscriptionOf(req.params['id'] ?? '');
    const deliveryId = req.params['deliveryId'] ?? '';
    const delivery = isUuid(deliveryId) ? await findDelivery(knex, deliveryId, current.id) : undefined;
    if (!delivery) {
      throw NotFoundError.create(`There is no delivery ${deliveryId} of this subscription.`, [
        { field: 'deliveryId', code: 'NOT_FOUND', message: 'There is no such delivery.', message_ru: 'Такой доставки нет.' },
      ]);
    }
    if (!(await requeueDelivery(knex, current.id, deliveryId))) {
      throw ConflictError.create('Only a failed record delivery can be retried.', [
        { field: 'deliveryId', code: 'NOT_FAILED', message: 'Only a failed record delivery can be retried.', message_ru: 'Повторить можно только неудавшуюся доставку записи.' },
      ]);
    }
    await auditTrail.record({ ...requestAuditFields(req), action: 'webhook.retry', target: { type: 'webhook', id: current.id, name: current.name }, details: { delivery: deliveryId } });
    res.status(202).json({ delivery: await findDelivery(knex, deliveryId) });
  });

  return router;
}

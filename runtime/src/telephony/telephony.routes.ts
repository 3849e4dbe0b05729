import { Router, type Request } from 'express';
import type { App } from '@crm/schemas';
import { bearerToken } from '../auth/auth.middleware.js';
import { BadRequestError, ConflictError, NotFoundError, UnauthorizedError } from '../errors/index.js';
import { requireActor } from '../http/request-context.js';
import type { RouteDeps } from '../http/route-deps.types.js';
import { requireAdmin } from '../people/admin-role.check.js';
import { findUserById } from '../people/users.repository.js';
import { parseCallEvent } from './call-event.parser.js';
import { receiveCallEvent } from './call-event.service.js';
import { callOfActivity } from './call-history.reader.js';
import { clickToCall } from './click-to-call.service.js';
import { parseTelephonyConfig } from './telephony-config.parser.js';
import {
  clearExtension,
  describeIntegration,
  extensionOf,
  findIntegration,
  insertIntegration,
  listExtensions,
  listIntegrations,
  markIntegrationDeleted,
  rotateSecret,
  secretMatches,
  setExtension,
  updateIntegrationConfig,
  type IntegrationRow,
} from './telephony-integration.store.js';
import type { Actor } from '../people/user.types.js';

/*
 * /api/telephony
 *   POST /:integration/events          a PBX call event; Authorization: Bearer <secret> (or
 *                                      X-Telephony-Secret); 401 and nothing written otherwise
 *   GET /my-line                       signed in: the click-to-call integration and my extension on it (or nulls)
 *   GET /calls/:activityId             signed in: the call behind a timeline activity {call} (null when none)
 *   POST /click-to-call                signed in: ring my extension and connect {entity, recordId} or {phone}
 *   GET|POST /integrations             admins: list, create (the secret is in the answer once)
 *   PUT|DELETE /integrations/:name     admins: change the config {config}; delete (events refused, history kept)
 *   POST /integrations/:name/secret    admins: a new secret, shown once; the old one is refused at once
 *   GET /integrations/:name/extensions admins: [{userId, extension}]
 *   PUT|DELETE /integrations/:name/extensions/:userId   admins: a person's extension {extension}
 */

const NAME = /^[a-z][a-z0-9_-]{0,62}$/;

function unknownIntegration(name: string): Error {
  const message = `There is no telephony integration "${name}".`;
  return NotFoundError.create(message, [{ field: 'integration', code: 'UNKNOWN_INTEGRATION', message, message_ru: `Интеграции телефонии «${name}» нет.` }]);
}

function secretOf(req: Request): string | undefined {
  return bearerToken(req) ?? req.get('x-telephony-secret') ?? undefined;
}

function body(req: Request): Record<string, unknown> {
  const value: unknown = req.body;
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

export function telephonyRoutes({ context, engine, auditTrail }: RouteDeps): Router {
  const router = Router();
  const knex = context.db.knex;

  async function liveApp(): Promise<App> {
    const live = await context.definitions.getLive();
    if (!live) throw NotFoundError.create('No app definition is published yet.');
    return live.app;
  }

  async function integrationNamed(name: string): Promise<IntegrationRow> {
    const row = await findIntegration(knex, name);
    if (!row) throw unknownIntegration(name);
    return row;
  }

  /** The integration a person calls through: the named one, else the first with click-to-call where they have an extension, else the first with click-to-call. */
  async function lineOf(actor: Actor, named: string | undefined): Promise<{ integration: IntegrationRow | undefined; extension: string | undefined }> {
    const rows = await listIntegrations(knex);
    if (named !== undefined) {
      const integration = rows.find((r) => r.name === named);
      return { integration, extension: integration ? await extensionOf(knex, integration.id, actor.id) : undefined };
    }
    const calling = rows.filter((r) => r.config.clickToCallUrl);
    for (const integration of calling) {
      const extension = await extensionOf(knex, integration.id, actor.id);
      if (extension) return { integration, extension };
    }
    return { integration: calling[0], extension: undefined };
  }

  router.get('/my-line', async (req, res) => {
    const { integration, extension } = await lineOf(requireActor(req), undefined);
    res.json({ integration: integration?.name ?? null, extension: extension ?? null });
  });

  router.get('/calls/:activityId', async (req, res) => {
    res.json({ call: await callOfActivity(knex, await liveApp(), requireActor(req), req.params.activityId) });
  });

  router.post('/click-to-call', async (req, res) => {
    const actor = requireActor(req);
    const input = body(req);
    const named = typeof input.integration === 'string' ? input.integration : undefined;
    const { integration } = await lineOf(actor, named);
    if (!integration) throw unknownIntegration(named ?? '');
    const str = (key: string) => (typeof input[key] === 'string' ? (input[key] as string) : undefined);
    const placed = await clickToCall(knex, await liveApp(), actor, integration, { entity: str('entity'), recordId: str('recordId'), field: str('field'), phone: str('phone') });
    res.status(202).json({ calling: true, ...placed });
  });

  router.post('/:integration/events', async (req, res) => {
    // One answer for an unknown integration and a wrong secret: a probe learns no names.
    const integration = await findIntegration(knex, req.params.integration);
    if (!integration || !secretMatches(integration, secretOf(req))) {
      const message = 'The telephony secret is missing or wrong.';
      throw UnauthorizedError.create(message, [{ field: 'authorization', code: 'BAD_TELEPHONY_SECRET', message, message_ru: 'Секрет телефонии не указан или неверен.' }]);
    }
    const event = parseCallEvent(req.body);
    const outcome = await receiveCallEvent({ knex, app: await liveApp(), ...engine.seams }, integration, event);
    if (!outcome.duplicate) engine.engine.wake();
    res.status(outcome.duplicate ? 200 : 201).json(outcome);
  });

  const admin = Router();
  admin.use(requireAdmin(context.definitions));
  admin.get('/', async (_req, res) => {
    res.json({ data: (await listIntegrations(knex)).map(describeIntegration) });
  });
  admin.post('/', async (req, res) => {
    const actor = requireActor(req);
    const input = body(req);
    const name = typeof input.name === 'string' ? input.name : '';
    if (!NAME.test(name)) throw BadRequestError.create('The name is lower-case latin letters, digits, _ and -.', [{ field: 'name', code: 'INVALID_NAME', message: 'The name is lower-case latin letters, digits, _ and -.', message_ru: 'Имя — строчные латинские буквы, цифры, _ и -.' }]);
    if (await findIntegration(knex, name)) throw ConflictError.create(`An integration "${name}" exists.`, [{ field: 'name', code: 'NAME_TAKEN', message: `An integration "${name}" exists.`, message_ru: `Интеграция «${name}» уже есть.` }]);
    const config = parseTelephonyConfig(await liveApp(), input.config);
    const { row, secret } = await insertIntegration(knex, name, config, actor.id);
    await auditTrail.record({ action: 'telephony.integration.create', actorId: actor.id, actorEmail: actor.email, target: { type: 'telephony', name }, details: {} });
    res.status(201).json({ integration: describeIntegration(row), secret });
  });
  admin.put('/:name', async (req, res) => {
    const actor = requireActor(req);
    const integration = await integrationNamed(req.params.name);
    const config = parseTelephonyConfig(await liveApp(), body(req).config);
    const row = await updateIntegrationConfig(knex, integration, config);
    await auditTrail.record({ action: 'telephony.integration.update', actorId: actor.id, actorEmail: actor.email, target: { type: 'telephony', name: row.name }, details: {} });
    res.json({ integration: describeIntegration(row) });
  });
  admin.post('/:name/secret', async (req, res) => {
    const actor = requireActor(req);
    const { row, secret } = await rotateSecret(knex, await integrationNamed(req.params.name));
    await auditTrail.record({ action: 'telephony.integration.rotate_secret', actorId: actor.id, actorEmail: actor.email, target: { type: 'telephony', name: row.name }, details: {} });
    res.json({ integration: describeIntegration(row), secret });
  });
  admin.delete('/:name', async (req, res) => {
    const actor = requireActor(req);
    const integration = await integrationNamed(req.params.name);
    await markIntegrationDeleted(knex, integration);
    await auditTrail.record({ action: 'telephony.integration.delete', actorId: actor.id, actorEmail: actor.email, target: { type: 'telephony', name: integration.name }, details: {} });
    res.status(204).end();
  });
  admin.get('/:name/extensions', async (req, res) => {
    res.json({ data: await listExtensions(knex, (await integrationNamed(req.params.name)).id) });
  });
  admin.delete('/:name/extensions/:userId', async (req, res) => {
    const integration = await integrationNamed(req.params.name);
    const user = await findUserById(knex, req.params.userId).catch(() => undefined);
    if (user) await clearExtension(knex, integration.id, user.id);
    res.status(204).end();
  });
  admin.put('/:name/extensions/:userId', async (req, res) => {
    const integration = await integrationNamed(req.params.name);
    const extension = body(req).extension;
    if (typeof extension !== 'string' || !/^[0-9A-Za-z*#+]{1,32}$/.test(extension)) throw BadRequestError.create('Send {"extension": "101"}.', [{ field: 'extension', code: 'INVALID_EXTENSION', message: 'An extension is up to 32 digits or letters.', message_ru: 'Добавочный — до 32 цифр или букв.' }]);
    const user = await findUserById(knex, req.params.userId).catch(() => undefined);
    if (!user) throw NotFoundError.create('There is no such person.', [{ field: 'userId', code: 'UNKNOWN_USER', message: 'There is no such person.', message_ru: 'Такого сотрудника нет.' }]);
    await setExtension(knex, integration.id, user.id, extension);
    res.json({ userId: user.id, extension });
  });
  router.use('/integrations', admin);
  return router;
}

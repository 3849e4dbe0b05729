import { Router } from 'express';
import type { Knex } from 'knex';
import { requestAuditFields } from '../audit/request-audit.context.js';
import { NotFoundError } from '../errors/index.js';
import { requireActor } from '../http/request-context.js';
import { requireAdmin } from '../people/admin-role.check.js';
import { FieldProblems, isUuid, readClosedBody } from '../people/body-fields.reader.js';
import { checkRoleNames } from '../people/people-references.checker.js';
import { findUserById } from '../people/users.repository.js';
import type { LiveDefinitionSource } from '../runtime.context.js';
import { invalidateAuth } from './auth-cache.registry.js';
import { findApiTokenView, insertApiToken, listApiTokens, revokeApiToken, type NewApiToken } from './api-token.store.js';
import type { RouteDeps } from '../http/route-deps.types.js';

async function parseNewToken(knex: Knex, definitions: LiveDefinitionSource, body: unknown, creatorId: string): Promise<NewApiToken> {
  const values = readClosedBody(body, ['name', 'user', 'roles', 'expiresAt']);
  const problems = new FieldProblems();
  const name = values['name'];
  if (typeof name !== 'string' || name.trim() === '' || name.length > 200) {
    problems.add('name', 'INVALID_NAME', 'name must be text of 1 to 200 characters.', 'name — текст длиной от 1 до 200 символов.');
  }
  let userId = creatorId;
  const user = values['user'];
  if (user !== undefined && user !== null) {
    const row = isUuid(user) ? await findUserById(knex, user) : undefined;
    if (!row || row.disabled) problems.add('user', 'UNKNOWN_USER', 'user must be the id of an active user.', 'user — идентификатор действующего пользователя.');
    else userId = row.id;
  }
  const roles = values['roles'];
  let roleList: string[] = [];
  if (!Array.isArray(roles) || roles.length === 0 || !roles.every((r): r is string => typeof r === 'string' && r !== '')) {
    problems.add('roles', 'INVALID_ROLES', 'roles must be a non-empty list of role names.', 'roles — непустой список названий ролей.');
  } else {
    roleList = [...new Set(roles)];
    await checkRoleNames(definitions, roleList, problems);
  }
  let expiresAt: string | null = null;
  const expires = values['expiresAt'];
  if (expires !== undefined && expires !== null) {
    const time = typeof expires === 'string' && /^\d{4}-\d{2}-\d{2}/.test(expires) ? Date.parse(expires) : NaN;
    if (Number.isNaN(time) || time <= Date.now()) {
      problems.add('expiresAt', 'INVALID_EXPIRY', 'expiresAt must be a date-time in the future.', 'expiresAt — дата и время в будущем.');
    } else {
      expiresAt = new Date(time).toISOString();
    }
  }
  problems.throwIfAny('The token is not valid.');
  return { name: typeof name === 'string' ? name.trim() : '', userId, roles: roleList, createdBy: creatorId, expiresAt };
}

/**
 * /api/tokens: admins create, list and revoke named tokens for integrations. The secret is shown
 * once, in the 201; only its hash is stored. A token reaches this only while it acts as an admin
 * (its roles as its user still holds them, auth.middleware.ts), so a narrower token cannot mint a
 * wider one, and the new token is in turn limited by what its own user holds when it is used.
 */
export function apiTokensRoutes({ context, auditTrail }: RouteDeps): Router {
  const { knex } = context.db;
  const { definitions } = context;
  const router = Router();
  router.use(requireAdmin(definitions));

  router.post('/', async (req, res) => {
    const actor = requireActor(req);
    const input = await parseNewToken(knex, definitions, req.body, actor.id);
    const { view, secret } = await knex.transaction(async (trx) => {
      const created = await insertApiToken(trx, input);
      await auditTrail.within(trx).record({
        ...requestAuditFields(req),
        action: 'token.create',
        target: { type: 'api_token', id: created.view.id, name: created.view.name },
        details: { user: created.view.user, roles: created.view.roles, expiresAt: created.view.expiresAt },
      });
      return created;
    });
    res.status(201).json({ ...view, token: secret });
  });

  router.get('/', async (_req, res) => {
    res.json({ data: await listApiTokens(knex) });
  });

  router.delete('/:id', async (req, res) => {
    const id = req.params['id'] ?? '';
    const token = isUuid(id) ? await findApiTokenView(knex, id) : null;
    if (!token) throw NotFoundError.create(`There is no API token ${id}.`);
    await knex.transaction(async (trx) => {
      await revokeApiToken(trx, token.id);
      await auditTrail.within(trx).record({
        ...requestAuditFields(req),
        action: 'token.revoke',
        target: { type: 'api_token', id: token.id, name: token.name },
        details: { user: token.user, roles: token.roles, alreadyRevoked: token.revokedAt !== null },
      });
    });
    // Only the hash names a token in the cache; dropping its user's entries covers it.
    invalidateAuth(knex, { kind: 'user', userId: token.user });
    res.status(204).end();
  });

  return router;
}

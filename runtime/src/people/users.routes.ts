import { Router } from 'express';
import type { UserSummaryPage } from '@crm/schemas';
import { requestAuditFields } from '../audit/request-audit.context.js';
import { ValidationError, type ErrorDetail } from '../errors/index.js';
import { requireActor } from '../http/request-context.js';
import { adminOnlyError, isAdmin, requireAdmin } from './admin-role.check.js';
import { parseUserCreate, parseUserPatch } from './user-input.parser.js';
import { listUsers, toUserSummary, toUserView } from './users.repository.js';
import { assertSelfPatchAllowed, createUser, loadUser, patchUser, type PeopleDeps } from './users.service.js';
import type { RouteDeps } from '../http/route-deps.types.js';

const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 500;

interface ListQuery {
  limit: number;
  after?: string;
  q?: string;
}

function parseListQuery(query: Record<string, unknown>): ListQuery {
  const problems: ErrorDetail[] = [];
  const result: ListQuery = { limit: DEFAULT_LIMIT };
  for (const [key, value] of Object.entries(query)) {
    if (typeof value !== 'string') {
      problems.push({ code: 'INVALID_PARAMETER', field: key, message: `"${key}" must be given once, as text.`, message_ru: `«${key}» задаётся один раз, текстом.` });
    } else if (key === 'limit') {
      const n = /^\d+$/.test(value) ? Number(value) : NaN;
      if (n >= 1 && n <= MAX_LIMIT) result.limit = n;
      else problems.push({ code: 'INVALID_LIMIT', field: 'limit', message: `limit is a whole number from 1 to ${MAX_LIMIT}.`, message_ru: `limit — целое число от 1 до ${MAX_LIMIT}.` });
    } else if (key === 'cursor') {
      const decoded = Buffer.from(value, 'base64url').toString('utf8');
      if (decoded.startsWith('user:')) result.after = decoded.slice(5);
      else problems.push({ code: 'INVALID_CURSOR', field: 'cursor', message: 'The cursor is not one this API gave out.', message_ru: 'Курсор не выдан этим API.' });
    } else if (key === 'q') {
      if (value.trim() !== '') result.q = value.trim().slice(0, 200);
    } else {
      problems.push({ code: 'UNKNOWN_PARAMETER', field: key, message: `Unknown parameter "${key}".`, message_ru: `Неизвестный параметр «${key}».` });
    }
  }
  if (problems.length > 0) throw ValidationError.create('The query is not valid.', problems);
  return result;
}

/**
 * /api/users. Admins see and manage everyone; every signed-in person may list people, but sees
 * only {id, name, email, team} of others (enough for a picker), and may change only their own name.
 */
export function usersRoutes({ context, auditTrail }: RouteDeps): Router {
  const deps: PeopleDeps = { knex: context.db.knex, definitions: context.definitions, auditTrail };
  const router = Router();

  router.get('/', async (req, res) => {
    const actor = requireActor(req);
    const query = parseListQuery(req.query);
    const admin = await isAdmin(actor, deps.definitions);
    const page = await listUsers(deps.knex, query);
    res.json({
      data: page.rows.map((row) => (admin ? toUserView(row) : toUserSummary(row))),
      nextCursor: page.nextAfter === null ? null : Buffer.from(`user:${page.nextAfter}`).toString('base64url'),
    } satisfies UserSummaryPage);
  });

  router.post('/', requireAdmin(deps.definitions), async (req, res) => {
    const user = await createUser(deps, parseUserCreate(req.body), requestAuditFields(req));
    res.status(201).json(user);
  });

  router.get('/:id', async (req, res) => {
    const actor = requireActor(req);
    const row = await loadUser(deps.knex, req.params['id'] ?? '');
    const full = row.id === actor.id || (await isAdmin(actor, deps.definitions));
    res.json(full ? toUserView(row) : toUserSummary(row));
  });

  router.patch('/:id', async (req, res) => {
    const actor = requireActor(req);
    const id = (req.params['id'] ?? '').toLowerCase();
    if (id !== actor.id && !(await isAdmin(actor, deps.definitions))) throw adminOnlyError();
    const patch = parseUserPatch(req.body);
    assertSelfPatchAllowed(actor, id, patch);
    const target = await loadUser(deps.knex, id);
    res.json(await patchUser(deps, target.id, patch, requestAuditFields(req)));
  });

  return router;
}

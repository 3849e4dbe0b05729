import { Router } from 'express';
import { requestAuditFields } from '../audit/request-audit.context.js';
import { NotFoundError } from '../errors/index.js';
import { requireActor } from '../http/request-context.js';
import { requireAdmin } from './admin-role.check.js';
import { isUuid } from './body-fields.reader.js';
import { findTeamById, listTeams, toTeamView } from './teams.repository.js';
import { createTeam, parseTeamInput, patchTeam } from './teams.service.js';
import type { RouteDeps } from '../http/route-deps.types.js';

/** /api/teams: every signed-in person reads the hierarchy; only admins change it. */
export function teamsRoutes({ context, auditTrail }: RouteDeps): Router {
  const { knex } = context.db;
  const { definitions } = context;
  const router = Router();

  router.get('/', async (req, res) => {
    requireActor(req);
    res.json({ data: (await listTeams(knex)).map(toTeamView) });
  });

  router.get('/:id', async (req, res) => {
    requireActor(req);
    const id = req.params['id'] ?? '';
    const row = isUuid(id) ? await findTeamById(knex, id) : undefined;
    if (!row) throw NotFoundError.create(`There is no team ${id}.`);
    res.json(toTeamView(row));
  });

  router.post('/', requireAdmin(definitions), async (req, res) => {
    res.status(201).json(await createTeam(knex, auditTrail, parseTeamInput(req.body, true), requestAuditFields(req)));
  });

  router.patch('/:id', requireAdmin(definitions), async (req, res) => {
    res.json(await patchTeam(knex, auditTrail, String(req.params['id'] ?? ''), parseTeamInput(req.body, false), requestAuditFields(req)));
  });

  return router;
}

import { Router } from 'express';
import { requireAdmin } from '../people/admin-role.check.js';
import { verifyAuditChain } from './audit-chain.verifier.js';
import { parseAuditQuery } from './audit-query.parser.js';
import { readAuditPage } from './audit.reader.js';
import type { RouteDeps } from '../http/route-deps.types.js';

/** /api/audit: admin-only reading and verification of the audit log. */
export function auditRoutes({ context }: RouteDeps): Router {
  const { knex } = context.db;
  const { definitions } = context;
  const router = Router();
  router.use(requireAdmin(definitions));

  router.get('/', async (req, res) => {
    res.json(await readAuditPage(knex, parseAuditQuery(req.query)));
  });

  router.get('/verify', async (_req, res) => {
    res.json(await verifyAuditChain(knex));
  });

  return router;
}

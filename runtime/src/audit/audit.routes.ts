import { Router } from 'express';
import type { Knex } from 'knex';
import { requireAdmin } from '../people/admin-role.check.js';
import type { LiveDefinitionSource } from '../runtime.context.js';
import { verifyAuditChain } from './audit-chain.verifier.js';
import { parseAuditQuery } from './audit-query.parser.js';
import { readAuditPage } from './audit.reader.js';

/** /api/audit: admin-only reading and verification of the audit log. */
export function auditRoutes(knex: Knex, definitions: LiveDefinitionSource): Router {
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

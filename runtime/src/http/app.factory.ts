import express, { type Express } from 'express';
import { authenticate } from '../auth/auth.middleware.js';
import { authRoutes } from '../auth/auth.routes.js';
import { definitionsRoutes } from '../definitions/definitions.routes.js';
import type { DefinitionService } from '../definitions/definition.service.js';
import { recordsRoutes } from '../records/records.routes.js';
import type { RuntimeContext } from '../runtime.context.js';
import { apiNotFound, assignRequestId, errorHandler } from './error.handler.js';
import { RUNTIME_VERSION } from '../version.js';

export interface HttpAppDeps {
  context: RuntimeContext;
  definitionService: DefinitionService;
}

export function createHttpApp({ context, definitionService }: HttpAppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'extended');
  app.use(assignRequestId);
  app.use(express.json({ limit: '5mb' }));
  app.use(authenticate(context.db.knex));

  app.get('/api/health', (_req, res) => {
    res.json({ ok: true, version: RUNTIME_VERSION });
  });
  app.use('/api/auth', authRoutes(context.db.knex));
  app.use('/api/definitions', definitionsRoutes(definitionService));
  app.use('/api/records', recordsRoutes(context));
  app.use('/api', apiNotFound);
  app.use(errorHandler);
  return app;
}

import express, { type Express } from 'express';
import { authenticate } from '../auth/auth.middleware.js';
import { authRoutes } from '../auth/auth.routes.js';
import { apiTokensRoutes } from '../auth/api-tokens.routes.js';
import { accessRoutes } from '../access/access.routes.js';
import { auditRoutes } from '../audit/audit.routes.js';
import { teamsRoutes } from '../people/teams.routes.js';
import { usersRoutes } from '../people/users.routes.js';
import { definitionsRoutes } from '../definitions/definitions.routes.js';
import { exportRoutes } from '../exchange/export.routes.js';
import { importRoutes } from '../exchange/import.routes.js';
import type { DefinitionService } from '../definitions/definition.service.js';
import { recordsRoutes } from '../records/records.routes.js';
import { reportsRoutes } from '../reports/reports.routes.js';
import type { RuntimeContext } from '../runtime.context.js';
import type { EngineHost } from '../processes/engine.host.js';
import { hooksRoutes } from '../processes/hooks.routes.js';
import { mailboxRoutes, notificationsRoutes, settingsRoutes } from '../processes/inbox.routes.js';
import { processesRoutes, runsRoutes } from '../processes/processes.routes.js';
import { tasksRoutes } from '../processes/tasks.routes.js';
import { webhooksRoutes } from '../webhooks/index.js';
import { apiNotFound, assignRequestId, createErrorHandler } from './error.handler.js';
import { requestInput } from './request-input.policy.js';
import { RUNTIME_VERSION } from '../version.js';

export interface HttpAppDeps {
  context: RuntimeContext;
  definitionService: DefinitionService;
  engine: EngineHost;
  /** Express's `trust proxy` (CRM_TRUST_PROXY, see auth/trust-proxy.setting.ts); unset: the socket address is the client's. */
  trustProxy?: boolean | number | string[] | undefined;
}

export function createHttpApp({ context, definitionService, engine, trustProxy }: HttpAppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'extended');
  if (trustProxy !== undefined) app.set('trust proxy', trustProxy);
  app.use(assignRequestId);
  app.use(requestInput());
  app.use(authenticate(context.db.knex, context.definitions));

  app.get('/api/health', (_req, res) => {
    res.json({ ok: true, version: RUNTIME_VERSION });
  });
  app.use('/api/auth', authRoutes(context.db.knex));
  app.use('/api/tokens', apiTokensRoutes(context.db.knex, context.definitions));
  app.use('/api/users', usersRoutes({ knex: context.db.knex, definitions: context.definitions }));
  app.use('/api/teams', teamsRoutes(context.db.knex, context.definitions));
  app.use('/api/audit', auditRoutes(context.db.knex, context.definitions));
  app.use('/api/definitions', definitionsRoutes(definitionService));
  app.use('/api/records', recordsRoutes(context, engine.seams));
  app.use('/api/processes', processesRoutes(context, engine));
  app.use('/api/runs', runsRoutes(context));
  app.use('/api/tasks', tasksRoutes(context));
  app.use('/api/hooks', hooksRoutes(context, engine));
  app.use('/api/notifications', notificationsRoutes(context));
  app.use('/api/mailbox', mailboxRoutes(context));
  app.use('/api/settings', settingsRoutes(context));
  app.use('/api/access', accessRoutes(context));
  app.use('/api/export', exportRoutes(context));
  app.use('/api/import', importRoutes(context, { seams: engine.seams }));
  app.use('/api/reports', reportsRoutes(context));
  app.use('/api/webhooks', webhooksRoutes(context));
  app.use('/api', apiNotFound);
  app.use(createErrorHandler(context.db.knex));
  return app;
}

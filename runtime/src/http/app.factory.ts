import express, { type Express, type Router } from 'express';
import { authenticate } from '../auth/auth.middleware.js';
import { authRoutes } from '../auth/auth.routes.js';
import { apiTokensRoutes } from '../auth/api-tokens.routes.js';
import { accessRoutes } from '../access/access.routes.js';
import { auditRoutes } from '../audit/audit.routes.js';
import { teamsRoutes } from '../people/teams.routes.js';
import { usersRoutes } from '../people/users.routes.js';
import { definitionsRoutes } from '../definitions/definitions.routes.js';
import { templatesRoutes } from '../templates/templates.routes.js';
import { bundleRoutes } from '../bundles/bundle.routes.js';
import { exportRoutes } from '../exchange/export.routes.js';
import { importRoutes } from '../exchange/import.routes.js';
import { recordsBulkRoutes, recordsRoutes } from '../records/index.js';
import { recordMergeRoutes } from '../duplicates/record-merge.routes.js';
import { reportsRoutes } from '../reports/reports.routes.js';
import { hooksRoutes } from '../processes/hooks.routes.js';
import { mailboxRoutes } from '../inbox/mailbox.routes.js';
import { notificationsRoutes } from '../inbox/notifications.routes.js';
import { outboundSettingsRoutes } from '../settings/outbound-settings.routes.js';
import { publicUrlSettingsRoutes } from '../settings/public-url-settings.routes.js';
import { processesRoutes } from '../processes/processes.routes.js';
import { runsRoutes } from '../processes/runs.routes.js';
import { tasksRoutes } from '../processes/tasks.routes.js';
import { webhooksRoutes } from '../webhooks/index.js';
import { workspaceEntitiesRoutes } from '../access/workspace-entities.routes.js';
import { savedViewsRoutes } from '../saved-views/saved-views.routes.js';
import { openapiRoutes } from '../openapi/openapi.routes.js';
import { filesRoutes } from '../files/files.routes.js';
import { webFormPagesRoutes, webFormsApiRoutes } from '../webforms/index.js';
import { telephonyRoutes } from '../telephony/index.js';
import { recordDocumentsRoutes, textTemplatesRoutes } from '../text-templates/index.js';
import { recordEmailsRoutes } from '../mail/record-emails.routes.js';
import { mailingClickRoutes, mailingsApiRoutes, mailingUnsubscribeRoutes, segmentsRoutes } from '../mailings/index.js';
import { uiStaticRoutes } from './ui-static.routes.js';
import type { UiBuildState } from './ui-build-stamp.reader.js';
import { apiNotFound, assignRequestId, createErrorHandler } from './error.handler.js';
import { requestInput } from './request-input.policy.js';
import { RUNTIME_VERSION } from '../version.js';
import type { RouteDeps } from './route-deps.types.js';

/** Every area's router, by mount point; each factory has the one shape `(deps: RouteDeps) => Router`. */
const ROUTES: ReadonlyArray<readonly [string, (deps: RouteDeps) => Router]> = [
  ['/api/auth', authRoutes],
  ['/api/tokens', apiTokensRoutes],
  ['/api/users', usersRoutes],
  ['/api/teams', teamsRoutes],
  ['/api/audit', auditRoutes],
  ['/api/definitions', definitionsRoutes],
  ['/api/templates', templatesRoutes],
  ['/api/bundle', bundleRoutes],
  ['/api', filesRoutes],
  ['/api/records', recordsBulkRoutes],
  ['/api/records', recordDocumentsRoutes],
  ['/api/records', recordEmailsRoutes],
  ['/api/records', recordMergeRoutes],
  ['/api/records', recordsRoutes],
  ['/api/processes', processesRoutes],
  ['/api/runs', runsRoutes],
  ['/api/tasks', tasksRoutes],
  ['/api/hooks', hooksRoutes],
  ['/api/notifications', notificationsRoutes],
  ['/api/mailbox', mailboxRoutes],
  ['/api/settings', outboundSettingsRoutes],
  ['/api/settings', publicUrlSettingsRoutes],
  ['/api/access', accessRoutes],
  ['/api/export', exportRoutes],
  ['/api/import', importRoutes],
  ['/api/reports', reportsRoutes],
  ['/api/webhooks', webhooksRoutes],
  ['/api/workspace', workspaceEntitiesRoutes],
  ['/api/saved-views', savedViewsRoutes],
  ['/api/openapi.json', openapiRoutes],
  ['/api/web-forms', webFormsApiRoutes],
  ['/api/telephony', telephonyRoutes],
  ['/api/text-templates', textTemplatesRoutes],
  ['/api/segments', segmentsRoutes],
  ['/api/mailings', mailingsApiRoutes],
  ['/f', webFormPagesRoutes],
  ['/u', mailingUnsubscribeRoutes],
  ['/t', mailingClickRoutes],
];

export interface HttpAppDeps extends RouteDeps {
  /** Express's `trust proxy` (CRM_TRUST_PROXY, see auth/trust-proxy.setting.ts); unset: the socket address is the client's. */
  trustProxy?: boolean | number | string[] | undefined;
  /** The built UI to serve at / and /builder (ui-static.routes.ts); none: the runtime serves only /api. */
  ui?: UiBuildState | undefined;
}

export function createHttpApp({ context, definitionService, engine, auditTrail, trustProxy, ui }: HttpAppDeps): Express {
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
  const deps: RouteDeps = { context, definitionService, engine, auditTrail };
  for (const [path, routes] of ROUTES) app.use(path, routes(deps));
  app.use('/api', apiNotFound);
  if (ui) app.use(uiStaticRoutes(ui));
  app.use(createErrorHandler(auditTrail));
  return app;
}

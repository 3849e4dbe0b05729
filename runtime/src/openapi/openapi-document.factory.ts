import { RUNTIME_VERSION } from '../version.js';
import { baseComponents, BEARER_SCHEME, CSRF_HEADER_SCHEME, SESSION_COOKIE_SCHEME } from './openapi-components.catalog.js';
import { definitionComponents } from './definition-schemas.mapping.js';
import { definitionPaths } from './definition-paths.catalog.js';
import type { CallerView } from './described-entities.policy.js';
import { entityExchangePaths } from './entity-exchange-paths.factory.js';
import { filePaths } from './file-paths.factory.js';
import type { OpenApiDocument, PathSet } from './openapi.types.js';
import { peoplePaths } from './people-paths.catalog.js';
import { processPaths } from './process-paths.catalog.js';
import { recordPaths } from './record-paths.factory.js';
import { sessionPaths } from './session-paths.catalog.js';
import { workspacePaths } from './workspace-paths.catalog.js';
import { webFormPaths } from './web-form-paths.catalog.js';
import { telephonyPaths } from './telephony-paths.catalog.js';
import { textTemplatesPaths } from './text-templates-paths.catalog.js';
import { mailingsPaths } from './mailings-paths.catalog.js';

/*
 * caller's view of the live definition -> the OpenAPI 3.1 document: the system areas' path sets
 * (fixed) and the per-entity ones (from the definition), merged with their component schemas.
 * Every router under runtime/src/**\/*.routes.ts has its paths in one of these sets; the API test
 * walks the mounted routes and fails on any the document does not describe.
 */

export interface DocumentSubject {
  /** The live definition's version (0 before the first publish). */
  version: number;
  appName: string | null;
  view: CallerView | null;
}

export function buildOpenApiDocument({ version, appName, view }: DocumentSubject): OpenApiDocument {
  const sets: PathSet[] = [sessionPaths(), peoplePaths(), definitionPaths(), processPaths(), workspacePaths()];
  if (view) sets.push(recordPaths(view), entityExchangePaths(view));
  sets.push(filePaths(view), webFormPaths(), telephonyPaths(), mailingsPaths(), textTemplatesPaths(view));
  const components = baseComponents();
  Object.assign(components.schemas, definitionComponents());
  const paths: OpenApiDocument['paths'] = {};
  for (const set of sets) {
    Object.assign(paths, set.paths);
    Object.assign(components.schemas, set.schemas ?? {});
  }
  const entityTags = (view?.entities ?? []).map((d) => ({ name: `records: ${d.entity.name}`, description: d.entity.label.en }));
  return {
    openapi: '3.1.0',
    info: {
      title: appName ? `${appName} CRM API` : 'CRM API',
      version: `${RUNTIME_VERSION}+definition.${version}`,
      description: [
        'The API of this CRM for the live app definition, as the caller sees it: only entities they may read, only fields they may see, only operations their roles allow.',
        'Errors answer {"error": {"code", "message", "details": [{"field", "code", "message", "message_ru"}]}}.',
        'Sign in with POST /api/auth/login and send the token as `Authorization: Bearer <token>`, or use the session cookie with X-CSRF-Token on writes; integration tokens (crm_pat_…) are bearer tokens too.',
      ].join('\n\n'),
    },
    servers: [{ url: '/' }],
    tags: [
      ...['system', 'auth', 'people', 'access', 'audit', 'settings', 'definitions', 'templates', 'workspace'].map((name) => ({ name })),
      ...entityTags,
      ...['files', 'import/export', 'reports', 'processes', 'tasks', 'hooks', 'inbox', 'saved views', 'webhooks', 'web forms', 'telephony', 'mailings', 'text templates'].map((name) => ({ name })),
    ],
    security: [{ [BEARER_SCHEME]: [] }, { [SESSION_COOKIE_SCHEME]: [], [CSRF_HEADER_SCHEME]: [] }],
    paths,
    components,
  };
}

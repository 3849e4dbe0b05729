import type { JsonSchema } from '@crm/schemas';
import { definitionComponentName } from './definition-schemas.mapping.js';
import { ANY_OBJECT, jsonAnswer, jsonBody, operation, pathParam, queryParam, schemaRef } from './openapi-operation.factory.js';
import type { PathSet } from './openapi.types.js';

/*
 * The definition lifecycle and the template gallery (definitions/, templates/): for people who may
 * build. Draft bodies are the definition language's own schema (definition-schemas.mapping.ts).
 */

const APP = schemaRef(definitionComponentName('app'));
const tag = 'definitions';

const PUBLISH_BODY: JsonSchema = {
  type: 'object',
  properties: {
    confirm: { type: 'array', items: { type: 'string' }, description: 'Ids of destructive plan steps the caller accepts (from a dry run).' },
    note: { type: ['string', 'null'] },
  },
  additionalProperties: true,
};

export function definitionPaths(): PathSet {
  return {
    paths: {
      '/api/definitions/live': {
        get: operation({ id: 'liveDefinition', tag, summary: 'The published definition', description: 'Its version is in the X-Definition-Version header.', ok: { '200': jsonAnswer('The live app.', ANY_OBJECT) }, errors: ['403', '404'] }),
      },
      '/api/definitions/draft': {
        get: operation({ id: 'draftDefinition', tag, summary: 'The draft being edited', ok: { '200': jsonAnswer('The draft app.', APP) }, errors: ['403'] }),
        put: operation({
          id: 'putDraft',
          tag,
          summary: 'Replace the draft (validated)',
          params: [queryParam('allowIssues', '"1": keep a draft with semantic problems (they are answered); shape errors are still refused.', { type: 'string', enum: ['1', 'true'] })],
          body: jsonBody(APP, 'An app definition.'),
          ok: { '200': jsonAnswer('The stored draft with its issues.', ANY_OBJECT) },
          errors: ['400', '403', '413', '415', '422'],
        }),
        delete: operation({
          id: 'discardDraft',
          tag,
          summary: 'Discard the draft: go back to the published definition',
          description:
            'Throws away the unpublished changes and the document and e-mail templates waiting for the next publish. Answers the live app, which is the draft again (X-Definition-Source: live, X-Definition-Version). 409 NOTHING_PUBLISHED when nothing has been published yet.',
          ok: { '200': jsonAnswer('The live app, now the draft.', APP) },
          errors: ['403', '409'],
        }),
      },
      '/api/definitions/publish': {
        post: operation({
          id: 'publish',
          tag,
          summary: 'Validate, migrate the database and make the draft live',
          params: [queryParam('dryRun', '"1": answer the migration plan and change nothing.', { type: 'string', enum: ['1', 'true'] })],
          body: { required: false, content: { 'application/json': { schema: PUBLISH_BODY } } },
          ok: { '200': jsonAnswer('The plan (dry run) or the new live version.', ANY_OBJECT) },
          errors: ['400', '403', '409', '415', '422'],
        }),
      },
      '/api/definitions/versions': {
        get: operation({ id: 'definitionVersions', tag, summary: 'Published versions', ok: { '200': jsonAnswer('Newest first.', ANY_OBJECT) }, errors: ['403'] }),
      },
      '/api/definitions/versions/{version}': {
        get: operation({ id: 'definitionVersion', tag, summary: 'One published version', params: [pathParam('version', 'The version number.', { type: 'integer', minimum: 1 })], ok: { '200': jsonAnswer('The version and its definition.', ANY_OBJECT) }, errors: ['400', '403', '404'] }),
      },
      '/api/definitions/rollback': {
        post: operation({
          id: 'rollback',
          tag,
          summary: 'Make an earlier version live again',
          body: jsonBody({ type: 'object', properties: { version: { type: 'integer', minimum: 1 }, confirm: { type: 'array', items: { type: 'string' } }, note: { type: ['string', 'null'] } }, required: ['version'] }),
          ok: { '200': jsonAnswer('The new live version.', ANY_OBJECT) },
          errors: ['400', '403', '404', '409', '415', '422'],
        }),
      },
      '/api/definitions/archives': {
        get: operation({ id: 'definitionArchives', tag, summary: 'Data kept from entities and fields a publish removed', ok: { '200': jsonAnswer('Archives.', ANY_OBJECT) }, errors: ['403'] }),
      },
      '/api/templates': {
        get: operation({ id: 'listTemplates', tag: 'templates', summary: 'The template gallery', ok: { '200': jsonAnswer('Templates with their counts.', ANY_OBJECT) }, errors: ['403'] }),
      },
      '/api/templates/{name}': {
        get: operation({ id: 'getTemplate', tag: 'templates', summary: 'One template with its definition', params: [pathParam('name', 'The template name.')], ok: { '200': jsonAnswer('The template.', ANY_OBJECT) }, errors: ['403', '404'] }),
      },
      '/api/templates/{name}/install': {
        post: operation({
          id: 'installTemplate',
          tag: 'templates',
          summary: 'Install a template: its definition, people and demo records (admins)',
          params: [pathParam('name', 'The template name.'), queryParam('dryRun', '"1": answer what would be installed, change nothing.', { type: 'string', enum: ['1', 'true'] })],
          body: { required: false, content: { 'application/json': { schema: { type: 'object', properties: { demoPassword: { type: 'string', description: 'The password of the demo people.' } } } } } },
          ok: { '200': jsonAnswer('The preview (dry run).', ANY_OBJECT), '201': jsonAnswer('What was installed.', ANY_OBJECT) },
          errors: ['400', '403', '404', '409', '415', '422'],
        }),
      },
      '/api/templates/{name}/draft-text-templates': {
        post: operation({
          id: 'useTemplateTextTemplates',
          tag: 'templates',
          summary: "Let the template's document and e-mail templates wait for the next publish (\"use this template\")",
          params: [pathParam('name', 'The template name.')],
          ok: { '200': jsonAnswer('The names of the text templates the next publish will create.', ANY_OBJECT) },
          errors: ['403', '404'],
        }),
      },
      '/api/bundle': {
        get: operation({
          id: 'exportBundle',
          tag: 'templates',
          summary: 'Export the live app as a bundle (admins)',
          params: [queryParam('data', '"true": add the records.', { type: 'string', enum: ['1', 'true'] }), queryParam('people', '"true": add teams and people (no passwords).', { type: 'string', enum: ['1', 'true'] })],
          ok: { '200': jsonAnswer('The bundle (schemas/json/bundle.schema.json).', ANY_OBJECT) },
          errors: ['403', '404'],
        }),
      },
      '/api/bundle/import': {
        post: operation({
          id: 'importBundle',
          tag: 'templates',
          summary: 'Import a bundle without losing data here (admins)',
          params: [queryParam('dryRun', '"1": answer the publish plan and counts, change nothing.', { type: 'string', enum: ['1', 'true'] })],
          body: jsonBody(ANY_OBJECT),
          ok: { '200': jsonAnswer('The preview (dry run).', ANY_OBJECT), '201': jsonAnswer('What was imported.', ANY_OBJECT) },
          errors: ['400', '403', '409', '415', '422'],
        }),
      },
    },
  };
}

import type { JsonSchema } from '@crm/schemas';
import { ANY_OBJECT, jsonAnswer, jsonBody, operation, pathParam, queryParam } from './openapi-operation.factory.js';
import type { PathSet } from './openapi.types.js';

/*
 * People, teams, access, the audit log and settings (people/, access/, audit/, settings/): who
 * works in the CRM and what they may do. Writes here are for admins; the routes decide.
 */

const UUID: JsonSchema = { type: 'string', format: 'uuid' };
const NULLABLE_UUID: JsonSchema = { type: ['string', 'null'], format: 'uuid' };
const ID = pathParam('id', 'The id.', UUID);

const USER_FIELDS: Record<string, JsonSchema> = {
  email: { type: 'string', format: 'email' },
  name: { type: 'string' },
  password: { type: 'string', writeOnly: true, description: 'Never answered back, nor its hash.' },
  roles: { type: 'array', items: { type: 'string' }, description: 'Role names of the live definition.' },
  team: NULLABLE_UUID,
  manager: NULLABLE_UUID,
  attributes: { type: 'object', additionalProperties: true, description: 'Free attributes that conditions read as $user.<name>.' },
};

const TEAM_FIELDS: Record<string, JsonSchema> = { name: { type: 'string' }, manager: NULLABLE_UUID, parent: NULLABLE_UUID };

const LIST_PARAMS = [queryParam('limit', 'Page size.', { type: 'integer', minimum: 1 }), queryParam('cursor', 'The nextCursor of the previous page.'), queryParam('q', 'Search by name or email.')];

const USER_SUMMARY: JsonSchema = {
  type: 'object',
  description: 'What everyone may see of a person: enough for a picker.',
  properties: { id: UUID, name: { type: 'string' }, email: { type: 'string' }, team: NULLABLE_UUID },
  required: ['id', 'name', 'email', 'team'],
};

/** Admins (and a person about themself) see the whole person; never a password or its hash. */
const USER_VIEW: JsonSchema = {
  type: 'object',
  properties: {
    id: UUID,
    email: { type: 'string' },
    name: { type: 'string' },
    roles: { type: 'array', items: { type: 'string' } },
    team: NULLABLE_UUID,
    manager: NULLABLE_UUID,
    attributes: { type: 'object', additionalProperties: true },
    disabled: { type: 'boolean' },
    createdAt: { type: 'string', format: 'date-time' },
  },
  required: ['id', 'email', 'name', 'roles', 'team', 'manager', 'attributes', 'disabled', 'createdAt'],
};

const USER_ANSWER: JsonSchema = { oneOf: [{ $ref: '#/components/schemas/User' }, { $ref: '#/components/schemas/UserSummary' }] };
const TEAM: JsonSchema = { $ref: '#/components/schemas/Team' };

export function peoplePaths(): PathSet {
  return {
    schemas: {
      User: USER_VIEW,
      UserSummary: USER_SUMMARY,
      Team: { type: 'object', properties: { id: UUID, name: { type: 'string' }, manager: NULLABLE_UUID, parent: NULLABLE_UUID }, required: ['id', 'name', 'manager', 'parent'] },
      NewUser: { type: 'object', properties: USER_FIELDS, required: ['email', 'name'], additionalProperties: false },
      UserChanges: { type: 'object', properties: { ...USER_FIELDS, disabled: { type: 'boolean' } }, additionalProperties: false },
      TeamInput: { type: 'object', properties: TEAM_FIELDS, additionalProperties: false },
    },
    paths: {
      '/api/users': {
        get: operation({ id: 'listUsers', tag: 'people', summary: 'People in the organisation', params: LIST_PARAMS, ok: { '200': jsonAnswer('People: whole for admins, summaries for everyone else.', { type: 'object', properties: { data: { type: 'array', items: USER_ANSWER }, nextCursor: { type: ['string', 'null'] } }, required: ['data', 'nextCursor'] }) }, errors: ['400'] }),
        post: operation({ id: 'createUser', tag: 'people', summary: 'Add a person (admins)', body: jsonBody({ $ref: '#/components/schemas/NewUser' }), ok: { '201': jsonAnswer('The person with their id.', { $ref: '#/components/schemas/User' }) }, errors: ['400', '403', '409', '415'] }),
      },
      '/api/users/{id}': {
        get: operation({ id: 'getUser', tag: 'people', summary: 'One person', params: [ID], ok: { '200': jsonAnswer('The whole person for admins and oneself, else a summary.', USER_ANSWER) }, errors: ['404'] }),
        patch: operation({ id: 'updateUser', tag: 'people', summary: 'Change a person (admins; a person may change their own name)', params: [ID], body: jsonBody({ $ref: '#/components/schemas/UserChanges' }), ok: { '200': jsonAnswer('The person.', { $ref: '#/components/schemas/User' }) }, errors: ['400', '403', '404', '409', '415'] }),
      },
      '/api/teams': {
        get: operation({ id: 'listTeams', tag: 'people', summary: 'Teams and their hierarchy', ok: { '200': jsonAnswer('Teams by name.', { type: 'object', properties: { data: { type: 'array', items: TEAM } }, required: ['data'] }) } }),
        post: operation({ id: 'createTeam', tag: 'people', summary: 'Add a team (admins)', body: jsonBody({ $ref: '#/components/schemas/TeamInput' }), ok: { '201': jsonAnswer('The team.', TEAM) }, errors: ['400', '403', '409', '415'] }),
      },
      '/api/teams/{id}': {
        get: operation({ id: 'getTeam', tag: 'people', summary: 'One team', params: [ID], ok: { '200': jsonAnswer('The team.', TEAM) }, errors: ['404'] }),
        patch: operation({ id: 'updateTeam', tag: 'people', summary: 'Change a team (admins)', params: [ID], body: jsonBody({ $ref: '#/components/schemas/TeamInput' }), ok: { '200': jsonAnswer('The team.', TEAM) }, errors: ['400', '403', '404', '409', '415'] }),
      },
      '/api/access/me': {
        get: operation({ id: 'myAccess', tag: 'access', summary: 'What the caller may do with an entity and each of its fields', params: [queryParam('entity', 'The entity name.')], ok: { '200': jsonAnswer('Operations and field access.', ANY_OBJECT) }, errors: ['400', '404'] }),
      },
      '/api/access/explain': {
        get: operation({
          id: 'explainAccess',
          tag: 'access',
          summary: 'Why a person may or may not act on a record (admins)',
          params: [queryParam('user', 'The person.', UUID), queryParam('entity', 'The entity name.'), queryParam('id', 'The record.', UUID)],
          ok: { '200': jsonAnswer('Per operation and field, the deciding role or rule.', ANY_OBJECT) },
          errors: ['400', '403', '404'],
        }),
      },
      '/api/workspace/entities': {
        get: operation({
          id: 'workspaceEntities',
          tag: 'access',
          summary: 'The entities the caller may read, for navigation',
          ok: {
            '200': jsonAnswer('Entities with labels.', {
              type: 'object',
              properties: {
                entities: {
                  type: 'array',
                  items: { type: 'object', properties: { name: { type: 'string' }, label: { type: 'object', properties: { ru: { type: 'string' }, en: { type: 'string' } } }, canCreate: { type: 'boolean' } }, required: ['name', 'label', 'canCreate'] },
                },
              },
              required: ['entities'],
            }),
          },
        }),
      },
      '/api/audit': {
        get: operation({
          id: 'auditLog',
          tag: 'audit',
          summary: 'The audit log (admins)',
          params: [
            queryParam('action', 'e.g. auth.login, data.import.'),
            queryParam('actor', 'A person id.'),
            queryParam('outcome', 'success, denied or failure.', { type: 'string', enum: ['success', 'denied', 'failure'] }),
            queryParam('from', 'From this instant.', { type: 'string', format: 'date-time' }),
            queryParam('to', 'Up to this instant.', { type: 'string', format: 'date-time' }),
            queryParam('limit', 'Page size.', { type: 'integer', minimum: 1 }),
            queryParam('cursor', 'The nextCursor of the previous page.'),
          ],
          ok: { '200': jsonAnswer('A page of entries, newest first.', ANY_OBJECT) },
          errors: ['400', '403'],
        }),
      },
      '/api/audit/verify': {
        get: operation({ id: 'verifyAudit', tag: 'audit', summary: 'Check the audit log’s hash chain (admins)', ok: { '200': jsonAnswer('Whether the chain is intact, and where not.', ANY_OBJECT) }, errors: ['403'] }),
      },
      '/api/settings/outbound': {
        get: operation({ id: 'outboundSettings', tag: 'settings', summary: 'Hosts outbound HTTP may reach (admins)', ok: { '200': jsonAnswer('The settings.', ANY_OBJECT) }, errors: ['403'] }),
        put: operation({ id: 'putOutboundSettings', tag: 'settings', summary: 'Replace the outbound HTTP settings (admins)', body: jsonBody(ANY_OBJECT), ok: { '200': jsonAnswer('The settings.', ANY_OBJECT) }, errors: ['400', '403', '415'] }),
      },
      '/api/settings/public-url': {
        get: operation({ id: 'publicUrlSetting', tag: 'settings', summary: 'The address recipients reach the product at, used by mailing links (admins)', ok: { '200': jsonAnswer('{publicUrl: stored or null, effective: what links use or null}.', ANY_OBJECT) }, errors: ['403'] }),
        put: operation({ id: 'putPublicUrlSetting', tag: 'settings', summary: 'Set the public URL (http/https, no query), or remove it with null (admins)', body: jsonBody(ANY_OBJECT), ok: { '200': jsonAnswer('The setting.', ANY_OBJECT) }, errors: ['400', '403', '415'] }),
      },
    },
  };
}

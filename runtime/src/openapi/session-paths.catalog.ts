import type { JsonSchema } from '@crm/schemas';
import { ANY_OBJECT, jsonAnswer, jsonBody, NO_CONTENT, operation, pathParam } from './openapi-operation.factory.js';
import type { PathSet } from './openapi.types.js';

/*
 * Health, sign-in and API tokens (auth/auth.routes.ts, auth/api-tokens.routes.ts) and this document
 * itself. Bodies mirror the session contract in @crm/schemas (schemas/src/http/session.contract.ts).
 */

const NULLABLE_STRING: JsonSchema = { type: ['string', 'null'] };

const SESSION_USER: JsonSchema = {
  type: 'object',
  properties: {
    id: { type: 'string', format: 'uuid' },
    email: { type: 'string', format: 'email' },
    name: { type: 'string' },
    roles: { type: 'array', items: { type: 'string' } },
    teamId: NULLABLE_STRING,
    managerId: NULLABLE_STRING,
    attributes: ANY_OBJECT,
  },
  required: ['id', 'email', 'name', 'roles', 'teamId', 'managerId', 'attributes'],
};

const LOCALE: JsonSchema = { type: ['string', 'null'], enum: ['ru', 'en', null] };

const SCHEMAS: Record<string, JsonSchema> = {
  SessionUser: SESSION_USER,
  LoginRequest: { type: 'object', properties: { email: { type: 'string' }, password: { type: 'string' } }, required: ['email', 'password'], additionalProperties: false },
  LoginResponse: {
    type: 'object',
    properties: {
      token: { type: 'string', description: 'Send as Authorization: Bearer <token>; the same session is also set as the crm_session cookie.' },
      user: { $ref: '#/components/schemas/SessionUser' },
      csrfToken: { type: 'string', description: 'Send as X-CSRF-Token on every cookie-authenticated write.' },
      locale: LOCALE,
      canBuild: { type: 'boolean' },
      canMail: { type: 'boolean' },
      isAdmin: { type: 'boolean' },
    },
    required: ['token', 'user', 'csrfToken', 'locale', 'canBuild', 'canMail', 'isAdmin'],
  },
  MeResponse: {
    type: 'object',
    properties: { user: { $ref: '#/components/schemas/SessionUser' }, csrfToken: NULLABLE_STRING, locale: LOCALE, canBuild: { type: 'boolean' }, canMail: { type: 'boolean' }, isAdmin: { type: 'boolean' } },
    required: ['user', 'csrfToken', 'locale', 'canBuild', 'canMail', 'isAdmin'],
  },
};

const TOKEN_INPUT: JsonSchema = {
  type: 'object',
  properties: {
    name: { type: 'string' },
    user: { type: 'string', format: 'uuid', description: 'The person the token acts as (admins only; default: the caller).' },
    roles: { type: 'array', items: { type: 'string' }, description: 'The token acts with only these of the person’s roles.' },
    expiresAt: { type: 'string', format: 'date-time' },
  },
  required: ['name'],
  additionalProperties: false,
};

export function sessionPaths(): PathSet {
  const tag = 'auth';
  return {
    schemas: SCHEMAS,
    paths: {
      '/api/health': {
        get: operation({ id: 'health', tag: 'system', summary: 'Is the runtime up', public: true, ok: { '200': jsonAnswer('Up.', { type: 'object', properties: { ok: { type: 'boolean' }, version: { type: 'string' } }, required: ['ok', 'version'] }) } }),
      },
      '/api/openapi.json': {
        get: operation({
          id: 'openapi',
          tag: 'system',
          summary: 'This document',
          description: 'OpenAPI 3.1 for the live definition, as the caller sees it: only the entities they may read, only the fields they may see.',
          ok: { '200': jsonAnswer('The document.', ANY_OBJECT) },
        }),
      },
      '/api/auth/login': {
        post: operation({ id: 'login', tag, summary: 'Sign in with email and password', public: true, body: jsonBody({ $ref: '#/components/schemas/LoginRequest' }), ok: { '200': jsonAnswer('Signed in; sets the crm_session cookie.', { $ref: '#/components/schemas/LoginResponse' }) }, errors: ['400', '401', '415', '429'] }),
      },
      '/api/auth/logout': {
        post: operation({ id: 'logout', tag, summary: 'End the session', public: true, ok: { '204': NO_CONTENT } }),
      },
      '/api/auth/me': {
        get: operation({ id: 'me', tag, summary: 'The signed-in person', ok: { '200': jsonAnswer('The caller.', { $ref: '#/components/schemas/MeResponse' }) } }),
        patch: operation({ id: 'updateMe', tag, summary: 'Change one’s language', body: jsonBody({ type: 'object', properties: { locale: { type: 'string', enum: ['ru', 'en'] } }, required: ['locale'], additionalProperties: false }), ok: { '200': jsonAnswer('The caller.', { $ref: '#/components/schemas/MeResponse' }) }, errors: ['400', '415'] }),
      },
      '/api/auth/password': {
        post: operation({
          id: 'changePassword',
          tag,
          summary: 'Change one’s password (ends the other sessions)',
          body: jsonBody({ type: 'object', properties: { currentPassword: { type: 'string' }, newPassword: { type: 'string' } }, required: ['currentPassword', 'newPassword'], additionalProperties: false }),
          ok: { '200': jsonAnswer('Changed; a new session (token, csrfToken) replaces the old one.', ANY_OBJECT) },
          errors: ['400', '403', '415', '429'],
        }),
      },
      '/api/tokens': {
        get: operation({ id: 'listTokens', tag, summary: 'Integration tokens (never their secrets)', ok: { '200': jsonAnswer('Tokens.', ANY_OBJECT) }, errors: ['403'] }),
        post: operation({ id: 'createToken', tag, summary: 'Create an integration token (crm_pat_…)', description: 'The secret is in this answer only.', body: jsonBody(TOKEN_INPUT), ok: { '201': jsonAnswer('The token with its secret.', ANY_OBJECT) }, errors: ['400', '403', '415'] }),
      },
      '/api/tokens/{id}': {
        delete: operation({ id: 'revokeToken', tag, summary: 'Revoke an integration token', params: [pathParam('id', 'The token id.')], ok: { '204': NO_CONTENT }, errors: ['403', '404'] }),
      },
    },
  };
}

import type { Components, Response } from './openapi.types.js';

/*
 * What every path refers to: the error body (ARCHITECTURE §2: {"error": {code, message, details}})
 * with one named response per status the error handler answers with, and the two ways to sign in.
 * Component names here are part of the public document: generated clients name types after them.
 */

/** Mirrors ApiErrorBody / ApiErrorDetail in @crm/schemas (schemas/src/http/session.contract.ts). */
const ERROR_SCHEMAS: Components['schemas'] = {
  ErrorDetail: {
    type: 'object',
    description: 'One problem; `field` names the input it is about (a field, a query parameter, a header, `body`).',
    properties: {
      code: { type: 'string', examples: ['REQUIRED'] },
      field: { type: 'string', examples: ['amount'] },
      message: { type: 'string', description: 'In English.' },
      message_ru: { type: 'string', description: 'In Russian.' },
    },
    additionalProperties: true,
  },
  ErrorBody: {
    type: 'object',
    properties: {
      error: {
        type: 'object',
        properties: {
          code: { type: 'string', description: 'Stable machine code, e.g. VALIDATION_FAILED, NOT_FOUND, VERSION_CONFLICT.' },
          message: { type: 'string' },
          details: { type: 'array', items: { $ref: '#/components/schemas/ErrorDetail' } },
        },
        required: ['code', 'message'],
      },
    },
    required: ['error'],
  },
};

function errorResponse(description: string): Response {
  return { description, content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorBody' } } } };
}

/** Named error responses by status; operations list the ones they can answer with. */
export const ERROR_RESPONSES = {
  '400': ['BadRequest', 'The input is malformed or not valid (VALIDATION_FAILED, BAD_REQUEST, INVALID_CURSOR, ...); details name each field.'],
  '401': ['Unauthorized', 'No valid session or token (UNAUTHORIZED), or a cookie write without its X-CSRF-Token.'],
  '403': ['Forbidden', 'The caller’s roles do not allow this (FORBIDDEN); details name refused fields.'],
  '404': ['NotFound', 'No such thing, or one the caller may not read (NOT_FOUND).'],
  '409': ['Conflict', 'The request conflicts with the current state (CONFLICT, a unique value taken, NOTHING_TO_PUBLISH, UNSAFE_MIGRATION).'],
  '412': ['PreconditionFailed', 'If-Match names a version that is no longer current (VERSION_CONFLICT): read again, then retry.'],
  '413': ['PayloadTooLarge', 'The body is over the size limit (PAYLOAD_TOO_LARGE).'],
  '415': ['UnsupportedMediaType', 'The body is not of a type this endpoint reads (UNSUPPORTED_MEDIA_TYPE, CONTENT_TYPE_REQUIRED).'],
  '422': ['Unprocessable', 'Understood but refused by the app’s rules (INVALID_DEFINITION, PROCESS_FAILED: a before-save process refused the save).'],
  '429': ['TooManyRequests', 'Too many attempts (TOO_MANY_ATTEMPTS); wait and retry.'],
} as const;

export type ErrorStatus = keyof typeof ERROR_RESPONSES;

function errorResponses(): Record<string, Response> {
  const out: Record<string, Response> = { Internal: errorResponse('Unexpected failure (INTERNAL); the message carries the request id to report.') };
  for (const [name, description] of Object.values(ERROR_RESPONSES)) out[name] = errorResponse(description);
  return out;
}

export const SESSION_COOKIE_SCHEME = 'sessionCookie';
export const CSRF_HEADER_SCHEME = 'csrfHeader';
export const BEARER_SCHEME = 'bearerAuth';

/** The components every document has; area path sets add their own schemas beside these. */
export function baseComponents(): Components {
  return {
    schemas: { ...ERROR_SCHEMAS },
    responses: errorResponses(),
    parameters: {},
    securitySchemes: {
      [BEARER_SCHEME]: {
        type: 'http',
        scheme: 'bearer',
        description: 'A session token from POST /api/auth/login, or an integration token (crm_pat_…) from POST /api/tokens: acts with the token’s roles.',
      },
      [SESSION_COOKIE_SCHEME]: {
        type: 'apiKey',
        in: 'cookie',
        name: 'crm_session',
        description: 'The httpOnly session cookie set by POST /api/auth/login (browsers).',
      },
      [CSRF_HEADER_SCHEME]: {
        type: 'apiKey',
        in: 'header',
        name: 'X-CSRF-Token',
        description: 'With the cookie, every write (POST, PUT, PATCH, DELETE) also sends the csrfToken from login or GET /api/auth/me; reads do not need it.',
      },
    },
  };
}

import express, { type RequestHandler } from 'express';
import { ContentTypeRequiredError } from '../errors/content-type-required.error.js';
import { InvalidCharacterError } from '../errors/invalid-character.error.js';
import { assertCleanInput } from './json-input.rules.js';

/*
 * The HTTP layer's checks of every request, before any route reads it (json-input.rules.ts says
 * what is refused and why):
 *   no Content-Type on a body -> 415 CONTENT_TYPE_REQUIRED (read as nothing, it failed later as
 *   "field required"); JSON body parsed; NUL or nesting too deep in path, query or body -> 400.
 * Routes that parse a body of their own (the webhook's form body) run assertCleanInput on it.
 */

const JSON_LIMIT = '5mb';

/**
 * A bundle with data (records, files, documents) is routinely larger than any other request: its
 * route parses its own body, with a larger limit, and only after it has checked that an admin sent it
 * (bundle.routes.ts), so nobody else can make the server parse that much.
 */
export const BUNDLE_IMPORT_PATH = '/api/bundle/import';

/** Routes whose body is not JSON and that say themselves which type they read (CSV import, file uploads). */
const OWN_BODY_TYPES = ['/api/import/', '/api/files'];

function hasBody(req: express.Request): boolean {
  if (req.headers['transfer-encoding'] !== undefined) return true;
  const length = Number(req.headers['content-length'] ?? 0);
  return Number.isFinite(length) && length > 0;
}

const requireContentType: RequestHandler = (req, _res, next) => {
  if (!hasBody(req) || req.headers['content-type'] !== undefined || OWN_BODY_TYPES.some((p) => req.path.startsWith(p))) {
    next();
    return;
  }
  const message = 'Send the body as JSON with Content-Type: application/json.';
  next(
    ContentTypeRequiredError.create(message, [
      { field: 'content-type', code: 'CONTENT_TYPE_REQUIRED', message, message_ru: 'Передайте тело запроса в JSON с заголовком Content-Type: application/json.' },
    ]),
  );
};

function pathHasNul(path: string): boolean {
  if (path.includes('\u0000')) return true;
  return /%00/i.test(path);
}

export const refuseUnsafeInput: RequestHandler = (req, _res, next) => {
  if (pathHasNul(req.path)) {
    const message = 'The address holds a NUL character (%00), which no name or id contains.';
    next(InvalidCharacterError.create(message, [{ field: 'path', code: 'INVALID_CHARACTER', message, message_ru: 'Адрес содержит символ NUL (%00), его нет ни в одном имени или id.' }]));
    return;
  }
  assertCleanInput(req.query, 'query string');
  if (req.body !== undefined) assertCleanInput(req.body, 'body');
  next();
};

const parseJson = express.json({ limit: JSON_LIMIT });

/** An uploaded .json file is the file's bytes, not a request to parse; a bundle is parsed by its route. */
const jsonBody: RequestHandler = (req, res, next) => (req.path.startsWith('/api/files') || req.path === BUNDLE_IMPORT_PATH ? next() : parseJson(req, res, next));

/** Content type, JSON body and input checks, in that order, for createHttpApp. */
export function requestInput(): RequestHandler[] {
  return [requireContentType, jsonBody, refuseUnsafeInput];
}

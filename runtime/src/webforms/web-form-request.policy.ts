import express, { type RequestHandler, type Response } from 'express';
import { TooManyRequestsError, isAppError } from '../errors/index.js';
import { assertCleanInput } from '../http/json-input.rules.js';

/*
 * What every public web form route does to a request before reading it: a form-encoded body (JSON
 * is parsed app-wide) checked like JSON ones, and CORS for any origin without credentials (a
 * session cookie is never sent along, and these routes read no caller), with the preflight a JSON
 * POST from another site's script sends.
 */

const FORM_BODY_LIMIT = '64kb';

export const formBody: RequestHandler[] = [
  express.urlencoded({ extended: false, limit: FORM_BODY_LIMIT }),
  (req, _res, next) => {
    assertCleanInput(req.body, 'body');
    next();
  },
];

export const anyOrigin: RequestHandler = (req, res, next) => {
  res.setHeader('Access-Control-Allow-Origin', '*');
  if (req.method !== 'OPTIONS') {
    next();
    return;
  }
  res.setHeader('Access-Control-Allow-Methods', 'GET, POST');
  res.setHeader('Access-Control-Allow-Headers', 'Content-Type, Accept, Accept-Language');
  res.setHeader('Access-Control-Max-Age', '86400');
  res.status(204).end();
};

/** A 429 tells the client when to come back. */
export function setRetryAfter(res: Response, error: unknown): void {
  if (!isAppError(error) || !TooManyRequestsError.is(error)) return;
  const seconds = error.details[0]?.['retryAfterSeconds'];
  res.setHeader('Retry-After', String(typeof seconds === 'number' ? seconds : 60));
}

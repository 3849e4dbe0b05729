import type { RequestHandler } from 'express';
import type { Knex } from 'knex';
import { findSessionUserId } from './session.store.js';
import { findUserById, toActor } from '../people/users.repository.js';

export const SESSION_COOKIE = 'crm_session';

function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return decodeURIComponent(rest.join('='));
  }
  return undefined;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Resolves the caller from `Authorization: Bearer <token>` or the session cookie. Until CSRF tokens
 * exist, the cookie authenticates only safe methods, so a cross-site form cannot write as the user.
 */
export function authenticate(knex: Knex): RequestHandler {
  return async (req, _res, next) => {
    const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
    const cookie = SAFE_METHODS.has(req.method) ? readCookie(req.headers.cookie, SESSION_COOKIE) : undefined;
    const token = bearer ?? cookie;
    if (token) {
      const userId = await findSessionUserId(knex, token);
      const row = userId ? await findUserById(knex, userId) : undefined;
      if (row && !row.disabled) req.actor = toActor(row);
    }
    next();
  };
}

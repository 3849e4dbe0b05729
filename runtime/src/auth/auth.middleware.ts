import type { Request, RequestHandler } from 'express';
import type { Knex } from 'knex';
import { findActiveApiToken, touchApiToken, API_TOKEN_PREFIX } from './api-token.store.js';
import { csrfTokenMatches, findSessionUser } from './session.store.js';
import { isAdmin } from '../people/admin-role.check.js';
import { limitRoles } from '@crm/schemas';
import type { LiveDefinitionSource } from '../runtime.context.js';
import { findUserById, toActor } from '../people/users.repository.js';

export const SESSION_COOKIE = 'crm_session';
export const CSRF_HEADER = 'x-csrf-token';

/** Sign-in reads no caller, so a stale cookie must not stand in its way (login replaces it). */
const LOGIN_PATH = '/api/auth/login';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key !== name) continue;
    try {
      return decodeURIComponent(rest.join('='));
    } catch {
      return undefined;
    }
  }
  return undefined;
}

export function bearerToken(req: Request): string | undefined {
  return /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
}

async function activeUser(knex: Knex, userId: string) {
  const row = await findUserById(knex, userId);
  return row && !row.disabled ? row : undefined;
}

/**
 * An integration token acts as its user, but with ONLY those of the token's roles the user still
 * holds: the actor carries both that intersection (for admin and builder checks) and the token's
 * list as `roleLimit`, which every permission check that reloads the person applies again.
 */
async function authenticateApiToken(knex: Knex, definitions: LiveDefinitionSource, req: Request, secret: string): Promise<void> {
  const token = await findActiveApiToken(knex, secret);
  const user = token ? await activeUser(knex, token.userId) : undefined;
  if (!token || !user) return;
  req.actor = { ...toActor(user), roles: limitRoles(user.roles, token.roles, await isAdmin(user, definitions)), roleLimit: [...token.roles] };
  req.auth = { kind: 'api-token', tokenId: token.id, tokenName: token.name };
  await touchApiToken(knex, token.id);
}

async function authenticateSession(knex: Knex, req: Request, token: string, viaCookie: boolean): Promise<void> {
  const found = await findSessionUser(knex, token);
  if (!found || found.user.disabled) return;
  const { session, user } = found;
  if (viaCookie && !SAFE_METHODS.has(req.method) && !csrfTokenMatches(session, req.get(CSRF_HEADER))) {
    // A cross-site form carries the cookie but cannot know the token: the write runs as nobody.
    req.csrfRejected = { userId: user.id, email: user.email };
    return;
  }
  req.actor = toActor(user);
  req.auth = { kind: 'session', token, viaCookie };
}

/**
 * Resolves the caller from `Authorization: Bearer <token>` (a session token, or an integration
 * token starting with crm_pat_) or from the session cookie. Bearer requests need no CSRF token (a
 * browser never adds that header on its own); cookie requests that write need X-CSRF-Token. The
 * user is read on every request, so disabling someone or changing their roles takes effect on
 * their next request.
 */
export function authenticate(knex: Knex, definitions: LiveDefinitionSource): RequestHandler {
  return async (req, _res, next) => {
    const bearer = bearerToken(req);
    if (bearer !== undefined) {
      if (bearer.startsWith(API_TOKEN_PREFIX)) await authenticateApiToken(knex, definitions, req, bearer);
      else await authenticateSession(knex, req, bearer, false);
    } else if (req.path !== LOGIN_PATH) {
      const cookie = readCookie(req.headers.cookie, SESSION_COOKIE);
      if (cookie) await authenticateSession(knex, req, cookie, true);
    }
    next();
  };
}

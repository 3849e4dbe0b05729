import type { Request, RequestHandler } from 'express';
import type { Knex } from 'knex';
import { API_TOKEN_PREFIX } from './api-token.store.js';
import { createApiTokenToucher, readApiToken, readSession } from './credential.reader.js';
import { csrfTokenMatches } from './session.store.js';
import { isAdmin } from '../people/admin-role.check.js';
import { limitRoles } from '@crm/schemas';
import type { LiveDefinitionSource } from '../runtime.context.js';
import { toActor } from '../people/users.repository.js';

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

/**
 * An integration token acts as its user, but with ONLY those of the token's roles the user still
 * holds: the actor carries both that intersection (for admin and builder checks) and the token's
 * list as `roleLimit`, which every permission check that reloads the person applies again.
 */
async function authenticateApiToken(
  knex: Knex,
  definitions: LiveDefinitionSource,
  touch: (tokenId: string) => Promise<void>,
  req: Request,
  secret: string,
): Promise<void> {
  const token = await readApiToken(knex, secret);
  if (!token || token.user.disabled) return;
  const { user } = token;
  req.actor = { ...toActor(user), roles: limitRoles(user.roles, token.roles, await isAdmin(user, definitions)), roleLimit: [...token.roles] };
  req.auth = { kind: 'api-token', tokenId: token.id, tokenName: token.name };
  await touch(token.id);
}

async function authenticateSession(knex: Knex, req: Request, token: string, viaCookie: boolean): Promise<void> {
  const session = await readSession(knex, token);
  if (!session || session.user.disabled) return;
  const { user } = session;
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
 * session or token and its user come from this process's cache (auth-cache.registry.ts), which
 * every change to them empties in every process as it commits, so disabling someone or changing
 * their roles still takes effect on their next request.
 */
export function authenticate(knex: Knex, definitions: LiveDefinitionSource): RequestHandler {
  const touch = createApiTokenToucher(knex);
  return async (req, _res, next) => {
    const bearer = bearerToken(req);
    if (bearer !== undefined) {
      if (bearer.startsWith(API_TOKEN_PREFIX)) await authenticateApiToken(knex, definitions, touch, req, bearer);
      else await authenticateSession(knex, req, bearer, false);
    } else if (req.path !== LOGIN_PATH) {
      const cookie = readCookie(req.headers.cookie, SESSION_COOKIE);
      if (cookie) await authenticateSession(knex, req, cookie, true);
    }
    next();
  };
}

import type { Knex } from 'knex';
import { apiTokenHash, findActiveApiTokenUser, touchApiToken } from './api-token.store.js';
import { authCacheOf, type CachedApiToken, type CachedSession } from './auth-cache.registry.js';
import { findSessionUser, sessionTokenHash } from './session.store.js';

/*
 * Who presented a credential: from this process's cache when a runtime watches the database
 * (no query at all), otherwise with one query. Expiry is checked here on every use, so a cached
 * session or token never outlives its `expires_at`.
 */

export async function readSession(knex: Knex, token: string, now = Date.now()): Promise<CachedSession | null> {
  const load = async (): Promise<CachedSession | null> => {
    const found = await findSessionUser(knex, token);
    return found ? { userId: found.user.id, csrfHash: found.session.csrfHash, expiresAt: found.expiresAt, user: found.user } : null;
  };
  const cache = authCacheOf(knex);
  const session = cache ? await cache.sessions.through(sessionTokenHash(token), load) : await load();
  return session && session.expiresAt > now ? session : null;
}

export async function readApiToken(knex: Knex, secret: string, now = Date.now()): Promise<CachedApiToken | null> {
  const load = async (): Promise<CachedApiToken | null> => {
    const found = await findActiveApiTokenUser(knex, secret);
    return found ? { ...found.token, expiresAt: found.expiresAt, user: found.user } : null;
  };
  const cache = authCacheOf(knex);
  const token = cache ? await cache.apiTokens.through(apiTokenHash(secret), load) : await load();
  return token && (token.expiresAt === null || token.expiresAt > now) ? token : null;
}

/** How often one process writes a token's last_used_at: the column is kept to the minute. */
const TOUCH_EVERY_MS = 60_000;
/** Past this many tokens the memory of recent touches starts over (a touch too many is harmless). */
const MAX_REMEMBERED_TOUCHES = 10_000;

/**
 * last_used_at without a write per request: each process touches a token at most once a minute
 * (the UPDATE itself also skips a touch younger than a minute, for the other processes).
 */
export function createApiTokenToucher(knex: Knex): (tokenId: string, now?: number) => Promise<void> {
  const touchedAt = new Map<string, number>();
  return async (tokenId, now = Date.now()) => {
    const last = touchedAt.get(tokenId);
    if (last !== undefined && now - last < TOUCH_EVERY_MS) return;
    if (touchedAt.size >= MAX_REMEMBERED_TOUCHES) touchedAt.clear();
    touchedAt.set(tokenId, now);
    await touchApiToken(knex, tokenId);
  };
}

import type { Knex } from 'knex';
import type { AccessSubject } from '../access/access.types.js';
import type { Database } from '../db/database.factory.js';
import type { UserRow } from '../people/user.types.js';
import { createAuthCache, parseAuthChange, type AuthCache, type AuthCacheOptions, type AuthChange } from './auth.cache.js';

/** The channel the auth triggers NOTIFY on (auth.migrations.ts), in the writing transaction. */
export const AUTH_CHANNEL = 'crm_auth';

/** A lost LISTEN connection is tried again this often; until then every request asks the database. */
const RECONNECT_MS = 1000;

export interface CachedSession {
  userId: string;
  csrfHash: string | null;
  /** When the session ends (ms since the epoch): a cached session is never used past it. */
  expiresAt: number;
  user: UserRow;
}

export interface CachedApiToken {
  userId: string;
  id: string;
  name: string;
  roles: string[];
  expiresAt: number | null;
  user: UserRow;
}

/** The subject with every role the person holds; an API token's narrowing is applied per request. */
export type CachedSubject = AccessSubject;

export type RuntimeAuthCache = AuthCache<CachedSession, CachedApiToken, CachedSubject>;

/*
 * One cache per database handle. It is found from any handle of that database, the pool or a
 * transaction, because the subject is loaded deep inside services that only hold a transaction;
 * knex gives a transaction's client the pool client's `config` object itself, so that object is
 * the key. A handle nobody watches (scripts, tools, tests without a runtime) has no cache and
 * always reads the database.
 */
const caches = new WeakMap<object, RuntimeAuthCache>();

function keyOf(knex: Knex): object {
  return knex.client.config;
}

/** The cache that serves this database, when a runtime watches it. */
export function authCacheOf(knex: Knex): RuntimeAuthCache | undefined {
  const cache = caches.get(keyOf(knex));
  return cache?.active ? cache : undefined;
}

/**
 * Drops what `change` makes stale in this process at once. Every write path calls it after its
 * commit, so the writer's next request never waits for the notification; other processes learn
 * of the change from the trigger's NOTIFY, which the same commit delivers.
 */
export function invalidateAuth(knex: Knex, change: AuthChange): void {
  caches.get(keyOf(knex))?.invalidate(change);
}

/**
 * A statement outside any transaction that writes people, teams or a token's rights (SQL by hand
 * through this process's knex: tools, tests, upkeep). Its trigger's NOTIFY comes back over the
 * LISTEN connection a moment after the commit; this process must not answer from memory in that
 * moment, so such a statement empties its cache as soon as it returns (it has committed then).
 * A token's last_used_at touch changes nobody's rights and is left out.
 */
const AUTOCOMMIT_AUTH_WRITE = /^\s*(?:insert\s+into|update|delete\s+from|truncate(?:\s+table)?)\s+"?(?:users|teams|api_tokens)\b(?!"?\s+set\s+"?last_used_at"?\s*=\s*\S+\s+where)/i;

interface RespondedQuery {
  sql?: unknown;
  __knexTxId?: unknown;
}

/**
 * LISTENs on AUTH_CHANNEL and keeps this database's cache in step with every process's writes.
 * Returns the stop. The cache answers only while the listener is connected.
 */
export async function watchAuthChanges(db: Database, options: AuthCacheOptions = {}): Promise<() => Promise<void>> {
  const key = keyOf(db.knex);
  const cache: RuntimeAuthCache = createAuthCache(options);
  caches.set(key, cache);
  let stopped = false;
  let connection = 0;
  let unlisten: (() => Promise<void>) | null = null;
  let retry: NodeJS.Timeout | null = null;

  function scheduleReconnect(): void {
    if (stopped || retry) return;
    retry = setTimeout(() => {
      retry = null;
      void connect();
    }, RECONNECT_MS);
    retry.unref();
  }

  function lost(which: number): void {
    if (which !== connection || stopped) return;
    connection += 1;
    // Changes committed while nobody listens never reach this process: nothing remembered can be
    // trusted any more, so it all goes and requests read the database until LISTEN is back.
    cache.setActive(false);
    const previous = unlisten;
    unlisten = null;
    void previous?.().catch(() => undefined);
    scheduleReconnect();
  }

  async function connect(): Promise<void> {
    const which = connection;
    try {
      const stop = await db.listen(AUTH_CHANNEL, (payload) => cache.invalidate(parseAuthChange(payload)), () => lost(which));
      if (stopped || which !== connection) {
        await stop();
        return;
      }
      unlisten = stop;
      // Nothing is remembered from before LISTEN began (setActive empties the cache).
      cache.setActive(true);
    } catch {
      scheduleReconnect();
    }
  }

  const onResponse = (_response: unknown, query: RespondedQuery): void => {
    if (query.__knexTxId === undefined && typeof query.sql === 'string' && AUTOCOMMIT_AUTH_WRITE.test(query.sql)) cache.invalidate({ kind: 'all' });
  };
  db.knex.on('query-response', onResponse);

  await connect();
  return async () => {
    stopped = true;
    db.knex.off('query-response', onResponse);
    if (retry) clearTimeout(retry);
    cache.setActive(false);
    if (caches.get(key) === cache) caches.delete(key);
    await unlisten?.();
    unlisten = null;
  };
}

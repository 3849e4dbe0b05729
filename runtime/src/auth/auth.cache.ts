/*
 * Who a credential belongs to, kept in this process so an authenticated request sends no query
 * for it: sessions and API tokens keyed by the hash of their secret (never the secret itself), and
 * each person's access subject (roles, team, team sets) keyed by their id.
 *
 *   request ─► get(map, key) ── hit ──────────────────────────► answer (no query)
 *                           └─ miss ─► load from the database ─► remember unless a change came meanwhile
 *   write (sign-out, disable, password, roles, team, revoke) ─► NOTIFY crm_auth '<what>' in its transaction
 *        ─► every process (LISTEN) ─► invalidate(what)       ─► next request loads again
 *
 * It only answers while `active` (a live LISTEN connection tells it of every change); otherwise
 * every call goes to the database, as before. Entries also expire after `ttlMs`, a safety net for
 * a notification lost without the connection noticing, and the maps are bounded (least recently
 * used out first). Unknown secrets are never remembered: guessing cannot fill the cache.
 */

/** What a committed write changed; encoded as the NOTIFY payload (see authChangePayload). */
export type AuthChange =
  | { kind: 'session'; tokenHash: string }
  | { kind: 'api-token'; tokenHash: string }
  | { kind: 'user'; userId: string }
  /** Team sets of possibly anyone changed (a team, or someone's team): every subject goes. */
  | { kind: 'subjects' }
  | { kind: 'all' };

export interface AuthCacheOptions {
  maxEntries?: number;
  ttlMs?: number;
  now?: () => number;
}

/** Sessions, tokens and subjects each keep at most this many entries. */
const DEFAULT_MAX_ENTRIES = 10_000;
/** Long enough that a busy person's requests hit; short enough to bound a lost notification. */
const DEFAULT_TTL_MS = 60_000;

interface Entry<V> {
  value: V;
  storedAt: number;
}

/** One bounded map with a time to live; Map keeps insertion order, so the first key is the oldest used. */
class BoundedMap<V> {
  private readonly entries = new Map<string, Entry<V>>();

  constructor(
    private readonly maxEntries: number,
    private readonly ttlMs: number,
  ) {}

  get(key: string, now: number): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    if (now - entry.storedAt >= this.ttlMs) return undefined;
    this.entries.set(key, entry);
    return entry.value;
  }

  set(key: string, value: V, now: number): void {
    this.entries.delete(key);
    this.entries.set(key, { value, storedAt: now });
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (oldest.done) break;
      this.entries.delete(oldest.value);
    }
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  deleteWhere(test: (value: V) => boolean): void {
    for (const [key, entry] of this.entries) if (test(entry.value)) this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}

/** Every cached value names the person it belongs to, so a change to that person drops it. */
export interface OwnedValue {
  readonly userId: string;
}

/** One kind of cached answer (sessions, API tokens or subjects). */
export interface AuthCacheArea<V extends OwnedValue> {
  /**
   * The cached value for `key`, or `load()`'s answer, remembered when it is not null and
   * `remember` holds (a caller inside a transaction that may roll back passes false).
   */
  through(key: string, load: () => Promise<V | null>, remember?: boolean): Promise<V | null>;
  readonly size: number;
}

export interface AuthCache<S extends OwnedValue, T extends OwnedValue, U extends OwnedValue> {
  /** Whether answers may come from memory: only while every change reaches this process. */
  readonly active: boolean;
  /** Turned on when LISTEN starts, off when it is lost or stopped; either way everything goes. */
  setActive(active: boolean): void;
  readonly sessions: AuthCacheArea<S>;
  readonly apiTokens: AuthCacheArea<T>;
  readonly subjects: AuthCacheArea<U>;
  invalidate(change: AuthChange): void;
}

export function createAuthCache<S extends OwnedValue, T extends OwnedValue, U extends OwnedValue>(options: AuthCacheOptions = {}): AuthCache<S, T, U> {
  const max = options.maxEntries ?? DEFAULT_MAX_ENTRIES;
  const ttl = options.ttlMs ?? DEFAULT_TTL_MS;
  const now = options.now ?? Date.now;
  const sessions = new BoundedMap<S>(max, ttl);
  const apiTokens = new BoundedMap<T>(max, ttl);
  const subjects = new BoundedMap<U>(max, ttl);
  let active = false;
  // Bumped by every change: a load that began before a change may have read what the change
  // replaced, so its answer serves its own request but is not remembered.
  let generation = 0;

  function area<V extends OwnedValue>(map: BoundedMap<V>): AuthCacheArea<V> {
    return {
      async through(key, load, remember = true) {
        if (!active) return load();
        const hit = map.get(key, now());
        if (hit !== undefined) return hit;
        const started = generation;
        const value = await load();
        if (value !== null && remember && active && started === generation) map.set(key, value, now());
        return value;
      },
      get size() {
        return map.size;
      },
    };
  }

  function clearAll(): void {
    generation += 1;
    sessions.clear();
    apiTokens.clear();
    subjects.clear();
  }

  return {
    get active() {
      return active;
    },
    setActive(value) {
      clearAll();
      active = value;
    },
    sessions: area(sessions),
    apiTokens: area(apiTokens),
    subjects: area(subjects),
    invalidate(change) {
      generation += 1;
      switch (change.kind) {
        case 'session':
          sessions.delete(change.tokenHash);
          return;
        case 'api-token':
          apiTokens.delete(change.tokenHash);
          return;
        case 'user': {
          const owned = (value: OwnedValue): boolean => value.userId === change.userId;
          sessions.deleteWhere(owned);
          apiTokens.deleteWhere(owned);
          subjects.deleteWhere(owned);
          return;
        }
        case 'subjects':
          subjects.clear();
          return;
        case 'all':
          clearAll();
      }
    },
  };
}

const HASH = /^[0-9a-f]{64}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The NOTIFY payload the database triggers send (auth.migrations.ts): `session:<sha256 hex>`,
 * `api-token:<sha256 hex>`, `user:<uuid>`, `subjects`, `all`. Anything else drops everything, so
 * a payload this version does not know can never leave a stale answer behind.
 */
export function parseAuthChange(payload: string): AuthChange {
  const [kind, value = ''] = payload.split(':', 2);
  if (kind === 'session' && HASH.test(value)) return { kind: 'session', tokenHash: value };
  if (kind === 'api-token' && HASH.test(value)) return { kind: 'api-token', tokenHash: value };
  if (kind === 'user' && UUID.test(value)) return { kind: 'user', userId: value.toLowerCase() };
  if (kind === 'subjects' && value === '') return { kind: 'subjects' };
  return { kind: 'all' };
}

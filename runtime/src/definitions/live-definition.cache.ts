import type { Knex } from 'knex';
import type { LiveDefinition } from '../runtime.context.js';
import { liveWrittenHere, readLive, readLiveVersionNumber } from './definition.repository.js';

export interface LiveDefinitionCache {
  /** The live definition; one tiny query to learn the live version, the full row only when it changed. */
  get(db?: Knex): Promise<LiveDefinition | null>;
  /** What this process just published (after the commit). */
  remember(live: LiveDefinition): void;
  /**
   * Trust the cached version while publish notifications can reach us: `subscribe` LISTENs for
   * DEFINITIONS_CHANNEL and calls `changed` on every publish (`lost` when the listener dies).
   */
  watch(subscribe: (changed: () => void, lost: () => void) => Promise<() => Promise<void>>): Promise<() => Promise<void>>;
}

/** Every publish NOTIFYs this channel in its transaction, so other runtime processes drop their cached version. */
export const DEFINITIONS_CHANNEL = 'crm_definitions';

/** Even when trusted, the cached version is checked again after this long, in case a notification was lost. */
const MAX_TRUSTED_MS = 1000;

/*
 * Kept in memory, because every request needs the definition and it is large. Another runtime
 * process may publish at any time and the next request must see it: without a listener, the
 * version is checked on every call; with one, a publish's NOTIFY (delivered when it commits) makes
 * the next call check, and the cached version is trusted for at most MAX_TRUSTED_MS otherwise.
 * Versions only grow (a rollback publishes a new one), so an older answer never replaces a newer one.
 */
export function createLiveDefinitionCache(knex: Knex): LiveDefinitionCache {
  let cached: LiveDefinition | null = null;
  let watching = false;
  let checkedAt = 0;

  function keep(live: LiveDefinition): LiveDefinition {
    if (!cached || live.version >= cached.version) cached = live;
    return cached;
  }

  return {
    async get(db = knex) {
      if (watching && cached && Date.now() - checkedAt < MAX_TRUSTED_MS) return cached;
      const startedAt = Date.now();
      const version = await readLiveVersionNumber(db);
      if (version === null) return null;
      checkedAt = startedAt;
      if (cached?.version === version) return cached;
      const live = await readLive(db);
      if (!live) return null;
      // A version read inside the transaction that publishes it can still roll back (a template
      // install whose demo data fails): it is answered, not remembered. Any other version read in a
      // transaction is committed and is remembered: not remembering those made every run step of a
      // process whose cache was cold read and parse the whole definition again.
      return db.isTransaction && (await liveWrittenHere(db)) ? live : keep(live);
    },
    remember(live) {
      keep(live);
    },
    async watch(subscribe) {
      const unsubscribe = await subscribe(
        () => {
          checkedAt = 0;
        },
        () => {
          watching = false;
        },
      );
      watching = true;
      return async () => {
        watching = false;
        await unsubscribe();
      };
    },
  };
}

import type { Knex } from 'knex';
import type { LiveDefinition } from '../runtime.context.js';
import { readLive, readLiveVersionNumber } from './definition.repository.js';

export interface LiveDefinitionCache {
  /** The live definition; one tiny query to learn the live version, the full row only when it changed. */
  get(db?: Knex): Promise<LiveDefinition | null>;
  /** What this process just published (after the commit). */
  remember(live: LiveDefinition): void;
}

/*
 * Kept in memory, because every request needs the definition and it is large; checked on every call,
 * because another runtime process may publish at any time and the next request must see it.
 * Versions only grow (a rollback publishes a new one), so an older answer never replaces a newer one.
 */
export function createLiveDefinitionCache(knex: Knex): LiveDefinitionCache {
  let cached: LiveDefinition | null = null;

  function keep(live: LiveDefinition): LiveDefinition {
    if (!cached || live.version >= cached.version) cached = live;
    return cached;
  }

  return {
    async get(db = knex) {
      const version = await readLiveVersionNumber(db);
      if (version === null) return null;
      if (cached?.version === version) return cached;
      const live = await readLive(db);
      return live ? keep(live) : null;
    },
    remember(live) {
      keep(live);
    },
  };
}

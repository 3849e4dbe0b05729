import type { App, Process } from '@crm/schemas';
import type { Knex } from 'knex';
import type { DefinitionsPort } from '../ports/engine.ports.js';
import { stepError } from '../run/step-failure.js';

/**
 * Published versions never change, so each is read once per process. Runs are pinned to the
 * version they started on: a run started on version 3 keeps walking version 3's graph after 4 is
 * published.
 */
export interface DefinitionCache {
  app(db: Knex, version: number): Promise<App>;
  process(db: Knex, version: number, name: string): Promise<{ app: App; process: Process }>;
  /** Remembers a version already in hand (the live one). */
  remember(version: number, app: App): void;
}

export function createDefinitionCache(port: DefinitionsPort): DefinitionCache {
  const apps = new Map<number, App>();
  async function app(db: Knex, version: number): Promise<App> {
    const cached = apps.get(version);
    if (cached) return cached;
    const loaded = await port.getVersion(db, version);
    if (!loaded) throw stepError('UNKNOWN_VERSION', `Definition version ${version} does not exist.`);
    apps.set(version, loaded);
    return loaded;
  }
  return {
    app,
    async process(db, version, name) {
      const found = await app(db, version);
      const process = found.processes?.find((p) => p.name === name);
      if (!process) throw stepError('UNKNOWN_PROCESS', `Version ${version} has no process ${name}.`);
      return { app: found, process };
    },
    remember(version, found) {
      if (!apps.has(version)) apps.set(version, found);
    },
  };
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../db/database.factory.js';
import { testDatabaseKinds } from '../db/test-database.js';
import { createRuntime, type Runtime } from '../runtime.factory.js';
import { startTestRuntime, type TestRuntime } from '../testing/test-runtime.js';
import { salesApp } from './app-definition.fixtures.js';

/*
 * The live definition is read on every request, so it is cached: trusted while publish
 * notifications are heard (no query per request), checked again on a NOTIFY from a publish in any
 * runtime process, and never trusted for more than a second without a check.
 */

describe.each(testDatabaseKinds())('live definition cache on %s', (kind) => {
  let rt: TestRuntime;
  beforeAll(async () => {
    rt = await startTestRuntime(kind, { app: salesApp() });
  });
  afterAll(async () => {
    await rt?.close();
  });

  it('answers from memory while watching publishes', async () => {
    const queries: string[] = [];
    const listener = (q: { sql: string }) => queries.push(q.sql);
    await rt.runtime.definitionService.getLive();
    rt.db.knex.on('query', listener);
    try {
      for (let i = 0; i < 20; i++) await rt.runtime.definitionService.getLive();
    } finally {
      rt.db.knex.removeListener('query', listener);
    }
    expect(queries.filter((q) => q.includes('definition_versions')).length).toBeLessThanOrEqual(1);
  });

  it.runIf(kind === 'postgres')('sees a publish made by another runtime process at once', async () => {
    const url = rt.db.url ?? '';
    const otherDb: Database = await openDatabase({ url, poolMax: 2 });
    const other: Runtime = await createRuntime(otherDb);
    try {
      const before = await other.definitionService.getLive();
      // The other process has the version cached and trusted; now this one publishes.
      const app = salesApp();
      await rt.request('PUT', '/api/definitions/draft', { body: { ...app, label: { en: 'Renamed', ru: 'Переименовано' } } });
      const published = await rt.request<{ version: number }>('POST', '/api/definitions/publish', { body: {} });
      expect(published.status).toBe(200);
      const started = Date.now();
      let seen = before?.version;
      while (seen !== published.body.version && Date.now() - started < 900) {
        seen = (await other.definitionService.getLive())?.version;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      // Seen through the notification, well before the one-second limit of trust.
      expect(seen).toBe(published.body.version);
    } finally {
      await other.stop();
      await otherDb.close();
    }
  });
});

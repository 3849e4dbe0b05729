import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, createPerson, signIn, type ApiClient as Client } from './harness/api-client.js';
import { createDurableStore, type DurableStore } from './harness/durable-store.js';
import { RuntimeChild } from './harness/runtime-child.js';

/*
 * Each runtime process answers "who is this session?" from memory (runtime/src/auth/
 * auth-cache.registry.ts). A change made through one process must reach the others' memory as it
 * commits: the auth triggers NOTIFY crm_auth in the writing transaction and every process LISTENs.
 * PostgreSQL only: PGlite is one process.
 */

const WITHIN_MS = 1000;

describe.runIf(process.env.TEST_DATABASE_URL)('the auth cache across two runtime processes on PostgreSQL', () => {
  let store: DurableStore;
  let first: RuntimeChild;
  let second: RuntimeChild;
  let admin: Client;

  beforeAll(async () => {
    store = await createDurableStore('postgres');
    first = await RuntimeChild.start(store, { tag: 'auth_cache_a', workers: 0 });
    second = await RuntimeChild.start(store, { tag: 'auth_cache_b', workers: 0 });
    admin = await signIn(first.baseUrl);
  }, 240_000);

  afterAll(async () => {
    await first?.kill9();
    await second?.kill9();
    await store?.drop();
  });

  /** Polls until the person is refused by the other process; fails if that takes over WITHIN_MS. */
  async function refusedWithin(client: ApiClient): Promise<number> {
    const started = Date.now();
    await expect.poll(async () => (await client.send('GET', '/api/auth/me')).status, { timeout: WITHIN_MS, interval: 10 }).toBe(401);
    return Date.now() - started;
  }

  it('both processes listen for auth changes', async () => {
    const listeners = await store.inspect(async (knex) => {
      const rows: Array<{ application_name: string }> = await knex('pg_stat_activity')
        .where({ datname: store.databaseName ?? '' })
        .andWhere('query', 'LISTEN "crm_auth"')
        .select('application_name');
      return rows.map((r) => r.application_name).sort();
    });
    expect(listeners).toEqual(['auth_cache_a', 'auth_cache_b']);
  });

  it('refuses a person disabled through one process on the other within a second', async () => {
    const rep = await createPerson(admin, 'two.processes@example.com', []);
    const onSecond = new ApiClient(second.baseUrl, rep.api.token);
    // Both processes have the session in memory.
    for (const client of [rep.api, onSecond, rep.api, onSecond]) expect((await client.send('GET', '/api/auth/me')).status).toBe(200);

    await admin.expect(200, 'PATCH', `/api/users/${rep.id}`, { body: { disabled: true } });
    expect((await rep.api.send('GET', '/api/auth/me')).status).toBe(401);
    expect(await refusedWithin(onSecond)).toBeLessThan(WITHIN_MS);
  });

  it('ends a session signed out on one process on the other within a second', async () => {
    const rep = await createPerson(admin, 'signs.out@example.com', []);
    const onSecond = new ApiClient(second.baseUrl, rep.api.token);
    for (const client of [rep.api, onSecond, onSecond]) expect((await client.send('GET', '/api/auth/me')).status).toBe(200);

    expect((await rep.api.send('POST', '/api/auth/logout')).status).toBe(204);
    expect(await refusedWithin(onSecond)).toBeLessThan(WITHIN_MS);
  });
});

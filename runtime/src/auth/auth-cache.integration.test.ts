import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../db/test-database.js';
import { startTestRuntime, type TestRuntime } from '../testing/test-runtime.js';
import { authCacheOf } from './auth-cache.registry.js';
import { createUser, login, type LoginBody } from './auth.test-support.js';

/*
 * Sessions, API tokens and access subjects are served from memory (auth-cache.registry.ts): every
 * change that takes a credential or a right away must still count from the very next request.
 */

const PASSWORD = 'quartz-heron-meadow-7';

/** Statements that authenticate the caller or load their access subject. */
const AUTH_SQL = /"sessions"|"api_tokens"|WITH RECURSIVE\s+me AS/i;

describe.each(testDatabaseKinds())('auth cache on %s', (kind) => {
  let rt: TestRuntime;
  let adminId: string;
  let counter = 0;

  beforeAll(async () => {
    rt = await startTestRuntime(kind, { template: 'b2b-sales' });
    adminId = (await rt.request<{ user: { id: string } }>('GET', '/api/auth/me')).body.user.id;
  });
  afterAll(async () => {
    await rt?.close();
  });

  /** A sales rep signed in with a warm cache: their session and subject were just used. */
  async function signedInRep(): Promise<{ id: string; token: string }> {
    counter += 1;
    const email = `cached.rep${counter}@example.com`;
    const user = await createUser(rt, { email, password: PASSWORD, roles: ['sales_rep'] });
    const signedIn = await login(rt, email, PASSWORD);
    expect(signedIn.status).toBe(200);
    const token = signedIn.body.token;
    for (let i = 0; i < 2; i++) expect((await rt.request('GET', '/api/records/deal?limit=1', { token })).status).toBe(200);
    return { id: user.id, token };
  }

  const changes: Array<{
    name: string;
    change: (rep: { id: string; token: string }) => Promise<void>;
    refused: number;
    path?: string;
  }> = [
    {
      name: 'sign-out',
      change: async (rep) => expect((await rt.request('POST', '/api/auth/logout', { token: rep.token })).status).toBe(204),
      refused: 401,
    },
    {
      name: 'disable',
      change: async (rep) => expect((await rt.request('PATCH', `/api/users/${rep.id}`, { body: { disabled: true } })).status).toBe(200),
      refused: 401,
    },
    {
      name: 'password change by an admin',
      change: async (rep) => expect((await rt.request('PATCH', `/api/users/${rep.id}`, { body: { password: 'cobalt-otter-glacier-3' } })).status).toBe(200),
      refused: 401,
    },
    {
      name: 'password change by the person',
      change: async (rep) => {
        const res = await rt.request<LoginBody>('POST', '/api/auth/password', {
          token: rep.token,
          body: { currentPassword: PASSWORD, newPassword: 'cobalt-otter-glacier-4' },
        });
        expect(res.status).toBe(200);
      },
      refused: 401,
    },
    {
      name: 'role change',
      change: async (rep) => expect((await rt.request('PATCH', `/api/users/${rep.id}`, { body: { roles: [] } })).status).toBe(200),
      refused: 403,
      path: '/api/records/deal?limit=1',
    },
    {
      name: 'a change made in SQL by hand on the runtime’s database handle',
      change: async (rep) => {
        await rt.db.knex('users').where({ id: rep.id }).update({ disabled: true });
      },
      refused: 401,
    },
  ];

  it.each(changes)('refuses the old credentials on the next request after: $name', async ({ change, refused, path = '/api/auth/me' }) => {
    const rep = await signedInRep();
    expect((await rt.request('GET', path, { token: rep.token })).status).toBe(200);
    await change(rep);
    expect((await rt.request('GET', path, { token: rep.token })).status).toBe(refused);
  });

  it('refuses a revoked API token on the next request', async () => {
    const created = await rt.request<{ id: string; token: string }>('POST', '/api/tokens', { body: { name: 'cached', roles: ['sales_rep'] } });
    const secret = created.body.token;
    for (let i = 0; i < 2; i++) expect((await rt.request('GET', '/api/records/deal?limit=1', { token: secret })).status).toBe(200);
    expect((await rt.request('DELETE', `/api/tokens/${created.body.id}`)).status).toBe(204);
    expect((await rt.request('GET', '/api/records/deal?limit=1', { token: secret })).status).toBe(401);
  });

  it('shows a team change on the next request', async () => {
    const rep = await signedInRep();
    const team = await rt.request<{ id: string }>('POST', '/api/teams', { body: { name: `Cache team ${counter}`, manager: adminId } });
    expect(team.status).toBe(201);
    expect((await rt.request('PATCH', `/api/users/${rep.id}`, { body: { team: team.body.id } })).status).toBe(200);
    const me = await rt.request<{ user: { teamId: string | null } }>('GET', '/api/auth/me', { token: rep.token });
    expect(me.body.user.teamId).toBe(team.body.id);
  });

  it.runIf(kind === 'postgres')('forgets everything when its LISTEN connection is lost, and listens again', async () => {
    const rep = await signedInRep();
    expect(authCacheOf(rt.db.knex)).toBeDefined();
    await rt.db.knex.raw(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND query = 'LISTEN "crm_auth"'`);
    // Changes made now would never reach it: it stops answering from memory at once...
    await expect.poll(() => authCacheOf(rt.db.knex), { timeout: 1000, interval: 5 }).toBeUndefined();
    expect((await rt.request('GET', '/api/auth/me', { token: rep.token })).status).toBe(200);
    // ...and answers again, from an empty cache, once LISTEN is back.
    await expect.poll(() => authCacheOf(rt.db.knex), { timeout: 5000, interval: 50 }).toBeDefined();
    const listening = await rt.db.knex.raw(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND query = 'LISTEN "crm_auth"'`);
    expect(listening.rows[0]?.n).toBe(1);
  });

  it('sends no authentication or access query for a GET on a warm cache', async () => {
    const rep = await signedInRep();
    const created = await rt.request<{ token: string }>('POST', '/api/tokens', { body: { name: 'counted', roles: ['sales_rep'] } });
    expect((await rt.request('GET', '/api/records/deal?limit=1', { token: created.body.token })).status).toBe(200);
    const sent: string[] = [];
    const record = (query: { sql: string }) => sent.push(query.sql);
    rt.db.knex.on('query', record);
    try {
      for (const token of [rep.token, created.body.token]) {
        sent.length = 0;
        expect((await rt.request('GET', '/api/records/deal?limit=1', { token })).status).toBe(200);
        expect(sent.length, 'the list itself was read').toBeGreaterThan(0);
        expect(sent.filter((sql) => AUTH_SQL.test(sql))).toEqual([]);
      }
    } finally {
      rt.db.knex.off('query', record);
    }
  });
});

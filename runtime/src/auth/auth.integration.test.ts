import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../db/test-database.js';
import { startTestRuntime, TEST_ADMIN_PASSWORD, type TestRuntime } from '../testing/test-runtime.js';
import { ensureFirstAdmin } from './admin.bootstrap.js';

describe.each(testDatabaseKinds())('auth on %s', (kind) => {
  let rt: TestRuntime;
  beforeAll(async () => {
    rt = await startTestRuntime(kind);
  });
  afterAll(async () => {
    await rt?.close();
  });

  it('signs in with the configured admin password and answers /me for the bearer token', async () => {
    const login = await rt.request<{ token: string; user: { email: string; roles: string[] } }>('POST', '/api/auth/login', {
      body: { email: 'ADMIN@example.com ', password: TEST_ADMIN_PASSWORD },
      token: null,
    });
    expect(login.status).toBe(200);
    expect(login.body.user.email).toBe('admin@example.com');
    expect(login.headers.get('set-cookie')).toMatch(/crm_session=.*HttpOnly/i);
    expect(JSON.stringify(login.body)).not.toContain('scrypt');

    const me = await rt.request<{ user: { email: string } }>('GET', '/api/auth/me', { token: login.body.token });
    expect(me.body.user.email).toBe('admin@example.com');
  });

  it('refuses a wrong password and an unknown email with the same error', async () => {
    const wrong = await rt.request('POST', '/api/auth/login', { body: { email: 'admin@example.com', password: 'nope-nope-nope' }, token: null });
    const unknown = await rt.request('POST', '/api/auth/login', { body: { email: 'ghost@example.com', password: 'nope-nope-nope' }, token: null });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual(unknown.body);
  });

  it('ends the session at logout', async () => {
    const login = await rt.request<{ token: string }>('POST', '/api/auth/login', {
      body: { email: 'admin@example.com', password: TEST_ADMIN_PASSWORD },
      token: null,
    });
    const out = await rt.request('POST', '/api/auth/logout', { token: login.body.token });
    expect(out.status).toBe(204);
    const me = await rt.request<{ error: { code: string } }>('GET', '/api/auth/me', { token: login.body.token });
    expect(me.status).toBe(401);
    expect(me.body.error.code).toBe('UNAUTHORIZED');
  });

  it('answers malformed JSON and unknown routes with structured errors', async () => {
    const res = await fetch(`${rt.baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"email":',
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: 'MALFORMED_JSON' } });
    const missing = await rt.request<{ error: { code: string } }>('GET', '/api/nothing-here');
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('NOT_FOUND');
  });

  it('creates the first admin only once and never with a short password', async () => {
    await expect(ensureFirstAdmin(rt.db.knex, 'another-password')).resolves.toEqual({ created: false });
    const health = await rt.request<{ ok: boolean }>('GET', '/api/health', { token: null });
    expect(health.body.ok).toBe(true);
  });
});

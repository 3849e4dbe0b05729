import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MeResponse } from '@crm/schemas';
import { testDatabaseKinds } from '../db/test-database.js';
import { startTestRuntime, TEST_ADMIN_PASSWORD, type TestRuntime } from '../testing/test-runtime.js';
import { FIRST_ADMIN_EMAIL } from './admin.bootstrap.js';
import { fieldsOf, login, sessionCookie } from './auth.test-support.js';

/*
 * PATCH /api/auth/me {locale}: the UI language a person chose, kept on their row so sign-in and /me
 * in any browser answer with it; null until they choose.
 */

describe.each(testDatabaseKinds())('user locale on %s', (kind) => {
  let rt: TestRuntime;

  beforeAll(async () => {
    rt = await startTestRuntime(kind);
  });
  afterAll(async () => {
    await rt?.close();
  });

  it('is null until chosen, then answered by /me and by every later sign-in', async () => {
    expect((await rt.request<MeResponse>('GET', '/api/auth/me')).body.locale).toBeNull();
    const saved = await rt.request<MeResponse>('PATCH', '/api/auth/me', { body: { locale: 'en' } });
    expect(saved.status).toBe(200);
    expect(saved.body.locale).toBe('en');
    expect(saved.body.user.email).toBe(FIRST_ADMIN_EMAIL);
    expect((await rt.request<MeResponse>('GET', '/api/auth/me')).body.locale).toBe('en');
    const again = await login(rt, FIRST_ADMIN_EMAIL, TEST_ADMIN_PASSWORD);
    expect(again.body).toMatchObject({ locale: 'en' });
    await rt.request('PATCH', '/api/auth/me', { body: { locale: 'ru' } });
    expect((await login(rt, FIRST_ADMIN_EMAIL, TEST_ADMIN_PASSWORD)).body).toMatchObject({ locale: 'ru' });
  });

  it('refuses a language we do not speak and any other field, naming the field', async () => {
    const wrong = await rt.request('PATCH', '/api/auth/me', { body: { locale: 'de' } });
    expect(wrong.status).toBe(400);
    expect(fieldsOf(wrong)).toEqual(['locale']);
    const extra = await rt.request('PATCH', '/api/auth/me', { body: { locale: 'en', roles: ['admin'] } });
    expect(extra.status).toBe(400);
    expect(fieldsOf(extra)).toEqual(['roles']);
    expect((await rt.request<MeResponse>('GET', '/api/auth/me')).body.locale).toBe('ru');
  });

  it('needs the CSRF token when the session comes from the cookie', async () => {
    const signedIn = await login(rt, FIRST_ADMIN_EMAIL, TEST_ADMIN_PASSWORD);
    const cookie = `crm_session=${sessionCookie(signedIn)}`;
    const noToken = await rt.request('PATCH', '/api/auth/me', { body: { locale: 'en' }, token: null, headers: { cookie } });
    expect(noToken.status).toBe(403);
    const withToken = await rt.request<MeResponse>('PATCH', '/api/auth/me', {
      body: { locale: 'en' },
      token: null,
      headers: { cookie, 'x-csrf-token': signedIn.body.csrfToken },
    });
    expect(withToken.status).toBe(200);
    expect(withToken.body.locale).toBe('en');
  });
});

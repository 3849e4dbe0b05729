import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../db/test-database.js';
import { startTestRuntime, type TestRuntime } from '../testing/test-runtime.js';
import { createUser, fieldsOf, login, rowText, sessionCookie, type ErrorBody, type LoginBody, type UserBody } from './auth.test-support.js';

const PASSWORD = 'mauve-otter-basalt-91';

describe.each(testDatabaseKinds())('authentication hardening on %s', (kind) => {
  let rt: TestRuntime;
  beforeAll(async () => {
    rt = await startTestRuntime(kind);
  });
  afterAll(async () => {
    await rt?.close();
  });

  describe('password policy', () => {
    it('refuses short, long and common passwords (any case) with 400 naming password, in en and ru, and creates nobody', async () => {
      const cases: [string, string][] = [
        ['short7!', 'PASSWORD_TOO_SHORT'],
        ['p'.repeat(129), 'PASSWORD_TOO_LONG'],
        ['Password1', 'PASSWORD_TOO_COMMON'],
        ['QWERTY123', 'PASSWORD_TOO_COMMON'],
        ['iloveyou', 'PASSWORD_TOO_COMMON'],
      ];
      for (const [password, code] of cases) {
        const res = await rt.request<ErrorBody>('POST', '/api/users', { body: { email: 'policy@example.com', name: 'Policy', password, roles: [] } });
        expect(res.status, password).toBe(400);
        expect(fieldsOf(res)).toEqual(['password']);
        expect(res.body.error.details[0]?.code).toBe(code);
        expect(res.body.error.details[0]?.message_ru).toMatch(/[а-я]/);
      }
      const list = await rt.request<{ data: UserBody[] }>('GET', '/api/users');
      expect(list.body.data.map((u) => u.email)).not.toContain('policy@example.com');
    });

    it('accepts a long passphrase with no composition and a password of 8 emoji', async () => {
      await createUser(rt, { email: 'phrase@example.com', password: 'correct horse battery staple' });
      await createUser(rt, { email: 'emoji@example.com', password: '🦊🐻🐼🐨🐯🦁🐮🐷' });
      expect((await login(rt, 'phrase@example.com', 'correct horse battery staple')).status).toBe(200);
      expect((await login(rt, 'emoji@example.com', '🦊🐻🐼🐨🐯🦁🐮🐷')).status).toBe(200);
    });
  });

  describe('sessions', () => {
    it('issues a fresh token at every sign-in and ends the session the browser carried', async () => {
      await createUser(rt, { email: 'fresh@example.com', password: PASSWORD });
      const first = await login(rt, 'fresh@example.com', PASSWORD);
      const second = await login(rt, 'fresh@example.com', PASSWORD);
      expect(first.body.token).not.toBe(second.body.token);
      expect(first.body.csrfToken).not.toBe(second.body.csrfToken);
      expect(sessionCookie(second)).toBe(second.body.token);
      expect(second.headers.get('set-cookie')).toMatch(/HttpOnly/i);
      expect(second.headers.get('set-cookie')).toMatch(/SameSite=Lax/i);

      // Signing in again from the browser that holds `second` replaces it, even without a CSRF token.
      const third = await rt.request<LoginBody>('POST', '/api/auth/login', {
        body: { email: 'fresh@example.com', password: PASSWORD },
        token: null,
        headers: { cookie: `crm_session=${second.body.token}` },
      });
      expect(third.status).toBe(200);
      expect((await rt.request('GET', '/api/auth/me', { token: second.body.token })).status).toBe(401);
      expect((await rt.request('GET', '/api/auth/me', { token: first.body.token })).status).toBe(200);
      expect((await rt.request('GET', '/api/auth/me', { token: third.body.token })).status).toBe(200);
    });

    it('lets the cookie write only with the session CSRF token; bearer tokens need none', async () => {
      const user = await createUser(rt, { email: 'csrf@example.com', password: PASSWORD });
      const signIn = await login(rt, 'csrf@example.com', PASSWORD);
      const other = await login(rt, 'phrase@example.com', 'correct horse battery staple');
      const cookie = `crm_session=${sessionCookie(signIn)}`;
      const before = await rowText(rt.db.knex, 'users', user.id);

      const me = await rt.request<{ user: { id: string }; csrfToken: string }>('GET', '/api/auth/me', { token: null, headers: { cookie } });
      expect(me.status).toBe(200);
      expect(me.body.csrfToken).toBe(signIn.body.csrfToken);

      const attempts: Record<string, string>[] = [{ cookie }, { cookie, 'x-csrf-token': 'forged' }, { cookie, 'x-csrf-token': other.body.csrfToken }];
      for (const headers of attempts) {
        const refused = await rt.request<ErrorBody>('PATCH', `/api/users/${user.id}`, { body: { name: 'Hijacked' }, token: null, headers });
        expect(refused.status).toBe(403);
        expect(refused.body.error.code).toBe('CSRF_TOKEN_INVALID');
        expect(fieldsOf(refused)).toEqual(['X-CSRF-Token']);
      }
      expect(await rowText(rt.db.knex, 'users', user.id)).toBe(before);

      const allowed = await rt.request<UserBody>('PATCH', `/api/users/${user.id}`, {
        body: { name: 'Cookie Writer' },
        token: null,
        headers: { cookie, 'x-csrf-token': signIn.body.csrfToken },
      });
      expect(allowed.status).toBe(200);
      expect(allowed.body.name).toBe('Cookie Writer');

      const bearer = await rt.request<UserBody>('PATCH', `/api/users/${user.id}`, { body: { name: 'Bearer Writer' }, token: signIn.body.token });
      expect(bearer.status).toBe(200);

      const audit = await rt.request<{ data: { actor: { id: string }; details: { code: string; method: string; path: string } }[] }>(
        'GET',
        '/api/audit?action=access.denied&limit=10',
      );
      const csrfDenials = audit.body.data.filter((e) => e.details.code === 'CSRF_TOKEN_INVALID' && e.actor.id === user.id);
      expect(csrfDenials).toHaveLength(3);
      expect(csrfDenials[0]?.details).toMatchObject({ method: 'PATCH', path: `/api/users/${user.id}` });
    });

    it('ends every session of a disabled user at once, and refuses their sign-in', async () => {
      const user = await createUser(rt, { email: 'leaver@example.com', password: PASSWORD });
      const a = await login(rt, 'leaver@example.com', PASSWORD);
      const b = await login(rt, 'leaver@example.com', PASSWORD);
      expect((await rt.request('GET', '/api/auth/me', { token: a.body.token })).status).toBe(200);

      const disabled = await rt.request<UserBody>('PATCH', `/api/users/${user.id}`, { body: { disabled: true } });
      expect(disabled.status).toBe(200);
      expect(disabled.body.disabled).toBe(true);
      for (const token of [a.body.token, b.body.token]) expect((await rt.request('GET', '/api/auth/me', { token })).status).toBe(401);
      const cookieGet = await rt.request('GET', '/api/auth/me', { token: null, headers: { cookie: `crm_session=${a.body.token}` } });
      expect(cookieGet.status).toBe(401);
      const sessions = await rt.db.knex('sessions').where({ user_id: user.id }).count({ n: '*' }).first();
      expect(Number(sessions?.n)).toBe(0);
      expect((await login(rt, 'leaver@example.com', PASSWORD)).status).toBe(401);

      await rt.request('PATCH', `/api/users/${user.id}`, { body: { disabled: false } });
      expect((await login(rt, 'leaver@example.com', PASSWORD)).status).toBe(200);
    });
  });

  describe('POST /api/auth/password', () => {
    it('changes one’s own password, ends every session at once and hands back a new one', async () => {
      await createUser(rt, { email: 'changer@example.com', password: PASSWORD });
      const a = await login(rt, 'changer@example.com', PASSWORD);
      const b = await login(rt, 'changer@example.com', PASSWORD);

      const wrong = await rt.request<ErrorBody>('POST', '/api/auth/password', {
        body: { currentPassword: 'not-my-password', newPassword: 'vermilion-heron-quartz-7' },
        token: a.body.token,
      });
      expect(wrong.status).toBe(400);
      expect(fieldsOf(wrong)).toEqual(['currentPassword']);

      const common = await rt.request<ErrorBody>('POST', '/api/auth/password', {
        body: { currentPassword: PASSWORD, newPassword: 'Qwerty123' },
        token: a.body.token,
      });
      expect(common.status).toBe(400);
      expect(fieldsOf(common)).toEqual(['newPassword']);
      expect(common.body.error.details[0]?.code).toBe('PASSWORD_TOO_COMMON');

      const extra = await rt.request<ErrorBody>('POST', '/api/auth/password', {
        body: { currentPassword: PASSWORD, newPassword: 'vermilion-heron-quartz-7', userId: a.body.user.id },
        token: a.body.token,
      });
      expect(extra.status).toBe(400);
      expect(fieldsOf(extra)).toEqual(['userId']);

      const changed = await rt.request<LoginBody>('POST', '/api/auth/password', {
        body: { currentPassword: PASSWORD, newPassword: 'vermilion-heron-quartz-7' },
        token: a.body.token,
      });
      expect(changed.status).toBe(200);
      expect(changed.body.token).not.toBe(a.body.token);
      expect(sessionCookie(changed)).toBe(changed.body.token);
      for (const token of [a.body.token, b.body.token]) expect((await rt.request('GET', '/api/auth/me', { token })).status).toBe(401);
      expect((await rt.request('GET', '/api/auth/me', { token: changed.body.token })).status).toBe(200);
      expect((await login(rt, 'changer@example.com', PASSWORD)).status).toBe(401);
      expect((await login(rt, 'changer@example.com', 'vermilion-heron-quartz-7')).status).toBe(200);
    });

    it('ends the sessions of a user whose password an admin sets', async () => {
      const user = await createUser(rt, { email: 'reset@example.com', password: PASSWORD });
      const session = await login(rt, 'reset@example.com', PASSWORD);
      const common = await rt.request<ErrorBody>('PATCH', `/api/users/${user.id}`, { body: { password: 'password123' } });
      expect(common.status).toBe(400);
      expect(fieldsOf(common)).toEqual(['password']);
      expect((await rt.request('GET', '/api/auth/me', { token: session.body.token })).status).toBe(200);

      expect((await rt.request('PATCH', `/api/users/${user.id}`, { body: { password: 'saffron-lynx-meadow-4' } })).status).toBe(200);
      expect((await rt.request('GET', '/api/auth/me', { token: session.body.token })).status).toBe(401);
      expect((await login(rt, 'reset@example.com', 'saffron-lynx-meadow-4')).status).toBe(200);
    });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../db/test-database.js';
import { startTestRuntime, type TestRuntime } from '../testing/test-runtime.js';
import { createSession } from './session.store.js';
import { createUser, fieldsOf, type ErrorBody } from './auth.test-support.js';

interface TokenBody {
  id: string;
  name: string;
  user: string;
  roles: string[];
  createdBy: string | null;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
  token?: string;
}

describe.each(testDatabaseKinds())('API tokens on %s', (kind) => {
  let rt: TestRuntime;
  let adminId: string;
  beforeAll(async () => {
    rt = await startTestRuntime(kind, { template: 'b2b-sales' });
    adminId = (await rt.request<{ user: { id: string } }>('GET', '/api/auth/me')).body.user.id;
  });
  afterAll(async () => {
    await rt?.close();
  });

  it('shows the secret once, stores only its hash, and lists tokens without it', async () => {
    const created = await rt.request<TokenBody>('POST', '/api/tokens', { body: { name: '1C sync', roles: ['sales_rep'] } });
    expect(created.status).toBe(201);
    expect(created.body.token).toMatch(/^crm_pat_[A-Za-z0-9_-]{40,}$/);
    expect(created.body).toMatchObject({ name: '1C sync', user: adminId, roles: ['sales_rep'], createdBy: adminId, revokedAt: null });
    const secret = created.body.token ?? '';

    const list = await rt.request<{ data: TokenBody[] }>('GET', '/api/tokens');
    expect(list.body.data.map((t) => t.id)).toContain(created.body.id);
    expect(JSON.stringify(list.body)).not.toContain(secret);
    expect(JSON.stringify(list.body)).not.toMatch(/token_hash|"token"/);
    const stored = await rt.db.knex('api_tokens').where({ id: created.body.id }).first();
    expect(JSON.stringify(stored)).not.toContain(secret);
  });

  it('acts as its user with only the token roles, and records last use', async () => {
    const created = await rt.request<TokenBody>('POST', '/api/tokens', { body: { name: 'rep-scoped', roles: ['sales_rep'] } });
    const secret = created.body.token ?? '';
    const me = await rt.request<{ user: { id: string; roles: string[] }; csrfToken: string | null }>('GET', '/api/auth/me', { token: secret });
    expect(me.status).toBe(200);
    expect(me.body.user).toMatchObject({ id: adminId, roles: ['sales_rep'] });
    expect(me.body.csrfToken).toBeNull();
    // The admin's own powers do not come with it.
    for (const path of ['/api/audit', '/api/tokens']) {
      const res = await rt.request<ErrorBody>('GET', path, { token: secret });
      expect(res.status, path).toBe(403);
    }
    const denials = await rt.request<{ data: { actor: { id: string }; details: { path: string; apiToken?: { id: string } } }[] }>(
      'GET',
      '/api/audit?action=access.denied&limit=2',
    );
    expect(denials.body.data.map((e) => e.details.path)).toEqual(['/api/tokens', '/api/audit']);
    expect(denials.body.data.every((e) => e.actor.id === adminId && e.details.apiToken?.id === created.body.id)).toBe(true);
    expect((await rt.request('POST', '/api/users', { token: secret, body: { email: 'via.token@example.com', name: 'T', roles: [] } })).status).toBe(403);
    expect((await rt.request('GET', '/api/definitions/live', { token: secret })).status).toBe(403);
    // Bearer tokens need no CSRF token for writes.
    const deal = await rt.request('POST', '/api/records/deal', { token: secret, body: { title: 'Из интеграции', amount: 1000 } });
    expect(deal.status).toBe(201);
    const row = await rt.db.knex('api_tokens').where({ id: created.body.id }).first('last_used_at');
    expect(row?.last_used_at).toBeTruthy();
    // An API token cannot change its user's password.
    const pw = await rt.request<ErrorBody>('POST', '/api/auth/password', {
      token: secret,
      body: { currentPassword: 'x-x-x-x-x', newPassword: 'amber-gecko-tundra-5' },
    });
    expect(pw.status).toBe(403);
  });

  it('acts for the user it names, and an admin-role token may administer', async () => {
    const bot = await createUser(rt, { email: 'bot@example.com', roles: ['sales_rep', 'admin'] });
    const created = await rt.request<TokenBody>('POST', '/api/tokens', { body: { name: 'provisioning', user: bot.id, roles: ['admin'] } });
    expect(created.body.user).toBe(bot.id);
    const made = await rt.request<{ id: string }>('POST', '/api/users', {
      token: created.body.token ?? '',
      body: { email: 'provisioned@example.com', name: 'P', roles: [] },
    });
    expect(made.status).toBe(201);
    const audit = await rt.request<{ data: { actor: { id: string }; target: { id: string } }[] }>('GET', '/api/audit?action=user.create');
    expect(audit.body.data.find((e) => e.target.id === made.body.id)?.actor.id).toBe(bot.id);
  });

  it('revokes at once, and stops working when its user is disabled', async () => {
    const created = await rt.request<TokenBody>('POST', '/api/tokens', { body: { name: 'short-lived', roles: ['sales_rep'] } });
    const secret = created.body.token ?? '';
    expect((await rt.request('GET', '/api/auth/me', { token: secret })).status).toBe(200);
    expect((await rt.request('DELETE', `/api/tokens/${created.body.id}`)).status).toBe(204);
    expect((await rt.request('GET', '/api/auth/me', { token: secret })).status).toBe(401);
    const listed = await rt.request<{ data: TokenBody[] }>('GET', '/api/tokens');
    expect(listed.body.data.find((t) => t.id === created.body.id)?.revokedAt).toBeTruthy();
    expect((await rt.request('DELETE', `/api/tokens/${crypto.randomUUID()}`)).status).toBe(404);

    const owner = await createUser(rt, { email: 'token.owner@example.com', roles: ['sales_rep'] });
    const theirs = await rt.request<TokenBody>('POST', '/api/tokens', { body: { name: 'theirs', user: owner.id, roles: ['sales_rep'] } });
    expect((await rt.request('GET', '/api/auth/me', { token: theirs.body.token ?? '' })).status).toBe(200);
    await rt.request('PATCH', `/api/users/${owner.id}`, { body: { disabled: true } });
    expect((await rt.request('GET', '/api/auth/me', { token: theirs.body.token ?? '' })).status).toBe(401);

    const actions = await rt.request<{ data: { action: string; target: { id: string } }[] }>('GET', '/api/audit?action=token.*&limit=100');
    expect(actions.body.data.filter((e) => e.target.id === created.body.id).map((e) => e.action)).toEqual(['token.revoke', 'token.create']);
  });

  it('honours expiresAt', async () => {
    const created = await rt.request<TokenBody>('POST', '/api/tokens', {
      body: { name: 'expiring', roles: ['sales_rep'], expiresAt: new Date(Date.now() + 60_000).toISOString() },
    });
    const secret = created.body.token ?? '';
    expect((await rt.request('GET', '/api/auth/me', { token: secret })).status).toBe(200);
    await rt.db.knex('api_tokens').where({ id: created.body.id }).update({ expires_at: new Date(Date.now() - 1000).toISOString() });
    expect((await rt.request('GET', '/api/auth/me', { token: secret })).status).toBe(401);
  });

  it('refuses bad input with 400 naming the field, and non-admins with 403', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ roles: ['sales_rep'] }, 'name'],
      [{ name: 'x', roles: [] }, 'roles'],
      [{ name: 'x', roles: ['overlord'] }, 'roles'],
      [{ name: 'x', roles: ['sales_rep'], user: crypto.randomUUID() }, 'user'],
      [{ name: 'x', roles: ['sales_rep'], expiresAt: '2001-01-01T00:00:00Z' }, 'expiresAt'],
      [{ name: 'x', roles: ['sales_rep'], secret: 'crm_pat_mine' }, 'secret'],
    ];
    for (const [body, field] of cases) {
      const res = await rt.request<ErrorBody>('POST', '/api/tokens', { body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(fieldsOf(res)).toEqual([field]);
    }
    const rep = await createUser(rt, { email: 'token.rep@example.com', roles: ['sales_rep'] });
    const token = await createSession(rt.db.knex, rep.id);
    expect((await rt.request('POST', '/api/tokens', { token, body: { name: 'mine', roles: ['admin'] } })).status).toBe(403);
    expect((await rt.request('GET', '/api/tokens', { token })).status).toBe(403);
    expect((await rt.request('GET', '/api/auth/me', { token: 'crm_pat_forged-token-value' })).status).toBe(401);
  });
});

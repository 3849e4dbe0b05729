import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoginResponse, MeResponse } from '@crm/schemas';
import { testDatabaseKinds } from '../db/test-database.js';
import { startTestRuntime, type TestRuntime } from '../testing/test-runtime.js';

/*
 * The session answers say whether the person may build (edit and publish the app), so the UI
 * offers the builder only to them: admins and holders of a builder role yes, a sales rep no; and
 * whether they are an admin, so the builder offers the admins' sections only to admins.
 */

describe.each(testDatabaseKinds())('canBuild in the session answers on %s', (kind) => {
  let rt: TestRuntime;

  beforeAll(async () => {
    rt = await startTestRuntime(kind, {
      app: {
        name: 'crm',
        entities: [{ name: 'deal', label: { ru: 'Сделка', en: 'Deal' }, fields: [{ name: 'title', type: 'text' }] }],
        roles: [
          { name: 'rep', entities: { deal: { read: 'own', create: 'own' } } },
          { name: 'analyst', builder: true },
          { name: 'owner', admin: true },
        ],
      },
    });
  });
  afterAll(async () => {
    await rt?.close();
  });

  async function signInAs(email: string, roles: string[]): Promise<LoginResponse> {
    const password = 'Can-build-or-not-42';
    const created = await rt.request('POST', '/api/users', { body: { email, name: email, password, roles } });
    expect(created.status).toBe(201);
    const login = await rt.request<LoginResponse>('POST', '/api/auth/login', { body: { email, password }, token: null });
    expect(login.status).toBe(200);
    return login.body;
  }

  it('is true for an admin and a builder role, false for a sales rep, on sign-in and on /me', async () => {
    const me = await rt.request<MeResponse>('GET', '/api/auth/me');
    expect(me.body.canBuild).toBe(true);
    const rep = await signInAs(`rep-${kind}@x.test`, ['rep']);
    expect(rep.canBuild).toBe(false);
    expect((await rt.request<MeResponse>('GET', '/api/auth/me', { token: rep.token })).body.canBuild).toBe(false);
    const analyst = await signInAs(`analyst-${kind}@x.test`, ['analyst']);
    expect(analyst.canBuild).toBe(true);
  });

  it('says whether the person is an admin (the admin role or one the definition marks admin), so the builder offers its admins’ sections', async () => {
    expect((await rt.request<MeResponse>('GET', '/api/auth/me')).body.isAdmin).toBe(true);
    const analyst = await signInAs(`analyst2-${kind}@x.test`, ['analyst']);
    expect(analyst.isAdmin).toBe(false);
    expect((await rt.request<MeResponse>('GET', '/api/auth/me', { token: analyst.token })).body.isAdmin).toBe(false);
    const owner = await signInAs(`owner-${kind}@x.test`, ['owner']);
    expect(owner.isAdmin).toBe(true);
    expect((await rt.request<MeResponse>('GET', '/api/auth/me', { token: owner.token })).body).toMatchObject({ canBuild: true, isAdmin: true });
  });
});

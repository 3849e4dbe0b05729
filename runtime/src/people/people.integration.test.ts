import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '@crm/schemas';
import { createSession } from '../auth/session.store.js';
import { createUser, fieldsOf, rowText, type ErrorBody, type UserBody } from '../auth/auth.test-support.js';
import { testDatabaseKinds } from '../db/test-database.js';
import { startTestRuntime, type TestRuntime } from '../testing/test-runtime.js';
import { findUserByEmail } from './users.repository.js';

interface TeamBody {
  id: string;
  name: string;
  manager: string | null;
  parent: string | null;
}

describe.each(testDatabaseKinds())('people API on %s', (kind) => {
  let rt: TestRuntime;
  let adminId: string;
  beforeAll(async () => {
    rt = await startTestRuntime(kind, { template: 'b2b-sales' });
    const me = await rt.request<{ user: { id: string } }>('GET', '/api/auth/me');
    adminId = me.body.user.id;
  });
  afterAll(async () => {
    await rt?.close();
  });

  async function sessionFor(email: string): Promise<string> {
    const row = await findUserByEmail(rt.db.knex, email);
    if (!row) throw new Error(`no user ${email}`);
    return createSession(rt.db.knex, row.id);
  }

  describe('users', () => {
    it('creates a user with roles, team, manager and attributes, never showing the password', async () => {
      const teams = await rt.request<{ data: TeamBody[] }>('GET', '/api/teams');
      const moscow = teams.body.data.find((t) => t.name === 'Продажи — Москва');
      const res = await rt.request<UserBody>('POST', '/api/users', {
        body: {
          email: ' New.Rep@Example.com ',
          name: 'Новый Менеджер',
          password: 'tangerine-walrus-harbour-3',
          roles: ['sales_rep'],
          team: moscow?.id,
          manager: adminId,
          attributes: { region: 'moscow' },
        },
      });
      expect(res.status).toBe(201);
      expect(Object.keys(res.body).sort()).toEqual(['attributes', 'createdAt', 'disabled', 'email', 'id', 'manager', 'name', 'roles', 'team']);
      expect(res.body).toMatchObject({
        email: 'new.rep@example.com',
        roles: ['sales_rep'],
        team: moscow?.id,
        manager: adminId,
        attributes: { region: 'moscow' },
        disabled: false,
      });
      expect(JSON.stringify(res.body)).not.toMatch(/scrypt|password/i);
      const login = await rt.request<{ user: { attributes: Record<string, unknown> } }>('POST', '/api/auth/login', {
        body: { email: 'new.rep@example.com', password: 'tangerine-walrus-harbour-3' },
        token: null,
      });
      expect(login.body.user.attributes).toEqual({ region: 'moscow' });
      const list = await rt.request<{ data: UserBody[] }>('GET', '/api/users?limit=500');
      expect(JSON.stringify(list.body)).not.toMatch(/scrypt|password_hash/);
    });

    it('refuses unknown roles, teams and managers with 400 naming each field', async () => {
      const res = await rt.request<ErrorBody>('POST', '/api/users', {
        body: { email: 'bad.refs@example.com', name: 'Bad', roles: ['sales_rep', 'overlord'], team: crypto.randomUUID(), manager: crypto.randomUUID() },
      });
      expect(res.status).toBe(400);
      expect(fieldsOf(res).sort()).toEqual(['manager', 'roles', 'team']);
      expect(await findUserByEmail(rt.db.knex, 'bad.refs@example.com')).toBeUndefined();
    });

    it('refuses mass assignment of id, password_hash, createdAt and other unknown keys, creating nobody', async () => {
      for (const extra of [{ id: crypto.randomUUID() }, { password_hash: 'scrypt$1$1$1$AA$AA' }, { createdAt: '2000-01-01' }, { disabled: true }, { is_admin: true }]) {
        const res = await rt.request<ErrorBody>('POST', '/api/users', { body: { email: 'mass@example.com', name: 'Mass', roles: [], ...extra } });
        expect(res.status).toBe(400);
        expect(fieldsOf(res)).toEqual(Object.keys(extra));
        expect(res.body.error.details[0]?.code).toBe('UNKNOWN_FIELD');
      }
      expect(await findUserByEmail(rt.db.knex, 'mass@example.com')).toBeUndefined();
    });

    it('answers a taken email (in any case) with 409 naming email', async () => {
      const res = await rt.request<ErrorBody>('POST', '/api/users', { body: { email: 'DMITRY.PETROV@example.com', name: 'Dup', roles: [] } });
      expect(res.status).toBe(409);
      expect(fieldsOf(res)).toEqual(['email']);
      const other = await createUser(rt, { email: 'renamer@example.com' });
      const patch = await rt.request<ErrorBody>('PATCH', `/api/users/${other.id}`, { body: { email: 'olga.smirnova@example.com' } });
      expect(patch.status).toBe(409);
      expect(fieldsOf(patch)).toEqual(['email']);
    });

    it('shows other people only {id, name, email, team} to non-admins, and the full record of oneself', async () => {
      const token = await sessionFor('dmitry.petrov@example.com');
      const list = await rt.request<{ data: Record<string, unknown>[] }>('GET', '/api/users?limit=500', { token });
      expect(list.status).toBe(200);
      expect(list.body.data.length).toBeGreaterThan(5);
      for (const user of list.body.data) expect(Object.keys(user).sort()).toEqual(['email', 'id', 'name', 'team']);
      const olga = list.body.data.find((u) => u['email'] === 'olga.smirnova@example.com');
      const other = await rt.request<Record<string, unknown>>('GET', `/api/users/${String(olga?.['id'])}`, { token });
      expect(Object.keys(other.body).sort()).toEqual(['email', 'id', 'name', 'team']);
      const self = await rt.request<UserBody>('GET', `/api/users/${(await findUserByEmail(rt.db.knex, 'dmitry.petrov@example.com'))?.id}`, { token });
      expect(self.body.roles).toEqual(['sales_rep']);
      expect((await rt.request('POST', '/api/users', { token, body: { email: 'x@example.com', name: 'X', roles: [] } })).status).toBe(403);
    });

    it('pages the user list with a cursor', async () => {
      const first = await rt.request<{ data: UserBody[]; nextCursor: string | null }>('GET', '/api/users?limit=3');
      expect(first.body.data).toHaveLength(3);
      expect(first.body.nextCursor).toBeTruthy();
      const second = await rt.request<{ data: UserBody[] }>('GET', `/api/users?limit=3&cursor=${first.body.nextCursor}`);
      expect((second.body.data[0]?.email ?? '') > (first.body.data[2]?.email ?? '')).toBe(true);
      expect((await rt.request('GET', '/api/users?limit=0')).status).toBe(400);
      expect(fieldsOf(await rt.request('GET', '/api/users?sort=email'))).toEqual(['sort']);
    });

    it('lets nobody change their own roles, team or manager, or disable themselves, leaving the row byte-for-byte unchanged', async () => {
      const rep = await findUserByEmail(rt.db.knex, 'maria.sokolova@example.com');
      if (!rep) throw new Error('template user missing');
      const token = await createSession(rt.db.knex, rep.id);
      const before = await rowText(rt.db.knex, 'users', rep.id);
      const attempts: [Record<string, unknown>, string[]][] = [
        [{ roles: ['admin'] }, ['roles']],
        [{ roles: ['sales_rep', 'head_of_sales'] }, ['roles']],
        [{ team: null }, ['team']],
        [{ manager: null }, ['manager']],
        [{ disabled: true }, ['disabled']],
        [{ name: 'Мария', roles: ['admin'] }, ['roles']],
        [{ attributes: { region: 'everywhere' } }, ['attributes']],
        [{ password: 'lilac-badger-canyon-8' }, ['password']],
      ];
      for (const [body, fields] of attempts) {
        const res = await rt.request<ErrorBody>('PATCH', `/api/users/${rep.id}`, { token, body });
        expect(res.status, JSON.stringify(body)).toBe(403);
        expect(fieldsOf(res)).toEqual(fields);
      }
      for (const body of [{ password_hash: 'x' }, { id: crypto.randomUUID() }, { createdAt: '2000-01-01T00:00:00Z' }, { version: 2 }]) {
        const res = await rt.request<ErrorBody>('PATCH', `/api/users/${rep.id}`, { token, body });
        expect(res.status).toBe(400);
        expect(fieldsOf(res)).toEqual(Object.keys(body));
      }
      expect(await rowText(rt.db.knex, 'users', rep.id)).toBe(before);
      const me = await rt.request<{ user: { roles: string[] } }>('GET', '/api/auth/me', { token });
      expect(me.body.user.roles).toEqual(['sales_rep']);

      const renamed = await rt.request<UserBody>('PATCH', `/api/users/${rep.id}`, { token, body: { name: 'Мария С.' } });
      expect(renamed.status).toBe(200);
      expect(renamed.body.name).toBe('Мария С.');
    });

    it('refuses a non-admin changing someone else, leaving the row unchanged', async () => {
      const token = await sessionFor('alexey.ivanov@example.com');
      const target = await findUserByEmail(rt.db.knex, 'elena.morozova@example.com');
      if (!target) throw new Error('template user missing');
      const before = await rowText(rt.db.knex, 'users', target.id);
      const res = await rt.request<ErrorBody>('PATCH', `/api/users/${target.id}`, { token, body: { name: 'Elena' } });
      expect(res.status).toBe(403);
      expect(res.body.error.details[0]?.code).toBe('ADMIN_ONLY');
      expect(await rowText(rt.db.knex, 'users', target.id)).toBe(before);
    });

    it('holds admins to the same rule about themselves', async () => {
      const before = await rowText(rt.db.knex, 'users', adminId);
      for (const [body, field] of [
        [{ roles: ['sales_rep'] }, 'roles'],
        [{ disabled: true }, 'disabled'],
        [{ team: null }, 'team'],
        [{ manager: null }, 'manager'],
      ] as const) {
        const res = await rt.request<ErrorBody>('PATCH', `/api/users/${adminId}`, { body });
        expect(res.status).toBe(403);
        expect(fieldsOf(res)).toEqual([field]);
      }
      expect(await rowText(rt.db.knex, 'users', adminId)).toBe(before);
    });

    it('applies a role change on the very next request, and audits old and new roles', async () => {
      const user = await createUser(rt, { email: 'promoted@example.com', roles: ['sales_rep'] });
      const token = await createSession(rt.db.knex, user.id);
      expect((await rt.request('GET', '/api/audit', { token })).status).toBe(403);
      expect((await rt.request('PATCH', `/api/users/${user.id}`, { body: { roles: ['sales_rep', 'admin'] } })).status).toBe(200);
      expect((await rt.request('GET', '/api/audit', { token })).status).toBe(200);
      expect((await rt.request('PATCH', `/api/users/${user.id}`, { body: { roles: ['sales_rep'] } })).status).toBe(200);
      expect((await rt.request('GET', '/api/audit', { token })).status).toBe(403);

      const audit = await rt.request<{ data: { action: string; target: { id: string }; details: Record<string, unknown> }[] }>(
        'GET',
        '/api/audit?action=user.update&limit=10',
      );
      const entries = audit.body.data.filter((e) => e.target.id === user.id);
      expect(entries[0]?.details).toMatchObject({ changed: ['roles'], roles: { old: ['sales_rep', 'admin'], new: ['sales_rep'] } });
      expect(entries[1]?.details).toMatchObject({ changed: ['roles'], roles: { old: ['sales_rep'], new: ['sales_rep', 'admin'] } });
    });

    it('treats any role marked admin in the live definition as admin', async () => {
      const live = await rt.request<App>('GET', '/api/definitions/live');
      const app: App = { ...live.body, roles: [...(live.body.roles ?? []), { name: 'it_admin', admin: true }] };
      expect((await rt.request('PUT', '/api/definitions/draft', { body: app })).status).toBe(200);
      expect((await rt.request('POST', '/api/definitions/publish', { body: { note: 'it admins' } })).status).toBe(200);
      const itAdmin = await createUser(rt, { email: 'it@example.com', roles: ['it_admin'] });
      const token = await createSession(rt.db.knex, itAdmin.id);
      const made = await rt.request<UserBody>('POST', '/api/users', { token, body: { email: 'by.it@example.com', name: 'By IT', roles: ['sales_rep'] } });
      expect(made.status).toBe(201);
      const full = await rt.request<{ data: Record<string, unknown>[] }>('GET', '/api/users', { token });
      expect(Object.keys(full.body.data[0] ?? {})).toContain('roles');
    });

    it('refuses a manager chain that loops', async () => {
      const a = await createUser(rt, { email: 'chain.a@example.com' });
      const b = await createUser(rt, { email: 'chain.b@example.com', manager: a.id });
      const c = await createUser(rt, { email: 'chain.c@example.com', manager: b.id });
      const before = await rowText(rt.db.knex, 'users', a.id);
      for (const manager of [c.id, a.id]) {
        const res = await rt.request<ErrorBody>('PATCH', `/api/users/${a.id}`, { body: { manager } });
        expect(res.status).toBe(400);
        expect(fieldsOf(res)).toEqual(['manager']);
      }
      expect(await rowText(rt.db.knex, 'users', a.id)).toBe(before);
    });
  });

  describe('teams', () => {
    it('creates teams in a hierarchy and refuses a parent cycle with 400 naming parent', async () => {
      const top = await rt.request<TeamBody>('POST', '/api/teams', { body: { name: 'Север', manager: adminId } });
      expect(top.status).toBe(201);
      expect(top.body).toMatchObject({ name: 'Север', manager: adminId, parent: null });
      const mid = await rt.request<TeamBody>('POST', '/api/teams', { body: { name: 'Север — Мурманск', parent: top.body.id } });
      const leaf = await rt.request<TeamBody>('POST', '/api/teams', { body: { name: 'Север — Мурманск — порт', parent: mid.body.id } });
      expect(leaf.body.parent).toBe(mid.body.id);

      const before = await rowText(rt.db.knex, 'teams', top.body.id);
      for (const parent of [leaf.body.id, mid.body.id, top.body.id]) {
        const res = await rt.request<ErrorBody>('PATCH', `/api/teams/${top.body.id}`, { body: { parent } });
        expect(res.status).toBe(400);
        expect(fieldsOf(res)).toEqual(['parent']);
        expect(res.body.error.details[0]?.code).toBe('PARENT_CYCLE');
      }
      expect(await rowText(rt.db.knex, 'teams', top.body.id)).toBe(before);

      const moved = await rt.request<TeamBody>('PATCH', `/api/teams/${leaf.body.id}`, { body: { parent: top.body.id } });
      expect(moved.status).toBe(200);
      expect(moved.body.parent).toBe(top.body.id);
    });

    it('refuses a taken name (409), unknown references and unknown keys (400)', async () => {
      const dup = await rt.request<ErrorBody>('POST', '/api/teams', { body: { name: 'Продажи' } });
      expect(dup.status).toBe(409);
      expect(fieldsOf(dup)).toEqual(['name']);
      const refs = await rt.request<ErrorBody>('POST', '/api/teams', { body: { name: 'Призраки', parent: crypto.randomUUID(), manager: crypto.randomUUID() } });
      expect(refs.status).toBe(400);
      expect(fieldsOf(refs).sort()).toEqual(['manager', 'parent']);
      const extra = await rt.request<ErrorBody>('POST', '/api/teams', { body: { name: 'Лишнее', id: crypto.randomUUID() } });
      expect(extra.status).toBe(400);
      expect(fieldsOf(extra)).toEqual(['id']);
      const teams = await rt.request<{ data: TeamBody[] }>('GET', '/api/teams');
      expect(teams.body.data.map((t) => t.name)).not.toContain('Призраки');
    });

    it('lets every signed-in person read teams but only admins change them', async () => {
      const token = await sessionFor('igor.volkov@example.com');
      const teams = await rt.request<{ data: TeamBody[] }>('GET', '/api/teams', { token });
      expect(teams.status).toBe(200);
      const moscow = teams.body.data.find((t) => t.name === 'Продажи — Москва');
      if (!moscow) throw new Error('template team missing');
      const before = await rowText(rt.db.knex, 'teams', moscow.id);
      expect((await rt.request('PATCH', `/api/teams/${moscow.id}`, { token, body: { parent: null } })).status).toBe(403);
      expect((await rt.request('POST', '/api/teams', { token, body: { name: 'Мой отдел' } })).status).toBe(403);
      expect(await rowText(rt.db.knex, 'teams', moscow.id)).toBe(before);
      expect((await rt.request('GET', '/api/teams', { token: null })).status).toBe(401);
    });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Knex } from 'knex';
import { createSession } from '../auth/session.store.js';
import { createUser, fieldsOf, login, type ErrorBody } from '../auth/auth.test-support.js';
import { openPostgres } from '../db/database.factory.js';
import { testDatabaseKinds } from '../db/test-database.js';
import { startTestRuntime, TEST_ADMIN_PASSWORD, type TestRuntime } from '../testing/test-runtime.js';
import { appendAuditEntry } from './audit.log.js';

interface Entry {
  id: number;
  at: string;
  actor: { id: string | null; email: string | null };
  action: string;
  target: { type: string | null; id: string | null; name: string | null };
  outcome: string;
  ip: string | null;
  requestId: string | null;
  details: Record<string, unknown>;
  prevHash: string;
  hash: string;
}

interface Page {
  data: Entry[];
  nextCursor: string | null;
}

type Verification = { ok: true; entries: number; head: { id: number; hash: string } } | { ok: false; brokenAt: number; reason: string };

const PASSWORD = 'mauve-otter-basalt-91';

/** The row as stored, `at` as exact text, to put it back after a tampering test. */
async function rawRow(knex: Knex, id: number): Promise<Record<string, unknown>> {
  const result = await knex.raw(`SELECT *, at::text AS at_text FROM audit_log WHERE id = ?`, [id]);
  const row: unknown = result.rows?.[0];
  if (typeof row !== 'object' || row === null) throw new Error(`no audit row ${id}`);
  return Object.fromEntries(Object.entries(row));
}

async function restoreRow(knex: Knex, row: Record<string, unknown>): Promise<void> {
  const { at_text: atText, details, ...rest } = row;
  await knex('audit_log').where({ id: row['id'] }).delete();
  await knex('audit_log').insert({ ...rest, at: atText, details: JSON.stringify(details) });
}

describe.each(testDatabaseKinds())('audit log on %s', (kind) => {
  let rt: TestRuntime;
  let adminId: string;
  beforeAll(async () => {
    rt = await startTestRuntime(kind, { template: 'b2b-sales' });
    adminId = (await rt.request<{ user: { id: string } }>('GET', '/api/auth/me')).body.user.id;
  });
  afterAll(async () => {
    await rt?.close();
  });

  async function verify(): Promise<Verification> {
    const res = await rt.request<Verification>('GET', '/api/audit/verify');
    expect(res.status).toBe(200);
    return res.body;
  }

  it('records sign-ins, failed sign-ins (the email, never the password) and sign-outs', async () => {
    const user = await createUser(rt, { email: 'audited@example.com', password: PASSWORD });
    const ok = await login(rt, 'audited@example.com', PASSWORD);
    expect((await login(rt, 'audited@example.com', 'secret-guess-123')).status).toBe(401);
    expect((await login(rt, 'nobody-here@example.com', 'secret-guess-456')).status).toBe(401);
    expect((await rt.request('POST', '/api/auth/logout', { token: ok.body.token })).status).toBe(204);

    const page = await rt.request<Page>('GET', '/api/audit?action=auth.*&limit=20');
    const actions = page.body.data.map((e) => e.action);
    expect(actions.slice(0, 4)).toEqual(['auth.logout', 'auth.login.failed', 'auth.login.failed', 'auth.login']);
    const [logout, unknown, wrong, signIn] = page.body.data;
    expect(signIn).toMatchObject({ actor: { id: user.id, email: 'audited@example.com' }, outcome: 'success', ip: '127.0.0.1' });
    expect(signIn?.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(wrong).toMatchObject({ outcome: 'failure', actor: { id: user.id }, details: { email: 'audited@example.com', reason: 'wrong-password' } });
    expect(unknown).toMatchObject({ outcome: 'failure', actor: { id: null }, details: { email: 'nobody-here@example.com', reason: 'unknown-email' } });
    expect(logout).toMatchObject({ actor: { id: user.id } });
    expect(JSON.stringify(page.body)).not.toContain('secret-guess');
    expect(JSON.stringify(page.body)).not.toContain(PASSWORD);
  });

  it('records every 403 centrally, with method, path, code and details', async () => {
    const rep = await createUser(rt, { email: 'denied@example.com', roles: ['sales_rep'] });
    const token = await createSession(rt.db.knex, rep.id);
    expect((await rt.request('GET', '/api/audit', { token })).status).toBe(403);
    expect((await rt.request('PATCH', `/api/users/${rep.id}`, { token, body: { roles: ['admin'] } })).status).toBe(403);
    expect((await rt.request('PUT', '/api/definitions/draft', { token, body: {} })).status).toBe(403);

    const page = await rt.request<Page>(`GET`, `/api/audit?action=access.denied&actor=${rep.id}`);
    expect(page.body.data.map((e) => e.details['path'])).toEqual(['/api/definitions/draft', `/api/users/${rep.id}`, '/api/audit']);
    const [, selfRoles] = page.body.data;
    expect(selfRoles).toMatchObject({
      outcome: 'denied',
      actor: { id: rep.id, email: 'denied@example.com' },
      target: { type: 'endpoint', id: `PATCH /api/users/${rep.id}` },
      details: { method: 'PATCH', code: 'FORBIDDEN', details: [{ code: 'SELF_CHANGE_FORBIDDEN', field: 'roles' }] },
    });
    const byEmail = await rt.request<Page>('GET', '/api/audit?action=access.denied&actor=Denied@Example.com');
    expect(byEmail.body.data).toHaveLength(3);
  });

  it('records user, team, token and definition changes', async () => {
    const user = await createUser(rt, { email: 'changes@example.com', roles: ['sales_rep'] });
    await rt.request('PATCH', `/api/users/${user.id}`, { body: { roles: ['head_of_sales'], name: 'Changed' } });
    await rt.request('PATCH', `/api/users/${user.id}`, { body: { disabled: true } });
    const team = await rt.request<{ id: string }>('POST', '/api/teams', { body: { name: 'Аудит' } });
    await rt.request('PATCH', `/api/teams/${team.body.id}`, { body: { manager: adminId } });
    const token = await rt.request<{ id: string }>('POST', '/api/tokens', { body: { name: 'audited token', roles: ['sales_rep'] } });
    await rt.request('DELETE', `/api/tokens/${token.body.id}`);
    // A publish needs a change (the same definition again is NOTHING_TO_PUBLISH): a new label will do.
    const live = await rt.request<{ label?: unknown }>('GET', '/api/definitions/live');
    expect((await rt.request('PUT', '/api/definitions/draft', { body: { ...live.body, label: { en: 'Audited', ru: 'Аудит' } } })).status).toBe(200);
    const publish = await rt.request<{ version: number }>('POST', '/api/definitions/publish', { body: { note: 'same again' } });
    expect(publish.status).toBe(200);
    const rollback = await rt.request<{ version: number }>('POST', '/api/definitions/rollback', { body: { version: 1 } });
    expect(rollback.status).toBe(200);

    const page = await rt.request<Page>('GET', '/api/audit?limit=12');
    const byAction = new Map(page.body.data.map((e) => [e.action, e]));
    expect(byAction.get('user.create')).toMatchObject({ target: { type: 'user', id: user.id }, actor: { id: adminId } });
    expect(byAction.get('user.update')?.details).toMatchObject({ changed: ['name', 'roles'], roles: { old: ['sales_rep'], new: ['head_of_sales'] } });
    expect(byAction.get('user.disable')?.details).toMatchObject({ changed: ['disabled'] });
    expect(byAction.get('team.create')).toMatchObject({ target: { type: 'team', name: 'Аудит' } });
    expect(byAction.get('team.update')?.details).toMatchObject({ changed: ['manager'], manager: { old: null, new: adminId } });
    expect(byAction.get('token.create')).toMatchObject({ target: { type: 'api_token', id: token.body.id }, details: { roles: ['sales_rep'] } });
    expect(byAction.get('token.revoke')).toMatchObject({ target: { id: token.body.id } });
    expect(byAction.get('definition.publish')).toMatchObject({ details: { version: publish.body.version, note: 'same again' } });
    expect(byAction.get('definition.rollback')).toMatchObject({ details: { version: rollback.body.version, fromVersion: 1 } });
    expect(JSON.stringify(page.body)).not.toContain('crm_pat_');
  });

  it('filters by action, actor, outcome and time, pages newest first, and checks its parameters', async () => {
    const all: Entry[] = [];
    let cursor: string | null = null;
    do {
      const res: { body: Page } = await rt.request<Page>('GET', `/api/audit?limit=7${cursor ? `&cursor=${cursor}` : ''}`);
      all.push(...res.body.data);
      cursor = res.body.nextCursor;
    } while (cursor);
    const ids = all.map((e) => e.id);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    expect(new Set(ids).size).toBe(ids.length);
    const count = await rt.db.knex('audit_log').count({ n: '*' }).first();
    expect(ids.length).toBe(Number(count?.n));

    const failures = await rt.request<Page>('GET', '/api/audit?outcome=failure&limit=500');
    expect(failures.body.data.length).toBeGreaterThan(0);
    expect(failures.body.data.every((e) => e.outcome === 'failure')).toBe(true);
    const mine = await rt.request<Page>(`GET`, `/api/audit?actor=${adminId}&action=user.create&limit=500`);
    expect(mine.body.data.every((e) => e.actor.id === adminId && e.action === 'user.create')).toBe(true);

    const middle = all[Math.floor(all.length / 2)];
    if (!middle) throw new Error('no entries');
    const before = await rt.request<Page>('GET', `/api/audit?to=${encodeURIComponent(middle.at)}&limit=500`);
    expect(before.body.data.every((e) => Date.parse(e.at) <= Date.parse(middle.at))).toBe(true);
    expect(before.body.data.map((e) => e.id)).toContain(middle.id);
    const future = await rt.request<Page>('GET', `/api/audit?from=${encodeURIComponent(new Date(Date.now() + 3_600_000).toISOString())}`);
    expect(future.body.data).toEqual([]);

    for (const [query, field] of [
      ['outcome=maybe', 'outcome'],
      ['from=yesterday', 'from'],
      ['limit=100000', 'limit'],
      ['cursor=bogus', 'cursor'],
      ['user=me', 'user'],
    ]) {
      const res = await rt.request<ErrorBody>('GET', `/api/audit?${query}`);
      expect(res.status, query).toBe(400);
      expect(fieldsOf(res)).toEqual([field]);
    }
  });

  it('verifies an intact chain', async () => {
    const result = await verify();
    const count = await rt.db.knex('audit_log').count({ n: '*' }).first();
    expect(result).toMatchObject({ ok: true, entries: Number(count?.n) });
    const head = await rt.db.knex('audit_head').first();
    if (!result.ok) throw new Error('expected ok');
    expect(result.head).toEqual({ id: Number(head.last_id), hash: head.last_hash });
  });

  it('detects an entry whose details were edited in SQL', async () => {
    const target = 3;
    const original = await rawRow(rt.db.knex, target);
    await rt.db.knex.raw(`UPDATE audit_log SET details = jsonb_set(details, '{edited}', 'true') WHERE id = ?`, [target]);
    expect(await verify()).toMatchObject({ ok: false, brokenAt: target, reason: expect.stringMatching(/changed/) });
    await restoreRow(rt.db.knex, original);
    expect((await verify()).ok).toBe(true);
  });

  it('detects an edit below a millisecond, and an edit whose hash was recomputed', async () => {
    const target = 4;
    const original = await rawRow(rt.db.knex, target);
    await rt.db.knex.raw(`UPDATE audit_log SET at = at + interval '1 microsecond' WHERE id = ?`, [target]);
    expect(await verify()).toMatchObject({ ok: false, brokenAt: target });
    await restoreRow(rt.db.knex, original);
    // Re-hashing the edited entry does not help: the next entry still links to the old hash.
    await rt.db.knex.raw(`UPDATE audit_log SET outcome = 'success', hash = md5(hash) || md5(hash) WHERE id = ?`, [target]);
    expect(await verify()).toMatchObject({ ok: false });
    await restoreRow(rt.db.knex, original);
    expect((await verify()).ok).toBe(true);
  });

  it('detects a deleted middle entry and a deleted last entry', async () => {
    const middle = await rawRow(rt.db.knex, 5);
    await rt.db.knex('audit_log').where({ id: 5 }).delete();
    expect(await verify()).toMatchObject({ ok: false, brokenAt: 5, reason: expect.stringMatching(/missing/) });
    await restoreRow(rt.db.knex, middle);
    expect((await verify()).ok).toBe(true);

    const head = await rt.db.knex('audit_head').first();
    const lastId = Number(head.last_id);
    const last = await rawRow(rt.db.knex, lastId);
    await rt.db.knex('audit_log').where({ id: lastId }).delete();
    expect(await verify()).toMatchObject({ ok: false, brokenAt: lastId, reason: expect.stringMatching(/removed from the end/) });
    await restoreRow(rt.db.knex, last);
    expect((await verify()).ok).toBe(true);
  });

  it('keeps the chain linear under parallel appends, and an append rolled back with its transaction leaves no trace', async () => {
    const before = await verify();
    if (!before.ok) throw new Error('chain broken before the test');
    const rep = await createUser(rt, { email: 'parallel.denied@example.com', roles: ['sales_rep'] });
    const token = await createSession(rt.db.knex, rep.id);
    const denied = await Promise.all(Array.from({ length: 12 }, () => rt.request('GET', '/api/audit', { token })));
    expect(denied.every((r) => r.status === 403)).toBe(true);

    await expect(
      rt.db.knex.transaction(async (trx) => {
        await appendAuditEntry(trx, { action: 'test.rolled_back' });
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    const after = await verify();
    // One user.create and twelve denials; nothing of the rolled-back transaction.
    expect(after).toMatchObject({ ok: true, entries: before.entries + 13 });
    const rolledBack = await rt.request<Page>('GET', '/api/audit?action=test.rolled_back');
    expect(rolledBack.body.data).toEqual([]);
  });

  it.runIf(kind === 'postgres')('keeps one linear chain when two runtime processes append at once', async () => {
    const url = rt.db.url;
    if (!url) throw new Error('the PostgreSQL test database has a url');
    const other = await openPostgres(url, 4);
    try {
      const before = await verify();
      if (!before.ok) throw new Error('chain broken before the test');
      await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          appendAuditEntry(i % 2 === 0 ? rt.db.knex : other.knex, { action: 'test.concurrent', details: { i } }),
        ),
      );
      expect(await verify()).toMatchObject({ ok: true, entries: before.entries + 40 });
    } finally {
      await other.close();
    }
  });

  it('is for admins only', async () => {
    const rep = await createUser(rt, { email: 'curious@example.com', roles: ['head_of_sales'] });
    const token = await createSession(rt.db.knex, rep.id);
    expect((await rt.request('GET', '/api/audit/verify', { token })).status).toBe(403);
    expect((await rt.request('GET', '/api/audit', { token: null })).status).toBe(401);
    const adminLogin = await login(rt, 'admin@example.com', TEST_ADMIN_PASSWORD);
    expect((await rt.request('GET', '/api/audit/verify', { token: adminLogin.body.token })).status).toBe(200);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../db/test-database.js';
import { createRecord, signInNewUser, type ErrorBody, type RecordBody } from '../records/records.test-support.js';
import { startTestRuntime, type TestRuntime } from '../testing/test-runtime.js';
import { accessTestApp } from './access-test.fixtures.js';
import type { AccessExplanation } from './access.explainer.js';

/* GET /api/access/explain (admins only) and GET /api/access/me over HTTP. */

const MISSING_ID = '00000000-0000-4000-8000-00000000dead';

describe.each(testDatabaseKinds())('/api/access on %s', (kind) => {
  let rt: TestRuntime;
  let rep: { id: string; token: string };
  let mate: { id: string; token: string };
  let boss: { id: string; token: string };
  let ghost: { id: string; token: string };
  let own: RecordBody;
  let other: RecordBody;

  const explainPath = (user: string, entity: string, id: string) => `/api/access/explain?user=${user}&entity=${entity}&id=${id}`;

  beforeAll(async () => {
    rt = await startTestRuntime(kind, { app: accessTestApp() });
    const [parent] = await rt.db.knex('teams').insert({ name: 'Parent' }).returning<{ id: string }[]>('id');
    const [child] = await rt.db.knex('teams').insert({ name: 'Child', parent_id: parent?.id }).returning<{ id: string }[]>('id');
    rep = await signInNewUser(rt, `rep-${kind}@x.test`, 'Rep', { roles: ['rep'], teamId: child?.id ?? null });
    mate = await signInNewUser(rt, `mate-${kind}@x.test`, 'Mate', { roles: ['rep'], teamId: child?.id ?? null });
    boss = await signInNewUser(rt, `boss-${kind}@x.test`, 'Boss', { roles: ['boss'], teamId: parent?.id ?? null });
    ghost = await signInNewUser(rt, `ghost-${kind}@x.test`, 'Ghost', { roles: ['rep', 'retired_role'] });
    own = await createRecord(rt, 'deal', { title: 'own', owner: rep.id });
    other = await createRecord(rt, 'deal', { title: 'other', owner: mate.id });
  });
  afterAll(async () => {
    await rt?.close();
  });

  it('is for admins only', async () => {
    const res = await rt.request<ErrorBody>('GET', explainPath(rep.id, 'deal', own.id), { token: rep.token });
    expect(res.status).toBe(403);
    expect((await rt.request('GET', explainPath(rep.id, 'deal', own.id), { token: null })).status).toBe(401);
  });

  it('names the parameter that is missing, malformed or points at nothing', async () => {
    const cases: Array<[string, number, string]> = [
      [`/api/access/explain?entity=deal&id=${own.id}`, 400, 'user'],
      [explainPath('not-a-uuid', 'deal', own.id), 400, 'user'],
      [explainPath(rep.id, 'Deal;drop', own.id), 400, 'entity'],
      [explainPath(rep.id, 'deal', 'x'), 400, 'id'],
      [explainPath(MISSING_ID, 'deal', own.id), 404, 'user'],
      [explainPath(rep.id, 'invoice', own.id), 404, 'entity'],
      [explainPath(rep.id, 'deal', MISSING_ID), 404, 'id'],
    ];
    for (const [path, status, field] of cases) {
      const res = await rt.request<ErrorBody>('GET', path);
      expect(res.status, path).toBe(status);
      expect(res.body.error.details[0]?.['field'], path).toBe(field);
    }
  });

  it('explains scopes: own allows the owner, team and subtree reach the teams, and says what denies', async () => {
    const mine = await rt.request<AccessExplanation>('GET', explainPath(rep.id, 'deal', own.id));
    expect(mine.body.read).toMatchObject({ allowed: true, decidedBy: [{ role: 'rep', scope: 'own' }] });
    expect(mine.body.update.allowed).toBe(true);
    expect(mine.body.delete.allowed).toBe(false);
    expect(mine.body.delete.reason.en).toMatch(/^Denied/);
    expect(mine.body.delete.reason.ru).toMatch(/^Запрещено/);
    expect(mine.body.fields['margin']).toEqual({ access: 'hidden', grantedBy: [], sources: [{ role: 'rep', access: 'hidden', source: 'grant' }] });
    expect(mine.body.fields['title']).toMatchObject({ access: 'write', grantedBy: ['rep'] });
    expect(mine.body.fields['owner']).toMatchObject({ access: 'read' });

    const theirs = await rt.request<AccessExplanation>('GET', explainPath(rep.id, 'deal', other.id));
    expect(theirs.body.read).toMatchObject({ allowed: false, decidedBy: [], checked: [{ role: 'rep', scope: 'own', matched: false }] });
    expect(theirs.body.read.reason.en).toContain('records they own');

    const boss_ = await rt.request<AccessExplanation>('GET', explainPath(boss.id, 'deal', other.id));
    expect(boss_.body.delete).toMatchObject({ allowed: true, decidedBy: [{ role: 'boss', scope: 'subtree' }] });
    expect(boss_.body.delete.reason.en).toContain('the teams below');
  });

  it('says when admin decides, and which roles grant nothing', async () => {
    const admin = await rt.request<{ user: { id: string } }>('GET', '/api/auth/me');
    const res = await rt.request<AccessExplanation>('GET', explainPath(admin.body.user.id, 'deal', other.id));
    expect(res.body.update).toMatchObject({ allowed: true, decidedBy: [{ role: 'admin', admin: true }] });
    const ghostly = await rt.request<AccessExplanation>('GET', explainPath(ghost.id, 'deal', own.id));
    expect(ghostly.body.unknownRoles).toEqual(['retired_role']);
    expect(ghostly.body.read.allowed).toBe(false);
  });

  it('denies everything to a disabled account and says so', async () => {
    await rt.db.knex('users').where({ id: mate.id }).update({ disabled: true });
    try {
      const res = await rt.request<AccessExplanation>('GET', explainPath(mate.id, 'deal', other.id));
      expect(res.body.user.disabled).toBe(true);
      expect([res.body.read.allowed, res.body.update.allowed, res.body.delete.allowed]).toEqual([false, false, false]);
      expect(res.body.read.reason.en).toContain('disabled');
    } finally {
      await rt.db.knex('users').where({ id: mate.id }).update({ disabled: false });
    }
  });

  it('tells a person their own access to an entity, without hidden fields', async () => {
    const res = await rt.request<{ operations: Record<string, { allowed: boolean; scope: string }>; changeOwner: boolean; fields: Record<string, string> }>(
      'GET',
      '/api/access/me?entity=deal',
      { token: rep.token },
    );
    expect(res.status).toBe(200);
    expect(res.body.operations['read']).toEqual({ allowed: true, scope: 'own' });
    expect(res.body.operations['delete']).toEqual({ allowed: false, scope: 'none' });
    expect(res.body.changeOwner).toBe(false);
    expect(res.body.fields).toMatchObject({ title: 'write', region: 'read', owner: 'read' });
    expect('margin' in res.body.fields).toBe(false);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessTestApp } from '../access/access-test.fixtures.js';
import { testDatabaseKinds } from '../db/test-database.js';
import { signInNewUser } from '../records/records.test-support.js';
import { startTestRuntime, type TestRuntime } from '../testing/test-runtime.js';
import type { SavedView } from '@crm/schemas';

/* /api/saved-views: personal and shared list views. */

interface ErrorBody {
  error: { code: string; details: Array<{ field?: string; code?: string }> };
}

describe.each(testDatabaseKinds())('saved views on %s', (kind) => {
  let rt: TestRuntime;
  let rep: { id: string; token: string };
  let colleague: { id: string; token: string };
  let outsider: { id: string; token: string };

  beforeAll(async () => {
    rt = await startTestRuntime(kind, { app: accessTestApp() });
    rep = await signInNewUser(rt, `sv-rep-${kind}@x.test`, 'Rep', { roles: ['rep'] });
    colleague = await signInNewUser(rt, `sv-col-${kind}@x.test`, 'Colleague', { roles: ['analyst'] });
    outsider = await signInNewUser(rt, `sv-out-${kind}@x.test`, 'Outsider', { roles: ['outsider'] });
  });
  afterAll(async () => {
    await rt?.close();
  });

  const save = (token: string, body: Record<string, unknown>) => rt.request<SavedView>('POST', '/api/saved-views', { token, body });
  const list = (token: string, entity = 'deal') => rt.request<{ data: SavedView[] }>('GET', `/api/saved-views?entity=${entity}`, { token });

  it('keeps a personal view to its author and shows a shared one to everyone who reads the entity', async () => {
    const personal = await save(rep.token, { entity: 'deal', name: 'Big ones', columns: ['title', 'amount'], filter: { field: 'amount', op: 'gt', value: 1000 }, sort: [{ field: 'amount', dir: 'desc' }] });
    expect(personal.status).toBe(201);
    expect(personal.body).toMatchObject({ name: 'Big ones', shared: false, editable: true, columns: ['title', 'amount'], sort: [{ field: 'amount', dir: 'desc' }], q: null, owner: { id: rep.id, name: 'Rep' } });
    const shared = await save(rep.token, { entity: 'deal', name: 'Team view', shared: true, q: 'acme' });
    expect(shared.status).toBe(201);

    expect((await list(rep.token)).body.data.map((v) => v.name)).toEqual(['Big ones', 'Team view']);
    const seen = (await list(colleague.token)).body.data;
    expect(seen.map((v) => [v.name, v.editable])).toEqual([['Team view', false]]);
    expect((await list(outsider.token)).status).toBe(403);
  });

  it('lets only the author (or an admin) change or delete a view', async () => {
    const view = (await save(rep.token, { entity: 'deal', name: 'Mine', shared: true })).body;
    const byOther = await rt.request<ErrorBody>('PATCH', `/api/saved-views/${view.id}`, { token: colleague.token, body: { name: 'Hijacked' } });
    expect(byOther.status).toBe(403);
    expect((await rt.request('DELETE', `/api/saved-views/${view.id}`, { token: colleague.token })).status).toBe(403);

    const renamed = await rt.request<SavedView>('PATCH', `/api/saved-views/${view.id}`, { token: rep.token, body: { name: 'Renamed', shared: false } });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ name: 'Renamed', shared: false });
    // Unshared, it is no longer the colleague's to see at all.
    expect((await rt.request('PATCH', `/api/saved-views/${view.id}`, { token: colleague.token, body: { name: 'x' } })).status).toBe(404);

    const byAdmin = await rt.request<SavedView>('PATCH', `/api/saved-views/${view.id}`, { body: { name: 'Tidied by admin' } });
    expect(byAdmin.status).toBe(200);
    expect((await rt.request('DELETE', `/api/saved-views/${view.id}`, { token: rep.token })).status).toBe(204);
    expect((await rt.request('DELETE', `/api/saved-views/${view.id}`, { token: rep.token })).status).toBe(404);
  });

  it('refuses hidden fields in columns, sort and filter, naming each input', async () => {
    const res = await rt.request<ErrorBody>('POST', '/api/saved-views', {
      token: rep.token,
      body: { entity: 'deal', name: '', columns: ['title', 'margin'], sort: [{ field: 'internal', dir: 'asc' }], filter: { field: 'margin', op: 'gt', value: 1 } },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(res.body.error.details.map((d) => d.field).sort()).toEqual(['columns', 'filter', 'name', 'sort']);
  });

  it('refuses an entity the caller may not read', async () => {
    const res = await save(outsider.token, { entity: 'deal', name: 'Nope' });
    expect(res.status).toBe(400);
    expect((await rt.request('GET', '/api/saved-views', { token: rep.token })).status).toBe(400);
  });
});

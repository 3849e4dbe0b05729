import type { App, Entity } from '@crm/schemas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../db/test-database.js';
import { createRecord, signInNewUser, type ListBody } from '../records/records.test-support.js';
import { startTestRuntime, type TestRuntime } from '../testing/test-runtime.js';
import { accessTestApp } from './access-test.fixtures.js';

/*
 * An entity dropped and recreated under the same name is a new entity (a new stable id): a role's
 * create/read/update/delete scopes written for the old one must not carry over to it. They grant
 * nothing until written again (issue 11, item 9), as field grants already do.
 */

function memoEntity(id: string): Entity {
  return {
    id,
    name: 'memo',
    label: { en: 'Memo', ru: 'Заметка' },
    display: 'title',
    fields: [{ id: `${id}_title`, name: 'title', type: 'text', required: true }],
  };
}

describe.each(testDatabaseKinds())('entity permissions of a recreated entity on %s', (kind) => {
  let rt: TestRuntime;
  let analyst: { id: string; token: string };

  async function publish(change: (app: App) => void): Promise<void> {
    const live = await rt.request<App>('GET', '/api/definitions/live');
    const app = live.body;
    change(app);
    const put = await rt.request('PUT', '/api/definitions/draft', { body: app });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    const plan = await rt.request<{ plan: Array<{ id: string; destructive: boolean }> }>('POST', '/api/definitions/publish?dryRun=1', { body: {} });
    const confirm = plan.body.plan.filter((s) => s.destructive).map((s) => s.id);
    const res = await rt.request('POST', '/api/definitions/publish', { body: { confirm } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  }

  function analystRole(app: App): NonNullable<App['roles']>[number] {
    const role = app.roles?.find((r) => r.name === 'analyst');
    if (!role) throw new Error('fixture changed: no analyst role');
    return role;
  }

  async function analystSeesMemos(): Promise<number> {
    const res = await rt.request<ListBody>('GET', '/api/records/memo', { token: analyst.token });
    return res.status === 200 ? res.body.data.length : -res.status;
  }

  beforeAll(async () => {
    rt = await startTestRuntime(kind, { app: accessTestApp() });
    analyst = await signInNewUser(rt, `memo-analyst-${kind}@x.test`, 'Analyst', { roles: ['analyst'] });
    await publish((app) => {
      app.entities.push(memoEntity('ent_memo_first'));
      analystRole(app).entities = { ...analystRole(app).entities, memo: { create: 'all', read: 'all', update: 'none', delete: 'none' } };
    });
    await createRecord(rt, 'memo', { title: 'first memo' });
  });
  afterAll(async () => {
    await rt?.close();
  });

  it('starts with the analyst reading and creating memos', async () => {
    expect(await analystSeesMemos()).toBe(1);
    expect((await rt.request('POST', '/api/records/memo', { body: { title: 'by analyst' }, token: analyst.token })).status).toBe(201);
  });

  it('grants nothing on a memo entity recreated under the same name', async () => {
    await publish((app) => {
      app.entities = app.entities.filter((e) => e.name !== 'memo');
      app.entities.push(memoEntity('ent_memo_second'));
    });
    await createRecord(rt, 'memo', { title: 'second memo' });
    expect(await analystSeesMemos()).toBeLessThan(0);
    expect((await rt.request('POST', '/api/records/memo', { body: { title: 'by analyst' }, token: analyst.token })).status).toBe(403);
    // The analyst's other grants are untouched.
    expect((await rt.request('GET', '/api/records/deal', { token: analyst.token })).status).toBe(200);
  });

  it('binds the permission written again to the new entity', async () => {
    await publish((app) => {
      analystRole(app).entities = { ...analystRole(app).entities, memo: { create: 'none', read: 'all', update: 'none', delete: 'none' } };
    });
    expect(await analystSeesMemos()).toBe(1);
    expect((await rt.request('POST', '/api/records/memo', { body: { title: 'by analyst' }, token: analyst.token })).status).toBe(403);
  });
});

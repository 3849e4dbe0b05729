import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkspaceEntitiesResponse } from '@crm/schemas';
import { testDatabaseKinds } from '../db/test-database.js';
import { signInNewUser } from '../records/records.test-support.js';
import { startTestRuntime, type TestRuntime } from '../testing/test-runtime.js';
import { accessTestApp } from './access-test.fixtures.js';

/* GET /api/workspace/entities: the workspace's navigation lists only what the caller may read. */

describe.each(testDatabaseKinds())('/api/workspace/entities on %s', (kind) => {
  let rt: TestRuntime;
  const entitiesFor = async (token: string) => rt.request<WorkspaceEntitiesResponse>('GET', '/api/workspace/entities', { token });

  beforeAll(async () => {
    rt = await startTestRuntime(kind, { app: accessTestApp() });
  });
  afterAll(async () => {
    await rt?.close();
  });

  it('lists the entities a role may read, with labels and whether it may create', async () => {
    const rep = await signInNewUser(rt, `ws-rep-${kind}@x.test`, 'Rep', { roles: ['rep'] });
    const res = await entitiesFor(rep.token);
    expect(res.status).toBe(200);
    expect(res.body.entities).toEqual([
      { name: 'company', label: { en: 'Company', ru: 'Компания' }, canCreate: false },
      { name: 'deal', label: { en: 'Deal', ru: 'Сделка' }, canCreate: true },
    ]);
  });

  it('leaves out what the role may not read', async () => {
    const boss = await signInNewUser(rt, `ws-boss-${kind}@x.test`, 'Boss', { roles: ['boss'] });
    expect((await entitiesFor(boss.token)).body.entities.map((e) => e.name)).toEqual(['deal']);
    const outsider = await signInNewUser(rt, `ws-out-${kind}@x.test`, 'Out', { roles: ['outsider'] });
    expect((await entitiesFor(outsider.token)).body.entities).toEqual([]);
  });

  it('needs a signed-in caller', async () => {
    expect((await rt.request('GET', '/api/workspace/entities', { token: null })).status).toBe(401);
  });
});

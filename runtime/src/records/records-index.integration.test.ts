import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App, WorkspaceDefinition } from '@crm/schemas';
import { testDatabaseKinds } from '../db/test-database.js';
import { startTestRuntime, type TestRuntime } from '../testing/test-runtime.js';
import { recordsTestApp } from './records.fixtures.js';
import { signInNewUser, type ErrorBody, type RecordBody } from './records.test-support.js';

/*
 * GET /api/records (the part of the live definition a person works with, cut to their rights:
 * workspace-definition.mapping.ts, workspace-views.policy.ts) and If-Match on the writes the
 * workspace makes.
 */

type IndexBody = WorkspaceDefinition;

function appWithRep(): App {
  const app = recordsTestApp();
  app.roles = [
    {
      name: 'rep',
      entities: { deal: { create: 'own', read: 'own', update: 'own' }, company: { read: 'all' } },
      fields: { deal: { code: 'hidden', amount: 'read' } },
    },
    { name: 'manager', entities: { deal: { read: 'all' }, company: { read: 'all' } } },
  ];
  app.forms = [{ name: 'deal_form', entity: 'deal', sections: [{ fields: [{ field: 'title' }, { field: 'amount' }] }] }];
  app.views = [
    { name: 'tags_all', entity: 'tag', columns: ['name'] },
    { name: 'deals_for_managers', entity: 'deal', columns: ['title', 'amount'], roles: ['manager'] },
    { name: 'deals', entity: 'deal', columns: ['title', 'code', 'company.name', 'contact.full_name', 'amount'], sort: [{ field: 'code' }, { field: 'title', dir: 'desc' }] },
    { name: 'deals_with_code', entity: 'deal', filter: { field: 'code', op: 'isNotEmpty' }, columns: ['title'] },
  ];
  app.processes = [
    {
      name: 'won_robot',
      label: { ru: 'Поздравить', en: 'Congratulate' },
      trigger: { type: 'stage', entity: 'deal', pipeline: 'sales', stage: 'won', condition: { field: 'code', op: 'isNotEmpty' } },
      nodes: [{ id: 'done', type: 'end' }],
      edges: [{ from: 'trigger', to: 'done' }],
    },
    {
      name: 'recheck_deal',
      label: { ru: 'Перепроверить сделку', en: 'Recheck the deal' },
      trigger: { type: 'manual', entity: 'deal', startRoles: ['manager'] },
      nodes: [{ id: 'done', type: 'end' }],
      edges: [{ from: 'trigger', to: 'done' }],
    },
    {
      name: 'admins_cleanup',
      trigger: { type: 'manual' },
      nodes: [{ id: 'done', type: 'end' }],
      edges: [{ from: 'trigger', to: 'done' }],
    },
    {
      name: 'switched_off',
      enabled: false,
      trigger: { type: 'manual', entity: 'deal', startRoles: ['manager'] },
      nodes: [{ id: 'done', type: 'end' }],
      edges: [{ from: 'trigger', to: 'done' }],
    },
  ];
  return app;
}

describe.each(testDatabaseKinds())('records index on %s', (kind) => {
  let rt: TestRuntime;
  let rep: { id: string; token: string };
  let manager: { id: string; token: string };

  beforeAll(async () => {
    rt = await startTestRuntime(kind, { app: appWithRep() });
    rep = await signInNewUser(rt, `rep-index-${kind}@x.test`, 'Rep', { roles: ['rep'] });
    manager = await signInNewUser(rt, `manager-index-${kind}@x.test`, 'Manager', { roles: ['manager'] });
  });
  afterAll(async () => {
    await rt?.close();
  });

  it('gives a rep the entities they may read, without hidden fields, with their forms, pipelines and rights', async () => {
    const res = await rt.request<IndexBody>('GET', '/api/records', { token: rep.token });
    expect(res.status).toBe(200);
    const { definition, access } = res.body;
    expect(definition.entities.map((e) => e.name).sort()).toEqual(['company', 'deal']);
    const deal = definition.entities.find((e) => e.name === 'deal');
    expect(deal?.fields.map((f) => f.name)).not.toContain('code');
    expect(deal?.fields.map((f) => f.name)).toContain('title');
    expect(definition.forms?.map((f) => f.name)).toEqual(['deal_form']);
    expect(definition.pipelines?.map((p) => p.name)).toEqual(['sales']);
    expect(definition.roles).toBeUndefined();
    expect(access['deal']?.operations).toMatchObject({ create: true, read: true, update: true, delete: false });
    expect(access['deal']?.fields['amount']).toBe('read');
    expect(access['deal']?.fields['title']).toBe('write');
    expect(access['deal']?.fields['code']).toBeUndefined();
    expect(access['company']?.operations).toMatchObject({ read: true, create: false });
  });

  it('shows a view only to the roles it is meant for, without columns or sort keys on fields hidden from them', async () => {
    const asRep = (await rt.request<IndexBody>('GET', '/api/records', { token: rep.token })).body.definition.views ?? [];
    // Not the managers' view, not the tag view (tags are unreadable), not the one filtering by a hidden field.
    expect(asRep.map((v) => v.name)).toEqual(['deals']);
    expect(asRep[0]?.columns).toEqual(['title', 'company.name', 'amount']);
    expect(asRep[0]?.sort).toEqual([{ field: 'title', dir: 'desc' }]);

    const asManager = (await rt.request<IndexBody>('GET', '/api/records', { token: manager.token })).body.definition.views ?? [];
    expect(asManager.map((v) => v.name)).toEqual(['deals_for_managers', 'deals', 'deals_with_code']);
    // Contacts are readable by neither role: a column through the relation to them is not theirs.
    expect(asManager.find((v) => v.name === 'deals')?.columns).toEqual(['title', 'code', 'company.name', 'amount']);

    const asAdmin = (await rt.request<IndexBody>('GET', '/api/records')).body.definition.views ?? [];
    expect(asAdmin.map((v) => v.name)).toEqual(['tags_all', 'deals_for_managers', 'deals', 'deals_with_code']);
    expect(asAdmin.find((v) => v.name === 'deals')?.columns).toEqual(['title', 'code', 'company.name', 'contact.full_name', 'amount']);
  });

  it('filters views by the roles an API token acts with, not every role its person holds', async () => {
    const both = await signInNewUser(rt, `both-index-${kind}@x.test`, 'Rep and manager', { roles: ['rep', 'manager'] });
    const viewsWith = async (roles: string[], user?: string): Promise<string[]> => {
      const created = await rt.request<{ token: string }>('POST', '/api/tokens', { body: { name: `views ${roles.join('+')}`, roles, ...(user ? { user } : {}) } });
      expect(created.status).toBe(201);
      const res = await rt.request<IndexBody>('GET', '/api/records', { token: created.body.token });
      expect(res.status).toBe(200);
      return (res.body.definition.views ?? []).map((v) => v.name);
    };
    // The person's session holds both roles and so sees the managers' view.
    const asBoth = (await rt.request<IndexBody>('GET', '/api/records', { token: both.token })).body.definition.views ?? [];
    expect(asBoth.map((v) => v.name)).toContain('deals_for_managers');
    // Their token limited to the rep role does not; one limited to the manager role does.
    expect(await viewsWith(['rep'], both.id)).toEqual(['deals']);
    expect(await viewsWith(['manager'], both.id)).toEqual(['deals_for_managers', 'deals', 'deals_with_code']);
    // An admin's token acts with the roles it names only, so a rep-scoped one is shown what a rep is.
    expect(await viewsWith(['rep'])).toEqual(['deals']);
  });

  it('names the stage that starts each robot of a readable pipeline, not its condition or steps', async () => {
    const res = await rt.request<IndexBody>('GET', '/api/records', { token: rep.token });
    const robot = res.body.processes.find((p) => p.name === 'won_robot');
    expect(robot).toEqual({ name: 'won_robot', label: { ru: 'Поздравить', en: 'Congratulate' }, entity: 'deal', entersStage: { pipeline: 'sales', stage: 'won' }, startable: false });
  });

  it('marks the manual processes a person may start by hand: their start roles, any for an admin', async () => {
    const startable = async (token?: string) => {
      const res = await rt.request<IndexBody>('GET', '/api/records', token === undefined ? {} : { token });
      expect(res.status).toBe(200);
      return res.body.processes.filter((p) => p.startable).map((p) => p.name);
    };
    expect(await startable(manager.token)).toEqual(['recheck_deal']);
    expect(await startable(rep.token)).toEqual([]);
    expect(await startable()).toEqual(['recheck_deal', 'admins_cleanup']);
  });

  it('answers 401 without a signed-in person', async () => {
    expect((await rt.request<ErrorBody>('GET', '/api/records', { token: null })).status).toBe(401);
  });

  it('checks If-Match on the workspace\'s writes: a stale version is a 412, the current one saves', async () => {
    const created = await rt.request<RecordBody>('POST', '/api/records/deal', { body: { title: 'Первая' } });
    const id = created.body.id;
    const saved = await rt.request<RecordBody>('PATCH', `/api/records/deal/${id}`, { body: { title: 'Вторая' }, headers: { 'if-match': '1' } });
    expect(saved.status).toBe(200);
    expect(saved.body.version).toBe(2);
    const stale = await rt.request<ErrorBody>('PATCH', `/api/records/deal/${id}`, { body: { title: 'Третья' }, headers: { 'if-match': '1' } });
    expect(stale.status).toBe(412);
    expect(stale.body.error.code).toBe('VERSION_CONFLICT');
  });
});

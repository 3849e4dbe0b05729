import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '@crm/schemas';
import { testDatabaseKinds } from '../db/test-database.js';
import { startTestRuntime, type TestRuntime } from '../testing/test-runtime.js';
import { recordsTestApp } from './records.fixtures.js';
import { signInNewUser, type ErrorBody, type RecordBody } from './records.test-support.js';

/*
 * GET /api/records (the part of the live definition a person works with, cut to their rights) and
 * If-Match on the writes the workspace makes.
 */

interface IndexBody {
  definition: App;
  access: Record<string, { operations: Record<string, boolean>; changeOwner: boolean; fields: Record<string, string> }>;
  processes: Array<{ name: string; entity: string | null; entersStage?: { pipeline: string; stage: string } } & Record<string, unknown>>;
}

function appWithRep(): App {
  const app = recordsTestApp();
  app.roles = [
    {
      name: 'rep',
      entities: { deal: { create: 'own', read: 'own', update: 'own' }, company: { read: 'all' } },
      fields: { deal: { code: 'hidden', amount: 'read' } },
    },
  ];
  app.forms = [{ name: 'deal_form', entity: 'deal', sections: [{ fields: [{ field: 'title' }, { field: 'amount' }] }] }];
  app.views = [{ name: 'tags_all', entity: 'tag', columns: ['name'] }];
  app.processes = [
    {
      name: 'won_robot',
      label: { ru: 'Поздравить', en: 'Congratulate' },
      trigger: { type: 'stage', entity: 'deal', pipeline: 'sales', stage: 'won', condition: { field: 'code', op: 'isNotEmpty' } },
      nodes: [{ id: 'done', type: 'end' }],
      edges: [{ from: 'trigger', to: 'done' }],
    },
  ];
  return app;
}

describe.each(testDatabaseKinds())('records index on %s', (kind) => {
  let rt: TestRuntime;
  let rep: { id: string; token: string };

  beforeAll(async () => {
    rt = await startTestRuntime(kind, { app: appWithRep() });
    rep = await signInNewUser(rt, `rep-index-${kind}@x.test`, 'Rep', { roles: ['rep'] });
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
    expect(definition.views ?? []).toEqual([]);
    expect(definition.pipelines?.map((p) => p.name)).toEqual(['sales']);
    expect(definition.roles).toBeUndefined();
    expect(access['deal']?.operations).toMatchObject({ create: true, read: true, update: true, delete: false });
    expect(access['deal']?.fields['amount']).toBe('read');
    expect(access['deal']?.fields['title']).toBe('write');
    expect(access['deal']?.fields['code']).toBeUndefined();
    expect(access['company']?.operations).toMatchObject({ read: true, create: false });
  });

  it('names the stage that starts each robot of a readable pipeline, not its condition or steps', async () => {
    const res = await rt.request<IndexBody>('GET', '/api/records', { token: rep.token });
    const robot = res.body.processes.find((p) => p.name === 'won_robot');
    expect(robot).toEqual({ name: 'won_robot', label: { ru: 'Поздравить', en: 'Congratulate' }, entity: 'deal', entersStage: { pipeline: 'sales', stage: 'won' } });
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

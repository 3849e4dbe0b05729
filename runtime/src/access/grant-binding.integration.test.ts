import type { App, Field } from '@crm/schemas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../db/test-database.js';
import { createRecord, listPath, signInNewUser, type ListBody, type RecordBody } from '../records/records.test-support.js';
import { startTestRuntime, type TestRuntime } from '../testing/test-runtime.js';
import { accessTestApp } from './access-test.fixtures.js';
import type { AccessExplanation } from './access.explainer.js';

/*
 * A field deleted and recreated under the same name is a new field (a new stable id): grants and
 * sharing rules written for the old one must not carry over. They fail closed until written again.
 */

describe.each(testDatabaseKinds())('grants of a recreated field on %s', (kind) => {
  let rt: TestRuntime;
  let lead: { id: string; token: string };
  let deal: RecordBody;

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

  function recreate(app: App, entity: string, name: string, id: string): void {
    const fields = app.entities.find((e) => e.name === entity)?.fields;
    const index = fields?.findIndex((f) => f.name === name) ?? -1;
    const old = fields?.[index];
    if (!fields || !old) throw new Error(`no field ${entity}.${name}`);
    const fresh: Field = { ...old, id };
    fields.splice(index, 1, fresh);
  }

  async function explain(): Promise<AccessExplanation> {
    const res = await rt.request<AccessExplanation>('GET', `/api/access/explain?user=${lead.id}&entity=deal&id=${deal.id}`);
    expect(res.status).toBe(200);
    return res.body;
  }

  beforeAll(async () => {
    rt = await startTestRuntime(kind, { app: accessTestApp() });
    lead = await signInNewUser(rt, `lead-${kind}@x.test`, 'Lead', { roles: ['lead'], attributes: { region: 'north' } });
    const rep = await signInNewUser(rt, `rep-${kind}@x.test`, 'Rep', { roles: ['rep'] });
    deal = await createRecord(rt, 'deal', { title: 'shared', margin: 50, region: 'north', owner: rep.id });
  });
  afterAll(async () => {
    await rt?.close();
  });

  it('starts with the lead reading the deal through the region rule, margin included', async () => {
    const res = await rt.request<RecordBody>('GET', `/api/records/deal/${deal.id}`, { token: lead.token });
    expect(res.status).toBe(200);
    expect(res.body['margin']).toBe(50);
    expect((await explain()).read.decidedBy).toEqual([{ role: 'lead', sharingRule: 'by_region', condition: { field: 'region', op: 'eq', value: '$user.region' } }]);
  });

  it('hides a recreated field from a role whose grant was written for the old one', async () => {
    await publish((app) => recreate(app, 'deal', 'margin', 'fld_recreated_margin'));
    await rt.request('PATCH', `/api/records/deal/${deal.id}`, { body: { margin: 60 } });
    const res = await rt.request<RecordBody>('GET', `/api/records/deal/${deal.id}`, { token: lead.token });
    expect(res.status).toBe(200);
    expect('margin' in res.body).toBe(false);
    const filter = await rt.request('GET', listPath('deal', { filter: JSON.stringify({ field: 'margin', op: 'gt', value: 0 }) }), { token: lead.token });
    expect(filter.status).toBe(400);
    expect((await explain()).fields['margin']).toMatchObject({ access: 'hidden', sources: [{ role: 'lead', access: 'hidden', source: 'stale' }] });
  });

  it('stops a sharing rule whose field was recreated from matching, even where the data matches', async () => {
    await publish((app) => recreate(app, 'deal', 'region', 'fld_recreated_region'));
    await rt.request('PATCH', `/api/records/deal/${deal.id}`, { body: { region: 'north' } });
    const res = await rt.request('GET', `/api/records/deal/${deal.id}`, { token: lead.token });
    expect(res.status).toBe(404);
    const list = await rt.request<ListBody>('GET', listPath('deal', { count: '1' }), { token: lead.token });
    expect(list.body.total).toBe(0);
    const explanation = await explain();
    expect(explanation.read.allowed).toBe(false);
    expect(explanation.read.checked).toContainEqual({ role: 'lead', sharingRule: 'by_region', matched: false, stale: true });
  });

  it('binds grants written again to the new fields', async () => {
    await publish((app) => {
      const role = app.roles?.find((r) => r.name === 'lead');
      if (!role?.fields?.['deal'] || !role.sharing?.[0]) throw new Error('fixture changed');
      role.fields['deal']['margin'] = 'write';
      role.sharing[0].condition = { and: [{ field: 'region', op: 'eq', value: '$user.region' }] };
    });
    const res = await rt.request<RecordBody>('GET', `/api/records/deal/${deal.id}`, { token: lead.token });
    expect(res.status).toBe(200);
    expect(res.body['margin']).toBe(60);
  });
});

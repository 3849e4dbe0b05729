import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { App, TemplateBundle } from '@crm/schemas';
import { loadTemplate } from '@crm/templates';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../db/test-database.js';
import { tableRowCounts } from '../testing/table-row-counts.js';
import { startTestRuntime, type TestRuntime } from '../testing/test-runtime.js';
import { installTemplate } from './template.installer.js';

/*
 * A template install is one transaction: the definition's publish (tables), its document and e-mail
 * templates, teams, people and demo records with their history and the runs their processes start.
 * A copy of b2b-sales that fails late (its last demo record invalid, or a product whose SKU another
 * already has: a unique index refusing it) must leave every table as it was, the draft too, and
 * the correct template must then install as if nothing had happened.
 */

type Rows = TemplateBundle['data'];

/** A copy of b2b-sales in a folder of its own, its demo data changed by `change`. */
function brokenCopy(change: (data: NonNullable<Rows>) => void): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-template-'));
  const bundle = loadTemplate('b2b-sales');
  const data = structuredClone(bundle.data ?? {});
  change(data);
  fs.mkdirSync(path.join(root, 'b2b-sales'));
  fs.writeFileSync(path.join(root, 'b2b-sales', 'template.json'), JSON.stringify({ ...bundle, data }));
  return root;
}

/** The very last demo record lacks a required date: every other record, and its runs, were written before it. */
const lastRecordInvalid = brokenCopy((data) => {
  const renewals = data['renewal'] ?? [];
  const last = renewals.at(-1);
  if (!last) throw new Error('b2b-sales has no demo renewal');
  renewals[renewals.length - 1] = Object.fromEntries(Object.entries(last).filter(([field]) => field !== 'due_date'));
});

/** A second product with the first one's SKU: the products' unique index refuses it inside the transaction. */
const skuTaken = brokenCopy((data) => {
  const products = data['product'] ?? [];
  const first = products[0];
  if (!first) throw new Error('b2b-sales has no demo product');
  products.push({ ...first, $key: 'duplicate-sku', name: 'Тот же артикул' });
});

const ownApp: App = {
  name: 'shelter',
  entities: [{ name: 'pet', label: { en: 'Pet', ru: 'Питомец' }, fields: [{ name: 'nickname', type: 'text', required: true }], display: 'nickname' }],
  roles: [{ name: 'admin', label: { en: 'Director', ru: 'Директор' }, admin: true, builder: true, entities: { pet: { create: 'all', read: 'all', update: 'all', delete: 'all' } } }],
};

async function snapshot(rt: TestRuntime): Promise<Record<string, number>> {
  return tableRowCounts(rt.db.knex);
}

async function draftRow(rt: TestRuntime): Promise<unknown> {
  return (await rt.db.knex('definition_draft').first('definition', 'updated_by')) ?? null;
}

afterAll(() => {
  for (const root of [lastRecordInvalid, skuTaken]) fs.rmSync(root, { recursive: true, force: true });
});

describe.each(testDatabaseKinds())('a template install is all or nothing on %s', (kind) => {
  let fresh: TestRuntime;
  let live: TestRuntime;
  const b2b = loadTemplate('b2b-sales');

  beforeAll(async () => {
    [fresh, live] = await Promise.all([startTestRuntime(kind), startTestRuntime(kind, { app: ownApp })]);
  }, 300_000);
  afterAll(async () => {
    await Promise.all([fresh?.close(), live?.close()]);
  });

  it('a failure late in the install leaves nothing of it, and the correct template then installs', async () => {
    const before = await snapshot(fresh);
    // The record service's own refusals, each naming its field: the install failed where it was meant to.
    const failures = [
      { root: lastRecordInvalid, status: 400, field: 'due_date' },
      { root: skuTaken, status: 409, field: 'sku' },
    ];
    for (const { root, status, field } of failures) {
      const install = installTemplate(fresh.runtime, 'b2b-sales', { root, runProcesses: true, demoPassword: 'demo-password-1' });
      await expect(install).rejects.toMatchObject({ status, details: expect.arrayContaining([expect.objectContaining({ field })]) });
      expect(await snapshot(fresh)).toEqual(before);
      expect(await draftRow(fresh)).toBeNull();
      expect((await fresh.request('GET', '/api/definitions/live')).status).toBe(404);
    }

    const result = await installTemplate(fresh.runtime, 'b2b-sales', { runProcesses: true });
    expect(result).toMatchObject({ installed: true, mode: 'new', version: 1, people: (b2b.users ?? []).length });
    expect(result.records).toBe(Object.values(b2b.data ?? {}).reduce((n, rows) => n + rows.length, 0));
    const after = await snapshot(fresh);
    expect(after['text_templates']).toBe((b2b.textTemplates ?? []).length);
    const renewals = await fresh.request<{ data: unknown[] }>('GET', '/api/records/renewal?limit=100');
    expect(renewals.body.data).toHaveLength((b2b.data?.['renewal'] ?? []).length);
    // The processes the demo records started were queued with them (workers pick them up after the commit).
    expect(after['process_runs']).toBeGreaterThan(0);
    const version = await fresh.request('GET', '/api/definitions/live');
    expect(version.headers.get('x-definition-version')).toBe('1');
  }, 300_000);

  it('beside a live app, a failed install leaves its version, records and draft as they were', async () => {
    const pet = await live.request<{ id: string }>('POST', '/api/records/pet', { body: { nickname: 'Барсик' } });
    expect(pet.status).toBe(201);
    const before = await snapshot(live);
    const draft = await draftRow(live);

    await expect(installTemplate(live.runtime, 'b2b-sales', { root: skuTaken, beside: true })).rejects.toMatchObject({ status: 409 });
    expect(await snapshot(live)).toEqual(before);
    expect(await draftRow(live)).toEqual(draft);
    const app = await live.request<App>('GET', '/api/definitions/live');
    expect(app.headers.get('x-definition-version')).toBe('1');
    expect(app.body.entities.map((e) => e.name)).toEqual(['pet']);
    // What this process remembers of the live definition is not the rolled-back version either.
    expect((await live.runtime.definitionService.getLive())?.app.entities.map((e) => e.name)).toEqual(['pet']);

    const result = await installTemplate(live.runtime, 'b2b-sales', { beside: true });
    expect(result).toMatchObject({ installed: true, mode: 'beside', version: 2 });
    expect((await live.request<{ nickname: string }>('GET', `/api/records/pet/${pet.body.id}`)).body.nickname).toBe('Барсик');
  }, 300_000);
});

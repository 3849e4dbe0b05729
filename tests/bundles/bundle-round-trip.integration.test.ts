import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppBundle } from '@crm/schemas';
import { FIRST_ADMIN_EMAIL } from '@crm/runtime';
import { startTestRuntime, testDatabaseKinds, type TestRuntime } from '@crm/runtime/testing';
import { person } from '../engine/engine-test.support.js';

/*
 * An app carried from one instance into another as a bundle: the same definition, the same records
 * with their ids and relations, the people without their passwords, the document and e-mail
 * templates; the import previews its plan
 * first, and a bundle from a newer CRM or of the wrong shape is refused with nothing changed.
 */

interface Plan {
  dryRun: boolean;
  plan: Array<{ kind: string; entity: string }>;
  records: Record<string, number>;
  textTemplates: number;
}

async function templateNames(rt: TestRuntime): Promise<string[]> {
  return (await rt.request<{ items: Array<{ name: string }> }>('GET', '/api/text-templates')).body.items.map((t) => t.name);
}

async function tableRows(rt: TestRuntime, table: string): Promise<unknown[]> {
  return (await rt.db.knex.raw(`SELECT to_jsonb(t) - '_search' AS r FROM ?? t ORDER BY id`, [table])).rows.map((row: { r: unknown }) => row.r);
}

async function adminId(rt: TestRuntime): Promise<string> {
  const row: { id: string } | undefined = await rt.db.knex('users').where({ email: FIRST_ADMIN_EMAIL }).first('id');
  return row?.id ?? '';
}

describe.each(testDatabaseKinds())('bundles between two instances on %s', (kind) => {
  let from: TestRuntime;
  let to: TestRuntime;
  let bundle: AppBundle;
  let dealId: string;
  let companyId: string;

  beforeAll(async () => {
    [from, to] = await Promise.all([startTestRuntime(kind, { template: 'b2b-sales' }), startTestRuntime(kind)]);
    await person(from, 'bundle.rep@example.com', ['sales_rep']);
    companyId = (await from.request<{ id: string }>('POST', '/api/records/company', { body: { name: 'ООО Пакет' } })).body.id;
    const deal = await from.request<{ id: string }>('POST', '/api/records/deal', { body: { title: 'Сделка в пакете', amount: 5000, company: companyId, close_date: '2027-05-01' } });
    expect(deal.status).toBe(201);
    dealId = deal.body.id;
  }, 300_000);
  afterAll(async () => {
    await Promise.all([from?.close(), to?.close()]);
  });

  it('exports the definition, the records and the people without passwords', async () => {
    const res = await from.request<AppBundle>('GET', '/api/bundle?data=true&people=true');
    expect(res.status).toBe(200);
    bundle = res.body;
    expect(bundle.format).toBe('crm-bundle');
    expect(bundle.formatVersion).toBe(2);
    expect(bundle.textTemplates?.map((t) => t.name)).toEqual(await templateNames(from));
    expect(bundle.textTemplates?.map((t) => t.name)).toEqual(expect.arrayContaining(['deal_offer', 'deal_invoice']));
    expect(bundle.people?.map((p) => p.email)).toContain('bundle.rep@example.com');
    expect(JSON.stringify(bundle)).not.toMatch(/password|scrypt/i);
    expect(bundle.data?.rec_deal?.length).toBeGreaterThan(0);
    const plain = await from.request<AppBundle>('GET', '/api/bundle');
    expect(plain.body.data).toBeUndefined();
    expect(plain.body.people).toBeUndefined();
  });

  it('previews the import as the publish plan and changes nothing', async () => {
    const res = await to.request<Plan>('POST', '/api/bundle/import?dryRun=true', { body: bundle });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.plan.filter((s) => s.kind === 'create-entity').map((s) => s.entity).sort()).toEqual(bundle.definition.entities.map((e) => e.name).sort());
    expect(res.body.records.rec_deal).toBe(bundle.data?.rec_deal?.length);
    expect(res.body.textTemplates).toBe(bundle.textTemplates?.length);
    expect((await to.request('GET', '/api/definitions/live')).status).toBe(404);
  });

  it('a bundle of a newer format or the wrong shape is refused, changing nothing', async () => {
    const newer = await to.request<{ error: { code: string; details: Array<{ code: string; message_ru?: string }> } }>('POST', '/api/bundle/import', { body: { ...bundle, formatVersion: 99 } });
    expect(newer.status).toBe(409);
    expect(newer.body.error.details[0]?.code).toBe('NEWER_BUNDLE_FORMAT');
    expect(newer.body.error.details[0]?.message_ru).toContain('99');
    const broken = await to.request<{ error: { code: string; details: Array<{ pointer?: string }> } }>('POST', '/api/bundle/import', { body: { ...bundle, definition: 'none', extra: 1 } });
    expect(broken.status).toBe(400);
    expect(broken.body.error.details.map((d) => d.pointer)).toContain('/definition');
    expect((await to.request('GET', '/api/definitions/live')).status).toBe(404);
  });

  it('imports into another instance with nothing lost: same definition, same records and relations, people without passwords', async () => {
    const res = await to.request<{ version: number; records: Record<string, number>; textTemplates: number }>('POST', '/api/bundle/import', { body: bundle });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.version).toBe(1);
    expect(res.body.textTemplates).toBe(bundle.textTemplates?.length);
    expect(await templateNames(to)).toEqual(await templateNames(from));
    const [a, b] = await Promise.all([from.request('GET', '/api/definitions/live'), to.request('GET', '/api/definitions/live')]);
    expect(b.body).toEqual(a.body);
    // Records with their ids, versions and times; the other instance's first admin stands in for this one's.
    const [adminFrom, adminTo] = await Promise.all([adminId(from), adminId(to)]);
    for (const table of Object.keys(bundle.data ?? {})) {
      const expected = JSON.parse(JSON.stringify(await tableRows(from, table)).replaceAll(adminFrom, adminTo));
      expect(await tableRows(to, table), table).toEqual(expected);
    }
    const deal = await to.request<{ company: string }>('GET', `/api/records/deal/${dealId}`);
    expect(deal.status).toBe(200);
    expect(deal.body.company).toBe(companyId);
    const rep: { password_hash: string | null } | undefined = await to.db.knex('users').where({ email: 'bundle.rep@example.com' }).first('password_hash');
    expect(rep).toEqual({ password_hash: null });
    // Importing again loses nothing and duplicates nothing.
    const again = await to.request<{ records: Record<string, number>; textTemplates: number }>('POST', '/api/bundle/import', { body: bundle });
    expect(again.status, JSON.stringify(again.body)).toBe(201);
    expect(Object.values(again.body.records).every((n) => n === 0)).toBe(true);
    expect(again.body.textTemplates).toBe(0);
  }, 120_000);
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App, AppBundle, CreateDocumentResponse } from '@crm/schemas';
import { FIRST_ADMIN_EMAIL } from '@crm/runtime';
import { startTestRuntime, testDatabaseKinds, type TestRuntime } from '@crm/runtime/testing';
import { person } from '../engine/engine-test.support.js';

/*
 * An app carried from one instance into another as a bundle: the same definition, the same records
 * with their ids and relations, the people without their passwords, the document and e-mail
 * templates, and (with the data) the document numbering counters, so the next invoice there goes on
 * after the imported ones instead of repeating their numbers, and the documents themselves with the
 * files holding their PDFs, which open there byte for byte; the import previews its plan
 * first, and a bundle from a newer CRM or of the wrong shape is refused with nothing changed.
 */

interface Plan {
  dryRun: boolean;
  plan: Array<{ kind: string; entity: string }>;
  records: Record<string, number>;
  textTemplates: number;
  documentSequences: number;
  files: number;
  recordDocuments: number;
}

const YEAR = new Date().getFullYear();

async function makeInvoice(rt: TestRuntime, dealId: string): Promise<string | null | undefined> {
  const res = await rt.request<CreateDocumentResponse>('POST', `/api/records/deal/${dealId}/documents`, { body: { template: 'deal_invoice' } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.document.number;
}

async function counters(rt: TestRuntime): Promise<Array<{ name: string; period: string; last_value: number }>> {
  const rows: Array<{ name: string; period: string; last_value: string | number }> = await rt.db.knex('document_sequences').select('name', 'period', 'last_value').orderBy(['name', 'period']);
  return rows.map((r) => ({ ...r, last_value: Number(r.last_value) }));
}

async function templateNames(rt: TestRuntime): Promise<string[]> {
  return (await rt.request<{ items: Array<{ name: string }> }>('GET', '/api/text-templates')).body.items.map((t) => t.name);
}

async function tableRows(rt: TestRuntime, table: string): Promise<unknown[]> {
  return (await rt.db.knex.raw(`SELECT to_jsonb(t) - '_search' AS r FROM ?? t ORDER BY id`, [table])).rows.map((row: { r: unknown }) => row.r);
}

/** A record's documents as the timeline lists them, and each one's PDF as the API serves it. */
async function documentsOf(rt: TestRuntime, dealId: string): Promise<Array<{ number: unknown; fileName: unknown; pdf: string }>> {
  const list = await rt.request<{ items: Array<{ number?: string; fileName: string; file: { key: string } }> }>('GET', `/api/records/deal/${dealId}/documents`);
  expect(list.status, JSON.stringify(list.body)).toBe(200);
  return Promise.all(
    list.body.items.map(async (d) => {
      const pdf = await fetch(`${rt.baseUrl}/api/records/deal/${dealId}/documents/${d.file.key}`, { headers: { authorization: `Bearer ${rt.adminToken}` } });
      expect(pdf.status).toBe(200);
      return { number: d.number, fileName: d.fileName, pdf: Buffer.from(await pdf.arrayBuffer()).toString('base64') };
    }),
  );
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
  let repToken: string;

  beforeAll(async () => {
    [from, to] = await Promise.all([startTestRuntime(kind, { template: 'b2b-sales' }), startTestRuntime(kind)]);
    repToken = (await person(from, 'bundle.rep@example.com', ['sales_rep'])).token;
    companyId = (await from.request<{ id: string }>('POST', '/api/records/company', { body: { name: 'ООО Пакет' } })).body.id;
    const deal = await from.request<{ id: string }>('POST', '/api/records/deal', { body: { title: 'Сделка в пакете', amount: 5000, company: companyId, close_date: '2027-05-01' } });
    expect(deal.status).toBe(201);
    dealId = deal.body.id;
    // Two invoices numbered before the export.
    expect([await makeInvoice(from, dealId), await makeInvoice(from, dealId)]).toEqual([`СЧ-${YEAR}-0001`, `СЧ-${YEAR}-0002`]);
  }, 300_000);
  afterAll(async () => {
    await Promise.all([from?.close(), to?.close()]);
  });

  it('exports the definition, the records and the people without passwords', async () => {
    const res = await from.request<AppBundle>('GET', '/api/bundle?data=true&people=true');
    expect(res.status).toBe(200);
    bundle = res.body;
    expect(bundle.format).toBe('crm-bundle');
    expect(bundle.formatVersion).toBe(3);
    expect(bundle.textTemplates?.map((t) => t.name)).toEqual(await templateNames(from));
    expect(bundle.textTemplates?.map((t) => t.name)).toEqual(expect.arrayContaining(['deal_offer', 'deal_invoice']));
    expect(bundle.people?.map((p) => p.email)).toContain('bundle.rep@example.com');
    expect(JSON.stringify(bundle)).not.toMatch(/password|scrypt/i);
    expect(bundle.data?.rec_deal?.length).toBeGreaterThan(0);
    const plain = await from.request<AppBundle>('GET', '/api/bundle');
    expect(plain.body.data).toBeUndefined();
    expect(plain.body.people).toBeUndefined();
    // The counters travel with the data only: a definition-only bundle makes a fresh app that starts at 1.
    expect(bundle.documentSequences).toEqual((await counters(from)).map((c) => ({ name: c.name, period: c.period, lastValue: c.last_value })));
    expect(bundle.documentSequences).toContainEqual({ name: 'deal_invoice', period: String(YEAR), lastValue: 2 });
    expect(plain.body.documentSequences).toBeUndefined();
    // The two invoices and the files holding their PDFs travel with the data only.
    expect(bundle.recordDocuments?.map((d) => d.number)).toEqual([`СЧ-${YEAR}-0001`, `СЧ-${YEAR}-0002`]);
    expect(bundle.files?.map((f) => f.key).sort()).toEqual(bundle.recordDocuments?.map((d) => d.file_key).sort());
    expect(bundle.files?.every((f) => f.mime === 'application/pdf' && f.content.startsWith('\\x25504446'))).toBe(true);
    expect(plain.body.files).toBeUndefined();
    expect(plain.body.recordDocuments).toBeUndefined();
  });

  it('previews the import as the publish plan and changes nothing', async () => {
    const res = await to.request<Plan>('POST', '/api/bundle/import?dryRun=true', { body: bundle });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.plan.filter((s) => s.kind === 'create-entity').map((s) => s.entity).sort()).toEqual(bundle.definition.entities.map((e) => e.name).sort());
    expect(res.body.records.rec_deal).toBe(bundle.data?.rec_deal?.length);
    expect(res.body.textTemplates).toBe(bundle.textTemplates?.length);
    expect(res.body.documentSequences).toBe(bundle.documentSequences?.length);
    expect([res.body.files, res.body.recordDocuments]).toEqual([2, 2]);
    expect((await to.request('GET', '/api/definitions/live')).status).toBe(404);
    expect(await counters(to)).toEqual([]);
  });

  it('a bundle of a newer format or the wrong shape is refused, changing nothing', async () => {
    const newer = await to.request<{ error: { code: string; details: Array<{ code: string; message_ru?: string }> } }>('POST', '/api/bundle/import', { body: { ...bundle, formatVersion: 99 } });
    expect(newer.status).toBe(409);
    expect(newer.body.error.details[0]?.code).toBe('NEWER_BUNDLE_FORMAT');
    expect(newer.body.error.details[0]?.message_ru).toContain('99');
    const broken = await to.request<{ error: { code: string; details: Array<{ pointer?: string }> } }>('POST', '/api/bundle/import', { body: { ...bundle, definition: 'none', extra: 1 } });
    expect(broken.status).toBe(400);
    expect(broken.body.error.details.map((d) => d.pointer)).toContain('/definition');
    // A file whose bytes are not those its checksum names (one byte changed on the way).
    const files = (bundle.files ?? []).map((f, i) => (i === 0 ? { ...f, content: f.content.slice(0, -2) + (f.content.endsWith('00') ? '01' : '00') } : f));
    const damaged = await to.request<{ error: { details: Array<{ code: string; pointer?: string; message_ru?: string }> } }>('POST', '/api/bundle/import', { body: { ...bundle, files } });
    expect(damaged.status).toBe(400);
    expect(damaged.body.error.details).toEqual([expect.objectContaining({ code: 'FILE_DAMAGED', pointer: '/files/0/content' })]);
    expect(damaged.body.error.details[0]?.message_ru).toContain('повреждён');
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
    // The deal's documents are there with their numbers, and their PDFs open byte for byte.
    const documentsThere = await documentsOf(from, dealId);
    expect(documentsThere).toHaveLength(2);
    expect(await documentsOf(to, dealId)).toEqual(documentsThere);
    // The next invoice here goes on after the two imported ones.
    expect(await makeInvoice(to, dealId)).toBe(`СЧ-${YEAR}-0003`);
    // Importing again loses nothing and duplicates nothing, and lowers no counter (3 here, 2 in the bundle).
    const again = await to.request<{ records: Record<string, number>; textTemplates: number; documentSequences: number }>('POST', '/api/bundle/import', { body: bundle });
    expect(again.status, JSON.stringify(again.body)).toBe(201);
    expect(Object.values(again.body.records).every((n) => n === 0)).toBe(true);
    expect(again.body.textTemplates).toBe(0);
    expect(again.body.documentSequences).toBe(0);
    expect(again.body).toMatchObject({ files: 0, recordDocuments: 0 });
    expect(await makeInvoice(to, dealId)).toBe(`СЧ-${YEAR}-0004`);
  }, 120_000);

  it('a bundle may be larger than the 5 MB other requests are held to, and only an admin gets it read', async () => {
    const large = { format: 'crm-bundle', formatVersion: 3, padding: 'x'.repeat(6_000_000) };
    // Read whole, then refused for its shape (not for its size).
    const read = await to.request<{ error: { code: string; details: Array<{ code: string; pointer?: string; message_ru?: string }> } }>('POST', '/api/bundle/import', { body: large });
    expect(read.status).toBe(400);
    expect(read.body.error.details).toContainEqual(expect.objectContaining({ code: 'INVALID_BUNDLE', pointer: '/padding', message_ru: '/: «padding» не входит в формат пакета' }));
    // Any other request of that size is still refused as too large.
    expect((await to.request('PUT', '/api/definitions/draft', { body: large })).status).toBe(413);
    // Someone who is not an admin is turned away before a byte of it is parsed.
    const rep = await from.request<{ error: { code: string } }>('POST', '/api/bundle/import', { body: large, token: repToken });
    expect(rep.status).toBe(403);
  });

  it('the same app again publishes nothing and leaves an admin’s unpublished draft as it was', async () => {
    const live = await to.request<App>('GET', '/api/definitions/live');
    const liveVersion = live.headers.get('x-definition-version');
    const { data: _data, people: _people, files: _files, recordDocuments: _docs, documentSequences: _seq, ...exported } = bundle;
    // The same app with its members in another order, as a bundle edited by hand or written by
    // another tool comes: equal as a document, not as text.
    const reordered = (value: unknown): unknown =>
      Array.isArray(value) ? value.map(reordered) : value !== null && typeof value === 'object' ? Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, reordered(v)])) : value;
    const definitionOnly = { ...exported, definition: reordered(exported.definition) };
    expect(JSON.stringify(definitionOnly.definition)).not.toBe(JSON.stringify(exported.definition));
    // An admin is half-way through a change here when the bundle (equal to live) comes in.
    const work = { ...live.body, entities: live.body.entities.map((e) => (e.name === 'deal' ? { ...e, label: { ru: 'Сделка (правка)', en: 'Deal (editing)' } } : e)) };
    expect((await to.request('PUT', '/api/definitions/draft', { body: work })).status).toBe(200);

    const res = await to.request<{ version: number | null }>('POST', '/api/bundle/import', { body: definitionOnly });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.version).toBeNull();
    expect((await to.request('GET', '/api/definitions/live')).headers.get('x-definition-version')).toBe(liveVersion);
    const draft = await to.request<App>('GET', '/api/definitions/draft');
    expect(draft.headers.get('x-definition-source')).toBe('draft');
    expect(draft.body.entities.find((e) => e.name === 'deal')?.label).toEqual({ ru: 'Сделка (правка)', en: 'Deal (editing)' });

    // With no draft of anyone's, none is left behind either.
    expect((await to.request('DELETE', '/api/definitions/draft')).status).toBeLessThan(300);
    expect((await to.request('POST', '/api/bundle/import', { body: definitionOnly })).status).toBe(201);
    expect((await to.request('GET', '/api/definitions/draft')).headers.get('x-definition-source')).toBe('live');
  }, 120_000);

  it('a bundle of format version 2 (no counters) still imports and leaves the counters as they are', async () => {
    const { documentSequences: _counters, ...older } = bundle;
    const before = await counters(to);
    const res = await to.request<{ documentSequences: number }>('POST', '/api/bundle/import', { body: { ...older, formatVersion: 2 } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.documentSequences).toBe(0);
    expect(await counters(to)).toEqual(before);
  }, 120_000);
});

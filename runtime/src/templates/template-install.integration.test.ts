import type { App, CreateDocumentResponse, TemplateInstallPreview, TemplateInstallResult } from '@crm/schemas';
import { loadTemplate } from '@crm/templates';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession } from '../auth/session.store.js';
import { amountInWordsRu } from '../text-templates/index.js';
import { insertUser } from '../people/users.repository.js';
import { testDatabaseKinds } from '../db/test-database.js';
import { startTestRuntime, type TestRuntime } from '../testing/test-runtime.js';

/*
 * Installing a template over HTTP as an admin would: a dry run first (what would be created, the
 * publish plan, nothing written), then the install; into an app that is already live the template's
 * parts go beside the app's own, and a template whose names are taken is refused naming each clash.
 * b2b-sales' documents (offer, contract, invoice) render for a demo deal, and its web form takes a
 * submission.
 */

const ownApp: App = {
  name: 'shelter',
  entities: [
    {
      name: 'pet',
      label: { en: 'Pet', ru: 'Питомец' },
      fields: [{ name: 'nickname', type: 'text', required: true }],
      display: 'nickname',
      search: ['nickname'],
    },
  ],
  roles: [
    { name: 'designer', label: { en: 'Designer', ru: 'Дизайнер' }, builder: true },
    { name: 'admin', label: { en: 'Director', ru: 'Директор' }, admin: true, builder: true, entities: { pet: { create: 'all', read: 'all', update: 'all', delete: 'all' } } },
  ],
};

interface ErrorBody {
  error: { code: string; message: string; details: Array<{ code: string; field?: string; message: string; message_ru?: string }> };
}

describe.each(testDatabaseKinds())('installing a template on %s', (kind) => {
  let fresh: TestRuntime;
  let live: TestRuntime;
  const b2b = loadTemplate('b2b-sales');

  beforeAll(async () => {
    [fresh, live] = await Promise.all([startTestRuntime(kind), startTestRuntime(kind, { app: ownApp })]);
  }, 300_000);
  afterAll(async () => {
    await Promise.all([fresh?.close(), live?.close()]);
  });

  async function counts(rt: TestRuntime): Promise<{ versions: number; users: number; teams: number; textTemplates: number }> {
    const one = async (table: string) => Number((await rt.db.knex(table).count<Array<{ count: string | number }>>('* as count'))[0]?.count ?? 0);
    return { versions: await one('definition_versions'), users: await one('users'), teams: await one('teams'), textTemplates: await one('text_templates') };
  }

  async function pdfText(rt: TestRuntime, url: string): Promise<string> {
    const res = await fetch(`${rt.baseUrl}${url}`, { headers: { authorization: `Bearer ${rt.adminToken}` } });
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const { text } = await extractText(await getDocumentProxy(new Uint8Array(await res.arrayBuffer())), { mergePages: true });
    return text.replace(/[\u00a0\u202f\s]+/g, ' ');
  }

  it('a dry run into an empty instance lists what would be created and the publish plan, and writes nothing', async () => {
    const before = await counts(fresh);
    const res = await fresh.request<TemplateInstallPreview>('POST', '/api/templates/b2b-sales/install?dryRun=true');
    expect(res.status).toBe(200);
    expect(res.body.dryRun).toBe(true);
    expect(res.body.mode).toBe('new');
    expect(res.body.creates.entities.map((e) => e.name)).toEqual(b2b.app.entities.map((e) => e.name));
    expect(res.body.creates.entities.find((e) => e.name === 'deal')?.fields).toContain('amount');
    expect(res.body.creates.roles).toEqual((b2b.app.roles ?? []).map((r) => r.name));
    expect(res.body.creates.processes).toEqual((b2b.app.processes ?? []).map((p) => p.name));
    expect(res.body.creates.people).toEqual((b2b.users ?? []).map((u) => u.email));
    expect(res.body.creates.textTemplates).toEqual((b2b.textTemplates ?? []).map((t) => t.name));
    expect(res.body.creates.textTemplates).toEqual(expect.arrayContaining(['deal_offer', 'deal_contract', 'deal_invoice', 'offer_follow_up']));
    expect(res.body.creates.webForms).toEqual(['site_request']);
    expect(res.body.records).toEqual(Object.fromEntries(Object.entries(b2b.data ?? {}).map(([entity, rows]) => [entity, rows.length])));
    const created = res.body.plan.filter((s) => s.kind === 'create-entity').map((s) => s.entity);
    expect(created.sort()).toEqual(b2b.app.entities.map((e) => e.name).sort());
    expect(await counts(fresh)).toEqual(before);
    expect((await fresh.request('GET', '/api/definitions/live')).status).toBe(404);
  });

  it('installs into an empty instance, and a second install of it is refused naming the clashes', async () => {
    const res = await fresh.request<TemplateInstallResult>('POST', '/api/templates/b2b-sales/install', { body: {} });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ dryRun: false, template: 'b2b-sales', mode: 'new', version: 1, people: (b2b.users ?? []).length });
    expect(res.body.records).toBe(Object.values(b2b.data ?? {}).reduce((n, rows) => n + rows.length, 0));

    const before = await counts(fresh);
    for (const query of ['?dryRun=true', '']) {
      const again = await fresh.request<ErrorBody>('POST', `/api/templates/b2b-sales/install${query}`, { body: {} });
      expect(again.status).toBe(409);
      expect(again.body.error.code).toBe('TEMPLATE_CLASH');
      expect(again.body.error.message).toContain('entities/deal');
      const fields = again.body.error.details.map((d) => d.field);
      expect(fields).toEqual(expect.arrayContaining(['entities/deal', 'entities/company', 'webForms/site_request', 'textTemplates/deal_invoice']));
      expect(again.body.error.details.every((d) => d.code === 'NAME_TAKEN' && d.message_ru && d.message)).toBe(true);
    }
    expect(await counts(fresh)).toEqual(before);
  }, 300_000);

  it("renders b2b-sales' offer, contract and invoice for a demo deal with its lines, total and the total in words", async () => {
    const deals = await fresh.request<{ data: Array<{ id: string; title: string; lines: Array<{ total: number }> }> }>('GET', '/api/records/deal?expand=lines&limit=100');
    const deal = deals.body.data.find((d) => d.lines.length > 1);
    if (!deal) throw new Error('b2b-sales has no demo deal with lines');
    const total = deal.lines.reduce((sum, line) => sum + line.total, 0);
    const money = `${new Intl.NumberFormat('ru-RU', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(total)} ₽`.replace(/[\u00a0\u202f]/g, ' ');
    for (const [template, heading] of [['deal_offer', 'Коммерческое предложение'], ['deal_contract', 'Договор поставки'], ['deal_invoice', 'Счёт на оплату']] as const) {
      const made = await fresh.request<CreateDocumentResponse>('POST', `/api/records/deal/${deal.id}/documents`, { body: { template } });
      expect(made.status, JSON.stringify(made.body)).toBe(201);
      const text = await pdfText(fresh, `/api/records/deal/${deal.id}/documents/${made.body.file.key}`);
      expect(text).toContain(heading);
      expect(text).toContain(deal.title);
      expect(text, text).toContain(money);
      expect(text).toContain(amountInWordsRu(total));
    }
    const documents = await fresh.request<{ items: unknown[] }>('GET', `/api/records/deal/${deal.id}/documents`);
    expect(documents.body.items).toHaveLength(3);
  });

  it("b2b-sales' site form takes a visitor's request as a new contact", async () => {
    const res = await fetch(`${fresh.baseUrl}/api/web-forms/site_request`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ first_name: 'Ирина', last_name: 'Заявкина', email: 'irina.request@example.com', phone: '+7 912 555-01-02', _consent: 'yes' }),
    });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ accepted: true });
    const filter = encodeURIComponent(JSON.stringify({ field: 'email', op: 'eq', value: 'irina.request@example.com' }));
    const found = await fresh.request<{ data: Array<Record<string, unknown>> }>('GET', `/api/records/contact?filter=${filter}`);
    expect(found.body.data).toEqual([expect.objectContaining({ first_name: 'Ирина', last_name: 'Заявкина', phone: '+79125550102' })]);
  });

  it("adds the template beside a live app's own parts, keeping their records", async () => {
    const pet = await live.request<{ id: string }>('POST', '/api/records/pet', { body: { nickname: 'Барсик' } });
    expect(pet.status).toBe(201);
    const preview = await live.request<TemplateInstallPreview>('POST', '/api/templates/b2b-sales/install?dryRun=true');
    expect(preview.status).toBe(200);
    expect(preview.body.mode).toBe('beside');
    // The plan touches only the template's parts: nothing of the pet entity changes.
    expect(preview.body.plan.some((s) => s.entity === 'pet')).toBe(false);
    expect(preview.body.plan.filter((s) => s.kind === 'create-entity').length).toBe(b2b.app.entities.length);
    // Both have an `admin` with the same powers: the template's is merged into the app's, not a clash.
    expect(preview.body.creates.rolesExtended).toEqual(['admin']);
    expect(preview.body.creates.roles).not.toContain('admin');

    const res = await live.request<TemplateInstallResult>('POST', '/api/templates/b2b-sales/install', { body: {} });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ mode: 'beside', version: 2 });
    const app = await live.request<App>('GET', '/api/definitions/live');
    expect(app.headers.get('x-definition-version')).toBe('2');
    const entities = app.body.entities.map((e) => e.name);
    expect(entities).toEqual(['pet', ...b2b.app.entities.map((e) => e.name)]);
    const templateRoles = (b2b.app.roles ?? []).map((r) => r.name).filter((name) => name !== 'admin');
    expect(app.body.roles?.map((r) => r.name)).toEqual(['designer', 'admin', ...templateRoles]);
    const admin = app.body.roles?.find((r) => r.name === 'admin');
    expect(admin?.label).toEqual({ en: 'Director', ru: 'Директор' });
    expect(Object.keys(admin?.entities ?? {}).sort()).toEqual(['pet', ...b2b.app.entities.map((e) => e.name)].sort());
    expect(app.body.name).toBe('shelter');
    expect((await live.request<{ nickname: string }>('GET', `/api/records/pet/${pet.body.id}`)).body.nickname).toBe('Барсик');
  }, 300_000);

  it('only admins install; an unknown template is a 404 listing the templates that exist', async () => {
    const designer = await insertUser(live.db.knex, { email: 'designer@example.com', name: 'Designer', passwordHash: null, roles: ['designer'] });
    const token = await createSession(live.db.knex, designer.id);
    const refused = await live.request<ErrorBody>('POST', '/api/templates/b2b-sales/install?dryRun=true', { token });
    expect(refused.status).toBe(403);
    const unknown = await fresh.request<ErrorBody>('POST', '/api/templates/no-such-crm/install?dryRun=true');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toContain('b2b-sales');
    expect(unknown.body.error.details[0]?.message_ru).toContain('no-such-crm');
  });
});

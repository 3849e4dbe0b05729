import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../db/test-database.js';
import { startTestRuntime, type TestRuntime } from '../testing/test-runtime.js';
import { postCsv, sessionFor, withQuery } from './exchange.test-support.js';
import type { ImportReport } from './import-report.builder.js';

/*
 * Relation cells by name: a deal's company column may hold the company's name (any case) or its INN
 * (a unique field) instead of its id; a name two companies share is refused as ambiguous, a name
 * nobody has as unknown, and a contact the sales rep may not read is unknown too (the import never
 * tells that it exists). A blank company cell imports the deal with a warning. Dry run and real
 * import answer the same.
 */

describe.each(testDatabaseKinds())('import: relations by name on %s', (kind) => {
  let rt: TestRuntime;
  let rep: { id: string; token: string };
  const ids: Record<string, string> = {};

  async function create(entity: string, body: Record<string, unknown>): Promise<string> {
    const res = await rt.request<{ id: string }>('POST', `/api/records/${entity}`, { body });
    expect(res.status).toBe(201);
    return res.body.id;
  }

  beforeAll(async () => {
    rt = await startTestRuntime(kind, { template: 'b2b-sales' });
    rep = await sessionFor(rt, 'dmitry.petrov@example.com');
    ids['alpha'] = await create('company', { name: 'Альфа Импорт', inn: '7700000001' });
    ids['beta'] = await create('company', { name: 'Бета Импорт', inn: '7700000002' });
    await create('company', { name: 'Дубль Импорт', inn: '7700000003' });
    await create('company', { name: 'дубль импорт', inn: '7700000004' });
    // Owned by the admin: a sales rep reads only their own contacts.
    ids['hidden'] = await create('contact', { first_name: 'Скрытый', last_name: 'Контактов', email: 'hidden.contact@example.com' });
  });
  afterAll(async () => {
    await rt?.close();
  });

  const CSV = [
    'title,amount,company,contact',
    'По имени,1000,альфа импорт,',
    'По ИНН,2000,7700000002,',
    'Двойное имя,3000,Дубль Импорт,',
    'Нет такой,4000,Гамма Импорт,',
    'Без компании,5000,,',
    'Чужой контакт,6000,Альфа Импорт,hidden.contact@example.com',
  ].join('\n');

  it('links by name and by a unique field, refuses ambiguous and unknown names, and warns of a blank relation', async () => {
    const dry = await postCsv<ImportReport>(rt, withQuery('/api/import/deal', { dryRun: '1' }), CSV, rep.token);
    expect(dry.status).toBe(200);
    const res = await postCsv<ImportReport>(rt, '/api/import/deal', CSV, rep.token);
    expect(res.status).toBe(200);
    for (const report of [dry.body, res.body]) {
      expect(report).toMatchObject({ rows: 6, accepted: 3, rejectedRows: 3 });
      expect(report.rejected.map((p) => [p.row, p.field, p.code])).toEqual([
        [4, 'company', 'AMBIGUOUS_REFERENCE'],
        [5, 'company', 'INVALID_REFERENCE'],
        [7, 'contact', 'INVALID_REFERENCE'],
      ]);
      expect(report.rejected[1]?.message_ru).toContain('Гамма Импорт');
      // The rep is not told the hidden contact exists: the answer is the one for an unknown name.
      expect(report.rejected[2]?.message).not.toContain(ids['hidden']);
      // Every blank relation cell of an imported row, the contact column's too.
      expect(report.warnings.map((w) => [w.row, w.field, w.code])).toEqual([
        [2, 'contact', 'EMPTY_RELATION'],
        [3, 'contact', 'EMPTY_RELATION'],
        [6, 'company', 'EMPTY_RELATION'],
        [6, 'contact', 'EMPTY_RELATION'],
      ]);
    }
    const deals = await rt.db.knex('rec_deal').whereIn('title', ['По имени', 'По ИНН', 'Без компании']).select('title', 'company');
    const byTitle = Object.fromEntries(deals.map((d: { title: string; company: string | null }) => [d.title, d.company]));
    expect(byTitle).toEqual({ 'По имени': ids['alpha'], 'По ИНН': ids['beta'], 'Без компании': null });
  });

  it('ids still go through, and a list of many-to-many names is not needed for many-to-one columns', async () => {
    const csv = ['title,amount,company', `По id,7000,${ids['alpha'] ?? ''}`].join('\n');
    const res = await postCsv<ImportReport>(rt, '/api/import/deal', csv, rep.token);
    expect(res.body).toMatchObject({ rows: 1, created: 1, rejectedRows: 0, warnings: [] });
  });
});

describe.each(testDatabaseKinds())('GET /api/import/:entity/fields on %s', (kind) => {
  let rt: TestRuntime;
  afterAll(async () => {
    await rt?.close();
  });

  it('lists what a sales rep may import into deals: no hidden margin, discount read-only, stages as values, the company as a relation', async () => {
    rt = await startTestRuntime(kind, { template: 'b2b-sales' });
    const rep = await sessionFor(rt, 'dmitry.petrov@example.com');
    const res = await rt.request<{ canCreate: boolean; fields: Array<{ name: string; writable: boolean; required: boolean; options?: Array<{ value: string }>; target?: string }> }>(
      'GET',
      '/api/import/deal/fields',
      { token: rep.token },
    );
    expect(res.status).toBe(200);
    expect(res.body.canCreate).toBe(true);
    const byName = new Map(res.body.fields.map((f) => [f.name, f]));
    expect(byName.has('margin')).toBe(false);
    expect(byName.get('discount')?.writable).toBe(false);
    expect(byName.get('title')).toMatchObject({ writable: true, required: true });
    expect(byName.get('stage')?.options?.map((o) => o.value)).toEqual(['lead', 'qualified', 'proposal', 'contract', 'won', 'lost']);
    expect(byName.get('company')?.target).toBe('company');
    expect(byName.get('owner')?.writable).toBe(false);
    const admin = await rt.request<{ fields: Array<{ name: string; writable: boolean }> }>('GET', '/api/import/deal/fields');
    expect(admin.body.fields.find((f) => f.name === 'margin')?.writable).toBe(true);
  });
});

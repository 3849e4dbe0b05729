import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../db/test-database.js';
import { recordsTestApp } from '../records/records.fixtures.js';
import { startTestRuntime, type TestRuntime } from '../testing/test-runtime.js';
import { getText, postCsv, withQuery } from './exchange.test-support.js';
import type { ImportReport } from './import-report.builder.js';

/*
 * Every field type through import and back out (the records test app: multienum, many-to-many,
 * formula, money, dates, a user field defaulting to $user, a pipeline with transitions and stage
 * rules, a unique phone): what the import reads is what the export writes, so an exported file
 * imported again over the same records (match by id) changes nothing.
 */

interface Deal {
  id: string;
  title: string;
  amount: number | null;
  weighted: number | null;
  stage: string | null;
  tags: string[];
  manager: string | null;
  opened_on: string | null;
  close_date: string | null;
  version: number;
}

describe.each(testDatabaseKinds())('import and export round trip on %s', (kind) => {
  let rt: TestRuntime;
  let tags: string[];
  let adminId: string;

  beforeAll(async () => {
    rt = await startTestRuntime(kind, { app: recordsTestApp() });
    adminId = (await rt.request<{ user: { id: string } }>('GET', '/api/auth/me')).body.user.id;
    tags = [];
    for (const name of ['vip', 'hot', 'cold']) tags.push((await rt.request<{ id: string }>('POST', '/api/records/tag', { body: { name } })).body.id);
  });
  afterAll(async () => {
    await rt?.close();
  });

  it('imports every field type, computing formulas, filling defaults and keeping stage rules', async () => {
    const csv = [
      'title;amount;stage;tags;manager;close_date;code',
      `Первая;1 500,50;new;"${tags[0]}; ${tags[1]}";admin@example.com;;A-1`,
      `Вторая;2000;won;${tags[2]};;;A-2`,
      `Третья;3000;won;;;01.12.2026;A-3`,
      `Четвёртая;;qualified;;;;A-4`,
    ].join('\n');
    const res = await postCsv<ImportReport>(rt, '/api/import/deal', csv, rt.adminToken);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ created: 2, rejectedRows: 2 });
    expect(res.body.rejected.map((r) => [r.row, r.field, r.code])).toEqual([
      [3, 'close_date', 'REQUIRED_FOR_STAGE'],
      [5, 'amount', 'REQUIRED_FOR_STAGE'],
    ]);
    const list = await rt.request<{ data: Deal[] }>('GET', '/api/records/deal?sort=title');
    const first = list.body.data.find((d) => d.title === 'Первая');
    expect(first).toMatchObject({ amount: 1500.5, weighted: 150.05, stage: 'new', manager: adminId, close_date: null });
    expect(first?.tags).toEqual([tags[0], tags[1]].sort());
    expect(first?.opened_on).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(list.body.data.find((d) => d.title === 'Третья')).toMatchObject({ stage: 'won', close_date: '2026-12-01', weighted: 300 });

    // A unique phone and multienum values, on companies and contacts.
    const companies = await postCsv<ImportReport>(rt, '/api/import/company', 'name,segments,founded_at\nООО «Один»,smb; public,2020-05-01T09:30:00Z\nООО «Два»,enterprise,\n', rt.adminToken);
    expect(companies.body).toMatchObject({ created: 2, rejectedRows: 0 });
    const contacts = await postCsv<ImportReport>(rt, '/api/import/contact', 'full_name,phone\nИван,8 (912) 345-67-89\nПётр,+79123456789\nОлег,+7 912 000 00 01\n', rt.adminToken);
    expect(contacts.body).toMatchObject({ created: 2, skipped: 1, match: ['phone'] });
  });

  it('takes back its own export unchanged, and applies a stage change only along allowed transitions', async () => {
    for (const entity of ['deal', 'company', 'contact']) {
      const exported = await getText(rt, `/api/export/${entity}`, rt.adminToken);
      expect(exported.status).toBe(200);
      const res = await postCsv<ImportReport>(rt, `/api/import/${entity}?mode=upsert&match=id`, exported.text, rt.adminToken);
      expect(res.status).toBe(200);
      const rows = parse(exported.text, { bom: true }).length - 1;
      expect(res.body).toMatchObject({ rows, unchanged: rows, updated: 0, created: 0, rejectedRows: 0 });
    }
    const labelled = await getText(rt, withQuery('/api/export/company', { labels: 'en', bom: '1', delimiter: ';' }), rt.adminToken);
    const again = await postCsv<ImportReport>(rt, '/api/import/company?mode=upsert&match=id', labelled.text, rt.adminToken);
    expect(again.body).toMatchObject({ unchanged: 2, rejectedRows: 0 });

    const deals = await rt.request<{ data: Deal[] }>('GET', '/api/records/deal?sort=title');
    const first = deals.body.data.find((d) => d.title === 'Первая');
    const csv = `id,stage\n${first?.id},proposal\n`;
    const refused = await postCsv<ImportReport>(rt, '/api/import/deal?mode=upsert&match=id', csv, rt.adminToken);
    expect(refused.body.rejected).toEqual([expect.objectContaining({ row: 2, field: 'stage', code: 'INVALID_TRANSITION' })]);
    const moved = await postCsv<ImportReport>(rt, '/api/import/deal?mode=upsert&match=id', `id,stage\n${first?.id},qualified\n`, rt.adminToken);
    expect(moved.body).toMatchObject({ updated: 1 });
    const after = await rt.request<Deal>('GET', `/api/records/deal/${first?.id}`);
    expect(after.body).toMatchObject({ stage: 'qualified', version: (first?.version ?? 0) + 1, weighted: 150.05 });
  });
});

import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../db/test-database.js';
import { startTestRuntime, type TestRuntime } from '../testing/test-runtime.js';
import { getText, sameButName, sessionFor, withQuery } from './exchange.test-support.js';

/*
 * GET /api/export/:entity over HTTP with the b2b-sales template: what each caller gets is exactly
 * what they may read (a sales rep: own deals, never `margin`), a hidden field cannot be named in
 * fields, filter or sort (the answer equals the one for a field that does not exist), pages follow
 * one another without loss or repetition, and every export is in the audit log.
 */

const DEAL_COUNT_EXTRA = 2300;

interface ListBody {
  data: Array<Record<string, unknown>>;
  nextCursor: string | null;
  total?: number;
}

function csvRecords(text: string, delimiter = ','): string[][] {
  return parse(text, { delimiter, bom: true });
}

describe.each(testDatabaseKinds())('export over HTTP on %s', (kind) => {
  let rt: TestRuntime;
  let rep: { id: string; token: string };

  async function ownDealIds(token: string): Promise<string[]> {
    const ids: string[] = [];
    let cursor: string | null = null;
    do {
      const params: Record<string, string> = { limit: '500', ...(cursor ? { cursor } : {}) };
      const res = await rt.request<ListBody>('GET', withQuery('/api/records/deal', params), { token });
      ids.push(...res.body.data.map((d) => String(d['id'])));
      cursor = res.body.nextCursor;
    } while (cursor);
    return ids.sort();
  }

  beforeAll(async () => {
    rt = await startTestRuntime(kind, { template: 'b2b-sales' });
    rep = await sessionFor(rt, 'dmitry.petrov@example.com');
    // Enough deals for several pages, half of them the rep's, straight into the table.
    const admin = (await rt.request<{ user: { id: string } }>('GET', '/api/auth/me')).body.user.id;
    await rt.db.knex.raw(
      `INSERT INTO rec_deal (owner, created_by, updated_by, title, amount, margin, stage)
       SELECT CASE WHEN g % 2 = 0 THEN CAST(? AS uuid) ELSE CAST(? AS uuid) END, CAST(? AS uuid), CAST(? AS uuid), 'Bulk ' || g, g * 10, 33, 'lead'
       FROM generate_series(1, ?) g`,
      [rep.id, admin, admin, admin, DEAL_COUNT_EXTRA],
    );
  });
  afterAll(async () => {
    await rt?.close();
  });

  it('writes every readable deal exactly once across pages, with a header of field names', async () => {
    const res = await getText(rt, '/api/export/deal', rt.adminToken);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="?deal-\d{4}-\d{2}-\d{2}\.csv"?$/);
    const [header = [], ...rows] = csvRecords(res.text);
    expect(header.slice(0, 3)).toEqual(['id', 'version', 'owner']);
    expect(header).toContain('margin');
    const ids = rows.map((r) => r[0] ?? '');
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.sort()).toEqual(await ownDealIds(rt.adminToken));
  });

  it("gives a sales rep exactly their own deals and never the hidden margin", async () => {
    const res = await getText(rt, '/api/export/deal?format=json', rep.token);
    expect(res.status).toBe(200);
    const records: Array<Record<string, unknown>> = JSON.parse(res.text);
    expect(records.map((r) => String(r['id'])).sort()).toEqual(await ownDealIds(rep.token));
    expect(records.every((r) => r['owner'] === rep.id)).toBe(true);
    expect(records.some((r) => 'margin' in r)).toBe(false);
    expect(records.length).toBeGreaterThan(DEAL_COUNT_EXTRA / 2);
    const csv = await getText(rt, '/api/export/deal', rep.token);
    expect(csvRecords(csv.text)[0]).not.toContain('margin');
  });

  it('refuses a hidden field in fields, filter and sort exactly as a field that does not exist', async () => {
    const probes: Array<(name: string) => Record<string, string>> = [
      (name) => ({ fields: `title,${name}` }),
      (name) => ({ filter: JSON.stringify({ field: name, op: 'gt', value: 10 }) }),
      (name) => ({ sort: `-${name}` }),
    ];
    for (const probe of probes) {
      const hidden = await getText(rt, withQuery('/api/export/deal', probe('margin')), rep.token);
      const missing = await getText(rt, withQuery('/api/export/deal', probe('no_such')), rep.token);
      expect(hidden.status).toBe(400);
      expect(missing.status).toBe(400);
      expect(sameButName(JSON.parse(hidden.text), 'margin')).toBe(sameButName(JSON.parse(missing.text), 'no_such'));
    }
    // The admin may use the same field: the refusal above is about the rep, not the field.
    expect((await getText(rt, withQuery('/api/export/deal', { fields: 'title,margin', sort: '-margin' }), rt.adminToken)).status).toBe(200);
  });

  it('filters and sorts in the query, and writes labels, a BOM and another delimiter when asked', async () => {
    const filter = JSON.stringify({ field: 'amount', op: 'gte', value: 22_950 });
    const res = await getText(rt, withQuery('/api/export/deal', { filter, sort: '-amount', fields: 'title,amount,stage', labels: 'ru', bom: '1', delimiter: ';' }), rep.token);
    expect(res.status).toBe(200);
    expect(res.text.startsWith('\uFEFFНазвание;Сумма;Стадия\r\n')).toBe(true);
    const [, ...rows] = csvRecords(res.text, ';');
    const amounts = rows.map((r) => Number(r[1]));
    expect(amounts.length).toBeGreaterThan(0);
    expect(amounts.every((a) => a >= 22_950)).toBe(true);
    expect([...amounts].sort((a, b) => b - a)).toEqual(amounts);
    expect(new Set(rows.map((r) => r[2]))).toContain('Лид');
  });

  it('adds the related record title with expand and guards formula-like text', async () => {
    const company = await rt.request<{ id: string }>('POST', '/api/records/company', { body: { name: 'ООО «Экспорт»' }, token: rep.token });
    const deal = await rt.request<{ id: string }>('POST', '/api/records/deal', { body: { title: '=HYPERLINK("http://x")', amount: 5, company: company.body.id }, token: rep.token });
    const res = await getText(rt, withQuery('/api/export/deal', { fields: 'id,title,company', expand: 'company', filter: JSON.stringify({ field: 'id', op: 'eq', value: deal.body.id }) }), rep.token);
    expect(res.status).toBe(200);
    expect(csvRecords(res.text)).toEqual([
      ['id', 'title', 'company', 'company.name'],
      [deal.body.id, `'=HYPERLINK("http://x")`, company.body.id, 'ООО «Экспорт»'],
    ]);
  });

  it('records each export in the audit log with its row count', async () => {
    const filter = JSON.stringify({ field: 'title', op: 'startsWith', value: 'Bulk 1' });
    const res = await getText(rt, withQuery('/api/export/deal', { filter, fields: 'id' }), rep.token);
    const rows = csvRecords(res.text).length - 1;
    const entry: { details: Record<string, unknown>; actor_id: string } | undefined = await rt.db.knex('audit_log').where({ action: 'data.export' }).orderBy('id', 'desc').first();
    expect(entry?.actor_id).toBe(rep.id);
    expect(entry?.details).toMatchObject({ entity: 'deal', rows, complete: true, filter: JSON.parse(filter) });
  });
});

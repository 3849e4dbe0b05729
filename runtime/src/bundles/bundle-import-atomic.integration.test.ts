import type { AppBundle } from '@crm/schemas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../db/test-database.js';
import { tableRowCounts } from '../testing/table-row-counts.js';
import { startTestRuntime, type TestRuntime } from '../testing/test-runtime.js';

/*
 * A bundle import is one transaction: the definition's publish, its people, records and document
 * templates commit together or not at all. A bundle whose last table holds a row the database
 * refuses (an id that is not a uuid) leaves the instance exactly as it was, draft included, and
 * the correct bundle then imports.
 */

async function snapshot(rt: TestRuntime): Promise<Record<string, number>> {
  return tableRowCounts(rt.db.knex);
}

describe.each(testDatabaseKinds())('a bundle import is all or nothing on %s', (kind) => {
  let from: TestRuntime;
  let to: TestRuntime;

  beforeAll(async () => {
    [from, to] = await Promise.all([startTestRuntime(kind, { template: 'b2b-sales' }), startTestRuntime(kind)]);
  }, 300_000);
  afterAll(async () => {
    await Promise.all([from?.close(), to?.close()]);
  });

  it('a row the database refuses leaves nothing of the import, and the correct bundle then imports', async () => {
    const exported = await from.request<AppBundle>('GET', '/api/bundle?data=true&people=true');
    expect(exported.status).toBe(200);
    const bundle = exported.body;
    const data = bundle.data ?? {};
    const tables = Object.keys(data).filter((t) => !t.startsWith('lnk_'));
    const last = tables.at(-1);
    const row = last ? data[last]?.[0] : undefined;
    if (!last || !row) throw new Error('the exported bundle has no records');
    const broken: AppBundle = { ...bundle, data: { ...data, [last]: [...(data[last] ?? []), { ...row, id: 'not-a-uuid' }] } };

    const before = await snapshot(to);
    const refused = await to.request<{ error: { code: string; details: Array<{ code: string; field: string }> } }>('POST', '/api/bundle/import', { body: broken });
    // The bundle's fault, said as such: a 400 naming the table, not an unexpected 500.
    expect(refused.status, JSON.stringify(refused.body)).toBe(400);
    expect(refused.body.error.details).toEqual([expect.objectContaining({ code: 'ROWS_REFUSED', field: `data.${last}` })]);
    expect(await snapshot(to)).toEqual(before);
    expect(await to.db.knex('definition_draft').first('definition')).toBeUndefined();
    expect((await to.request('GET', '/api/definitions/live')).status).toBe(404);

    const res = await to.request<{ version: number; people: number; textTemplates: number; records: Record<string, number> }>('POST', '/api/bundle/import', { body: bundle });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.version).toBe(1);
    expect(res.body.textTemplates).toBe(bundle.textTemplates?.length);
    expect(res.body.records[last]).toBe(data[last]?.length);
  }, 300_000);
});

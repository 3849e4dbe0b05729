import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../db/test-database.js';
import { startTestRuntime, type TestRuntime } from '../testing/test-runtime.js';
import { countRows, postCsv, sessionFor } from './exchange.test-support.js';
import type { ImportReport } from './import-report.builder.js';

/*
 * A CSV row with several problems of different kinds (cells that do not parse, a field the caller
 * may not write, a required value missing) is reported with every one of them at once, each field
 * named once, so the file can be fixed in one go (issue 11, item 13).
 */

describe.each(testDatabaseKinds())('an import row with several problems on %s', (kind) => {
  let rt: TestRuntime;
  let rep: { id: string; token: string };

  beforeAll(async () => {
    rt = await startTestRuntime(kind, { template: 'b2b-sales' });
    rep = await sessionFor(rt, 'dmitry.petrov@example.com');
  });
  afterAll(async () => {
    await rt?.close();
  });

  it('lists every problem of the row, not only those of the first check', async () => {
    const before = await countRows(rt, 'rec_deal');
    const csv = ['title,amount,discount,close_date', ',abc,10,someday', 'Good deal,1000,,2026-01-15'].join('\n');

    const res = await postCsv<ImportReport>(rt, '/api/import/deal', csv, rep.token);

    expect(res.status).toBe(200);
    expect(res.body.rejectedRows).toBe(1);
    const row2 = res.body.rejected.filter((p) => p.row === 2);
    expect(row2.map((p) => p.field).sort()).toEqual(['amount', 'close_date', 'discount', 'title']);
    expect(row2.find((p) => p.field === 'discount')?.code).toBe('FIELD_NOT_WRITABLE');
    for (const problem of row2) expect(problem).toEqual(expect.objectContaining({ code: expect.any(String), message: expect.any(String), message_ru: expect.any(String) }));
    // The good row went in; the bad one changed nothing.
    expect(res.body.created).toBe(1);
    expect(await countRows(rt, 'rec_deal')).toBe(before + 1);
  });
});

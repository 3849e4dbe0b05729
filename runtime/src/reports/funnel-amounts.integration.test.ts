import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../db/test-database.js';
import { withQuery } from '../exchange/exchange.test-support.js';
import { startTestRuntime, type TestRuntime } from '../testing/test-runtime.js';
import type { FunnelReport } from './funnel.report.js';

/*
 * The funnel's amounts are numbers wherever the pipeline has an amount field: a stage whose
 * records have no amount says 0, as the totals and the empty stages do, not null (issue 11, item 13).
 */

describe.each(testDatabaseKinds())('funnel amounts on %s', (kind) => {
  let rt: TestRuntime;
  beforeAll(async () => {
    rt = await startTestRuntime(kind, { template: 'b2b-sales' });
    await rt.request('POST', '/api/records/deal', { body: { title: 'No discount', amount: 500, stage: 'lead' } });
  });
  afterAll(async () => {
    await rt?.close();
  });

  it('says 0, not null, for stages whose records have no amount, like the empty stages and the totals', async () => {
    // Summing `discount` over deals that have none: every stage with records sums nothing.
    const path = withQuery('/api/reports/deal/funnel', { amountField: 'discount', filter: JSON.stringify({ field: 'discount', op: 'isEmpty' }) });
    const res = await rt.request<FunnelReport>('GET', path);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.stages.some((s) => s.count > 0)).toBe(true);
    for (const stage of res.body.stages) expect(stage.amount, stage.name).toBe(0);
    expect(res.body.totals.amount).toBe(0);
    expect(res.body.totals.open.amount).toBe(0);
    expect(res.body.other.amount).toBe(0);
  });
});

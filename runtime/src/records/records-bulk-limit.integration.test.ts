import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BULK_MAX_IDS, BULK_MAX_MATCHING, type BulkResponse } from '@crm/schemas';
import { testDatabaseKinds } from '../db/test-database.js';
import { startTestRuntime, type TestRuntime } from '../testing/test-runtime.js';
import { bulkApp } from './records-bulk.fixtures.js';
import { signInNewUser, type ErrorBody } from './records.test-support.js';

/*
 * The limits of POST /api/records/:entity/bulk (records-bulk.routes.ts, records-bulk.parser.ts):
 * "select all matching" handles at most BULK_MAX_MATCHING records a request and says so with
 * `truncated` and `next`; a request with `match.after: next` goes on with the rest, even when the
 * action leaves the handled records in the filter (an owner change), where a plain second run would
 * take the same first ones again. Ticked ids beyond BULK_MAX_IDS are refused as a whole, naming the
 * field.
 */

const SEEDED = BULK_MAX_MATCHING + 1;

describe.each(testDatabaseKinds())('bulk action limits on %s', (kind) => {
  let rt: TestRuntime;
  let lead: { id: string; token: string };

  beforeAll(async () => {
    rt = await startTestRuntime(kind, { app: bulkApp() });
    lead = await signInNewUser(rt, `bulk-limit-${kind}@x.test`, 'Lead', { roles: ['lead'] });
    // One more deal than one "all matching" request handles, straight into the table.
    await rt.db.knex.raw(
      `INSERT INTO rec_deal (owner, created_by, updated_by, title, stage)
       SELECT CAST(? AS uuid), CAST(? AS uuid), CAST(? AS uuid), 'Deal ' || g, 'lead' FROM generate_series(1, ?) g`,
      [lead.id, lead.id, lead.id, SEEDED],
    );
  });
  afterAll(async () => {
    await rt?.close();
  });

  const bulk = (body: unknown) => rt.request<BulkResponse>('POST', '/api/records/deal/bulk', { token: lead.token, body });
  const stageCounts = async (): Promise<Record<string, number>> => {
    const rows: Array<{ stage: string; n: number | string }> = await rt.db.knex('rec_deal').select('stage').count({ n: '*' }).groupBy('stage');
    return Object.fromEntries(rows.map((r) => [r.stage, Number(r.n)]));
  };

  it(`does the first ${BULK_MAX_MATCHING} of ${SEEDED} matching records, says it stopped, and a second run does the rest`, { timeout: 600_000 }, async () => {
    const request = { action: 'change_stage', value: 'qualified', match: { filter: { field: 'stage', op: 'eq', value: 'lead' }, q: null } };

    const first = await bulk(request);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ action: 'change_stage', done: BULK_MAX_MATCHING, refused: 0, truncated: true });
    const firstIds = first.body.results.map((r) => r.id);
    expect(new Set(firstIds).size).toBe(BULK_MAX_MATCHING);
    // Exactly those were written; the one past the limit was not touched.
    expect(await stageCounts()).toEqual({ qualified: BULK_MAX_MATCHING, lead: 1 });

    const second = await bulk(request);
    expect(second.body).toMatchObject({ done: 1, refused: 0, truncated: false });
    expect(firstIds).not.toContain(second.body.results[0]?.id);
    expect(await stageCounts()).toEqual({ qualified: SEEDED });
  });

  it('goes on after the first request with its `next` when the action leaves the records in the filter', { timeout: 600_000 }, async () => {
    const other = await signInNewUser(rt, `bulk-limit-other-${kind}@x.test`, 'Other', { roles: ['lead'] });
    const match = { filter: { field: 'title', op: 'contains', value: 'Deal' }, q: null };
    const first = await bulk({ action: 'assign_owner', value: other.id, match });
    expect(first.body).toMatchObject({ action: 'assign_owner', done: BULK_MAX_MATCHING, refused: 0, truncated: true });
    expect(typeof first.body.next).toBe('string');
    const owned = async (): Promise<number> => Number((await rt.db.knex('rec_deal').where({ owner: other.id }).count({ n: '*' }))[0]?.n);
    expect(await owned()).toBe(BULK_MAX_MATCHING);

    const rest = await bulk({ action: 'assign_owner', value: other.id, match: { ...match, after: first.body.next } });
    expect(rest.status).toBe(200);
    expect(rest.body).toMatchObject({ done: 1, refused: 0, truncated: false });
    expect(rest.body.next).toBeUndefined();
    expect(first.body.results.map((r) => r.id)).not.toContain(rest.body.results[0]?.id);
    expect(await owned()).toBe(SEEDED);

    const garbage = await rt.request<ErrorBody>('POST', '/api/records/deal/bulk', { token: lead.token, body: { action: 'assign_owner', value: lead.id, match: { ...match, after: 'not-a-cursor' } } });
    expect(garbage.status).toBe(400);
    expect(garbage.body.error.details[0]).toMatchObject({ field: 'match.after', code: 'INVALID_CURSOR' });
    expect(await owned()).toBe(SEEDED);
  });

  it(`refuses more than ${BULK_MAX_IDS} ticked ids as a whole, naming the field, before writing anything`, async () => {
    const ids = Array.from({ length: BULK_MAX_IDS + 1 }, () => crypto.randomUUID());
    const res = await rt.request<ErrorBody>('POST', '/api/records/deal/bulk', { token: lead.token, body: { action: 'delete', ids } });
    expect(res.status).toBe(400);
    expect(res.body.error.details[0]).toMatchObject({ field: 'ids' });
    expect(JSON.stringify(res.body.error.details)).toContain(String(BULK_MAX_IDS));
  });
});

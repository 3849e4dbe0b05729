import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BulkResponse } from '@crm/schemas';
import { testDatabaseKinds } from '../db/test-database.js';
import { startTestRuntime, type TestRuntime } from '../testing/test-runtime.js';
import { bulkApp } from './records-bulk.fixtures.js';
import { createRecord, signInNewUser, type RecordBody } from './records.test-support.js';

/* POST /api/records/:entity/bulk: each record goes through the record service; refusals are per id, with the reason. */

describe.each(testDatabaseKinds())('bulk record actions on %s', (kind) => {
  let rt: TestRuntime;
  let rep: { id: string; token: string };
  let lead: { id: string; token: string };

  beforeAll(async () => {
    rt = await startTestRuntime(kind, { app: bulkApp() });
    rep = await signInNewUser(rt, `bulk-rep-${kind}@x.test`, 'Rep', { roles: ['rep'] });
    lead = await signInNewUser(rt, `bulk-lead-${kind}@x.test`, 'Lead', { roles: ['lead'] });
  });
  afterAll(async () => {
    await rt?.close();
  });

  const bulk = (token: string, body: unknown) => rt.request<BulkResponse>('POST', '/api/records/deal/bulk', { token, body });
  const get = async (id: string) => (await rt.request<RecordBody>('GET', `/api/records/deal/${id}`)).body;

  it('changes the stage of each record the rules allow and says why the others were refused', async () => {
    const a = await createRecord(rt, 'deal', { title: 'A', stage: 'lead' }, rep.token);
    const b = await createRecord(rt, 'deal', { title: 'B', stage: 'qualified' }, rep.token);
    const c = await createRecord(rt, 'deal', { title: 'C', stage: 'lead' }, lead.token);

    // A: lead -> proposal is no transition; B: qualified -> proposal needs an amount; C: not the rep's.
    const res = await bulk(rep.token, { action: 'change_stage', ids: [a.id, b.id, c.id], value: 'proposal' });
    expect(res.status).toBe(200);
    expect(res.body.done).toBe(0);
    expect(res.body.results.map((r) => [r.id, r.ok, r.ok ? null : r.code])).toEqual([
      [a.id, false, 'INVALID_TRANSITION'],
      [b.id, false, 'REQUIRED_FOR_STAGE'],
      [c.id, false, 'NOT_FOUND'],
    ]);
    const refusedB = res.body.results[1];
    expect(refusedB && !refusedB.ok ? refusedB.message_ru : '').toContain('amount');

    const moved = await bulk(rep.token, { action: 'change_stage', ids: [a.id, b.id], value: 'qualified' });
    // B is already there: setting the same stage is no move and is done.
    expect(moved.body.results.map((r) => r.ok)).toEqual([true, true]);
    expect((await get(a.id))['stage']).toBe('qualified');
  });

  it('assigns an owner and deletes only where the role allows it', async () => {
    const d = await createRecord(rt, 'deal', { title: 'D', stage: 'lead' }, rep.token);
    const byRep = await bulk(rep.token, { action: 'assign_owner', ids: [d.id], value: lead.id });
    expect(byRep.body.results[0]).toMatchObject({ ok: false, code: 'FIELD_NOT_WRITABLE' });
    expect((await bulk(rep.token, { action: 'delete', ids: [d.id] })).body.results[0]).toMatchObject({ ok: false, code: 'OPERATION_NOT_ALLOWED' });

    const byLead = await bulk(lead.token, { action: 'assign_owner', ids: [d.id], value: lead.id });
    expect(byLead.body).toMatchObject({ done: 1, refused: 0 });
    expect((await get(d.id)).owner).toBe(lead.id);
    expect((await bulk(lead.token, { action: 'delete', ids: [d.id] })).body.done).toBe(1);
    expect((await get(d.id)).deleted_at).not.toBeNull();
  });

  it('applies the action to every readable record matching the list\'s filter and search, naming each', async () => {
    const mine = [
      await createRecord(rt, 'deal', { title: 'Поставка сервера', amount: 700, stage: 'lead' }, rep.token),
      await createRecord(rt, 'deal', { title: 'Поставка стоек', amount: 900, stage: 'lead' }, rep.token),
    ];
    const small = await createRecord(rt, 'deal', { title: 'Поставка кабеля', amount: 5, stage: 'lead' }, rep.token);
    // The lead's deal matches the filter too, but the rep cannot read it: it is not touched.
    const others = await createRecord(rt, 'deal', { title: 'Поставка чужая', amount: 800, stage: 'lead' }, lead.token);

    const res = await bulk(rep.token, { action: 'change_stage', value: 'qualified', match: { filter: { field: 'amount', op: 'gte', value: 500 }, q: null } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ done: 2, refused: 0, truncated: false });
    expect(res.body.results.map((r) => r.id).sort()).toEqual(mine.map((m) => m.id).sort());
    expect(res.body.results.map((r) => r.title).sort()).toEqual(['Поставка сервера', 'Поставка стоек']);
    for (const m of mine) expect((await get(m.id))['stage']).toBe('qualified');
    expect((await get(small.id))['stage']).toBe('lead');
    expect((await get(others.id))['stage']).toBe('lead');

    // Moving them out of the filter's reach does not make a second run visit them again.
    const again = await bulk(rep.token, { action: 'change_stage', value: 'lead', match: { filter: { and: [{ field: 'stage', op: 'eq', value: 'qualified' }, { field: 'amount', op: 'gte', value: 500 }] }, q: null } });
    expect(again.body.results.map((r) => r.id).sort()).toEqual(mine.map((m) => m.id).sort());
    expect(again.body.done).toBe(2);
  });

  it('refuses a malformed request as a whole', async () => {
    expect((await bulk(rep.token, { action: 'delete', ids: ['x'], match: { filter: null, q: null } })).status).toBe(400);
    expect((await bulk(rep.token, { action: 'delete', match: 'all' })).status).toBe(400);
    const badFilter = await bulk(rep.token, { action: 'delete', match: { filter: { field: 'nope', op: 'eq', value: 1 }, q: null } });
    expect(badFilter.status).toBe(400);
    expect((await bulk(rep.token, { action: 'explode', ids: ['x'] })).status).toBe(400);
    expect((await bulk(rep.token, { action: 'delete', ids: [] })).status).toBe(400);
    expect((await bulk(rep.token, { action: 'change_stage', ids: ['x'] })).status).toBe(400);
    expect((await rt.request('POST', '/api/records/nothing/bulk', { token: rep.token, body: { action: 'delete', ids: ['x'] } })).status).toBe(404);
  });
});

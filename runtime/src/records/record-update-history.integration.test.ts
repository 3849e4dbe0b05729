import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../db/test-database.js';
import { countDriverStatements, startTestRuntime, type TestRuntime } from '../testing/index.js';
import { requireEntityModel } from './record-entity.model.js';
import { updateRecordWithHistory } from './record-save.statement.js';
import { recordsTestApp } from './records.fixtures.js';
import { createRecord, type HistoryBody, type RecordBody } from './records.test-support.js';

/*
 * An update sends its history rows with the UPDATE, in one statement (issue 17: a process step's
 * update and a PATCH each cost a round trip less). The history joins the UPDATE's returned row, so
 * it carries the version written and is not written when the row had moved on; values the database
 * stores in another form than they were sent in (an instant with an offset) are rewritten to the
 * stored form, as history always kept them.
 */

describe.each(testDatabaseKinds())('the history of an update on %s', (kind) => {
  let rt: TestRuntime;

  beforeAll(async () => {
    rt = await startTestRuntime(kind, { app: recordsTestApp() });
  });
  afterAll(async () => {
    await rt?.close();
  });

  const historyOf = async (entity: string, id: string): Promise<HistoryBody['data']> =>
    (await rt.request<HistoryBody>('GET', `/api/records/${entity}/${id}/history`)).body.data;

  it('goes out with the UPDATE: a PATCH writes in one statement', async () => {
    const deal = await createRecord(rt, 'deal', { title: 'Поставка', amount: 1000 });
    const sent = countDriverStatements(rt.db.knex);
    let statements: string[];
    try {
      const res = await rt.request<RecordBody>('PATCH', `/api/records/deal/${deal.id}`, { body: { title: 'Поставка станков', amount: 2500.5 }, headers: { 'if-match': '1' } });
      expect(res.status).toBe(200);
      statements = sent.take();
    } finally {
      sent.stop();
    }

    const writes = statements.filter((sql) => /^\s*(insert|update|delete|with)\b/i.test(sql));
    expect(writes, statements.join('\n')).toHaveLength(1);
    expect(writes[0]).toMatch(/update "rec_deal"/i);
    expect(writes[0]).toMatch(/insert into record_history/i);
    // The deal's many-to-many tags were read with the locked row and not replaced: not read again.
    expect(statements.filter((sql) => sql.includes('lnk_deal__tags')), statements.join('\n')).toHaveLength(1);
    // BEGIN, the locked read, its tags, the statement, COMMIT: the engine's lock of the jobs waiting
    // on the record went with the statement.
    expect(writes[0]).toMatch(/FROM run_jobs WHERE wait_entity = .* FOR UPDATE SKIP LOCKED/);
    expect(statements, statements.join('\n')).toHaveLength(5);
    const history = await historyOf('deal', deal.id);
    expect(history.map((h) => [h.version, h.action])).toEqual([
      [2, 'update'],
      [1, 'create'],
    ]);
    expect(history[0]?.changes).toEqual([
      { field: 'title', old: 'Поставка', new: 'Поставка станков' },
      { field: 'amount', old: 1000, new: 2500.5 },
      { field: 'weighted', old: 100, new: 250.05 },
    ]);
  });

  it('keeps the stored form of a value sent in another one, in a single history row', async () => {
    const company = await createRecord(rt, 'company', { name: 'Уралмаш', founded_at: '1933-07-15T09:00:00Z' });
    const res = await rt.request<RecordBody>('PATCH', `/api/records/company/${company.id}`, { body: { founded_at: '1933-07-15T15:00:00+03:00' } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ version: 2, founded_at: '1933-07-15T12:00:00.000Z' });

    const history = await historyOf('company', company.id);
    expect(history.filter((h) => h.version === 2)).toEqual([
      expect.objectContaining({ action: 'update', changes: [{ field: 'founded_at', old: '1933-07-15T09:00:00.000Z', new: '1933-07-15T12:00:00.000Z' }] }),
    ]);
  });

  it('writes no history when the row was no longer at the version read', async () => {
    const deal = await createRecord(rt, 'deal', { title: 'Гонка' });
    const model = requireEntityModel(recordsTestApp(), 'deal');
    const rows = (version: number) => rt.db.knex('record_history').where({ entity: 'deal', record_id: deal.id, version }).count({ n: '*' }).first();

    const stale = await rt.db.knex.transaction((trx) =>
      updateRecordWithHistory(trx, {
        model,
        id: deal.id,
        expectedVersion: 7,
        columns: { title: 'Гонка проиграна' },
        stamp: { userId: null },
        history: [{ entity: 'deal', recordId: deal.id, version: 8, action: 'update', changes: [{ field: 'title', old: 'Гонка', new: 'Гонка проиграна' }], caller: { user: null } }],
        deferred: [],
      }),
    );

    expect(stale).toBeNull();
    expect(Number((await rows(8))?.['n'])).toBe(0);
    expect(Number((await rows(2))?.['n'])).toBe(0);
    expect((await rt.request<RecordBody>('GET', `/api/records/deal/${deal.id}`)).body).toMatchObject({ version: 1, title: 'Гонка' });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../db/test-database.js';
import { startTestRuntime, type TestRuntime } from '../testing/test-runtime.js';
import { postCsv, sessionFor } from './exchange.test-support.js';
import type { ImportReport } from './import-report.builder.js';

/*
 * An imported record's history is the one the records API writes for the same values: the import
 * reads back only the columns that history needs when no process listens on the entity (contacts
 * in b2b-sales), so this pins that what it reads back is still what the API's save diffs (the
 * owner, every field as the database stored it, links).
 */

type Change = { field: string; old: unknown; new: unknown };

describe.each(testDatabaseKinds())('history of imported records on %s', (kind) => {
  let rt: TestRuntime;
  let rep: { id: string; token: string };

  beforeAll(async () => {
    rt = await startTestRuntime(kind, { template: 'b2b-sales' });
    rep = await sessionFor(rt, 'dmitry.petrov@example.com');
  });
  afterAll(async () => {
    await rt?.close();
  });

  async function createChanges(recordId: string): Promise<Change[]> {
    // jsonb comes back parsed from both drivers.
    const row: { changes: Change[]; version: number } | undefined = await rt.db.knex('record_history').where({ record_id: recordId, action: 'create' }).first('changes', 'version');
    expect(row?.version).toBe(1);
    return row?.changes ?? [];
  }

  it('writes the same create history as the records API for the same values', async () => {
    const company = await rt.request<{ id: string }>('POST', '/api/records/company', { body: { name: 'История и Ко' }, token: rep.token });
    expect(company.status).toBe(201);
    const values = { first_name: 'Анна', last_name: 'Историческая', position: 'Инженер', region: 'moscow', birthday: '1985-05-07', company: company.body.id };
    const api = await rt.request<{ id: string }>('POST', '/api/records/contact', { body: { ...values, email: 'api@history.test', phone: '+79120000001' }, token: rep.token });
    expect(api.status).toBe(201);

    const csv = ['first_name,last_name,position,region,birthday,company,email,phone', `Анна,Историческая,Инженер,Москва,07.05.1985,${company.body.id},IMPORT@history.test,8 (912) 000-00-02`].join('\n');
    const res = await postCsv<ImportReport>(rt, '/api/import/contact', csv, rep.token);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ created: 1, rejectedRows: 0 });
    const imported: { id: string } | undefined = await rt.db.knex('rec_contact').where({ email: 'import@history.test' }).first('id');
    if (!imported) throw new Error('the imported contact is not there');

    const fromApi = await createChanges(api.body.id);
    const fromImport = await createChanges(imported.id);
    const byField = (changes: Change[]): Map<string, Change> => new Map(changes.map((c) => [c.field, c]));
    expect(byField(fromImport).get('email')).toEqual({ field: 'email', old: null, new: 'import@history.test' });
    expect(byField(fromImport).get('phone')).toEqual({ field: 'phone', old: null, new: '+79120000002' });
    // Everything but the two values that had to differ: same fields, same order, same values.
    const withoutKeys = (changes: Change[]): Change[] => changes.filter((c) => c.field !== 'email' && c.field !== 'phone');
    expect(withoutKeys(fromImport)).toEqual(withoutKeys(fromApi));
    expect(fromImport.map((c) => c.field)).toEqual(fromApi.map((c) => c.field));
    expect(byField(fromImport).get('owner')).toEqual({ field: 'owner', old: null, new: rep.id });
  });
});

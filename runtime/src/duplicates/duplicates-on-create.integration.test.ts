import type { App } from '@crm/schemas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../db/test-database.js';
import { startTestRuntime, type TestRuntime } from '../testing/test-runtime.js';
import { createRecord, signInNewUser } from '../records/records.test-support.js';
import { postCsv } from '../exchange/exchange.test-support.js';
import type { ImportReport } from '@crm/schemas';

/*
 * POST /api/records/:entity names the readable records that share the new one's normalised phone
 * or e-mail (issue 15, item 3), and never one the caller may not read. The importer's dry run does
 * the same for CSV rows (exchange/: email and phone are its default match fields).
 */

function contactsApp(): App {
  return {
    name: 'dupes_test',
    entities: [
      {
        name: 'contact',
        label: { en: 'Contact', ru: 'Контакт' },
        display: 'name',
        fields: [
          { name: 'name', type: 'text', required: true },
          { name: 'phone', type: 'phone' },
          { name: 'email', type: 'email' },
        ],
      },
    ],
    roles: [{ name: 'rep', entities: { contact: { create: 'all', read: 'own', update: 'own', delete: 'none' } } }],
  };
}

interface Created {
  id: string;
  _duplicates?: Array<{ id: string; display: string | null; matchedOn: string[] }>;
}

describe.each(testDatabaseKinds())('duplicates on create over HTTP on %s', (kind) => {
  let rt: TestRuntime;
  let rep: { id: string; token: string };

  beforeAll(async () => {
    rt = await startTestRuntime(kind, { app: contactsApp() });
    rep = await signInNewUser(rt, `rep-${kind}@dupes.test`, 'Rep', { roles: ['rep'] });
  });
  afterAll(async () => {
    await rt?.close();
  });

  it('reports a contact whose phone is the same number written another way', async () => {
    const existing = await createRecord(rt, 'contact', { name: 'Иван Петров', phone: '89123456789' });
    const res = await rt.request<Created>('POST', '/api/records/contact', { body: { name: 'И. Петров', phone: '+7 (912) 345-67-89' } });
    expect(res.status).toBe(201);
    expect(res.body._duplicates).toEqual([{ id: existing.id, display: 'Иван Петров', matchedOn: ['phone'] }]);
  });

  it('matches e-mails regardless of case and spaces, and names every matched field', async () => {
    const existing = await createRecord(rt, 'contact', { name: 'Anna', email: 'anna@shop.test', phone: '+79001112233' });
    const res = await rt.request<Created>('POST', '/api/records/contact', { body: { name: 'Anna K', email: '  Anna@Shop.TEST ', phone: '8 900 111 22 33' } });
    expect(res.body._duplicates).toEqual([{ id: existing.id, display: 'Anna', matchedOn: ['phone', 'email'] }]);
    const other = await rt.request<Created>('POST', '/api/records/contact', { body: { name: 'Nobody', email: 'nobody@shop.test' } });
    expect(other.body).not.toHaveProperty('_duplicates');
  });

  it('does not name a match the caller may not read, but does name their own', async () => {
    await createRecord(rt, 'contact', { name: 'Admin owned', phone: '+79220000001' });
    const hidden = await rt.request<Created>('POST', '/api/records/contact', { body: { name: 'Rep copy', phone: '89220000001' }, token: rep.token });
    expect(hidden.status).toBe(201);
    expect(hidden.body).not.toHaveProperty('_duplicates');
    const own = await rt.request<Created>('POST', '/api/records/contact', { body: { name: 'Rep second', phone: '+7 922 000-00-01' }, token: rep.token });
    expect(own.body._duplicates).toEqual([{ id: hidden.body.id, display: 'Rep copy', matchedOn: ['phone'] }]);
  });

  it('leaves deleted records out', async () => {
    const gone = await createRecord(rt, 'contact', { name: 'Gone', email: 'gone@shop.test' });
    expect((await rt.request('DELETE', `/api/records/contact/${gone.id}`)).status).toBe(204);
    const res = await rt.request<Created>('POST', '/api/records/contact', { body: { name: 'Back', email: 'gone@shop.test' } });
    expect(res.body).not.toHaveProperty('_duplicates');
  });

  it('an import dry run names the rows that match existing records, by normalised phone, within the read scope', async () => {
    const existing = await createRecord(rt, 'contact', { name: 'Ольга', phone: '89123450000' });
    const csv = 'name,phone\nОльга С.,+7 (912) 345-00-00\nNew one,+79123450001\nSame file,8 912 345 00 01\n';
    const admin = await postCsv<ImportReport>(rt, '/api/import/contact?dryRun=1', csv, rt.adminToken);
    expect(admin.status).toBe(200);
    expect(admin.body).toMatchObject({ dryRun: true, created: 1, skipped: 2 });
    expect(admin.body.skippedRows).toEqual([
      { row: 2, field: 'phone', duplicateOf: { id: existing.id } },
      { row: 4, field: 'phone', duplicateOf: { row: 3 } },
    ]);
    const asRep = await postCsv<ImportReport>(rt, '/api/import/contact?dryRun=1', csv, rep.token);
    expect(asRep.body.skippedRows).toEqual([{ row: 4, field: 'phone', duplicateOf: { row: 3 } }]);
  });
});

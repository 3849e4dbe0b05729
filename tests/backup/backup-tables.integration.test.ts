import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRuntime, SYSTEM_TABLES, tableRole } from '@crm/runtime';
import { createTestDatabase, startTestRuntime, testDatabaseKinds, type TestDatabase, type TestRuntime } from '@crm/runtime/testing';

/*
 * A new table cannot be silently left out of backups: every table the migrations create must be
 * listed in backup-tables.catalog.ts, carried or excluded with a reason, and every table an app
 * with records, links and archives has is either listed or one publishing made.
 */

async function tablesOf(db: TestDatabase): Promise<string[]> {
  const rows: Array<{ name: string }> = (await db.knex.raw(`SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`)).rows;
  return rows.map((r) => r.name);
}

describe.each(testDatabaseKinds())('the tables backups know on %s', (kind) => {
  let fresh: TestDatabase;
  let rt: TestRuntime;
  beforeAll(async () => {
    fresh = await createTestDatabase(kind, 'crm_backup_tables');
    const runtime = await createRuntime(fresh, { duties: { maintenance: false } });
    await runtime.stop();
    rt = await startTestRuntime(kind, { template: 'b2b-sales' });
  }, 300_000);
  afterAll(async () => {
    await fresh?.drop();
    await rt?.close();
  });

  it('the catalog lists exactly the tables the migrations create', async () => {
    expect(await tablesOf(fresh)).toEqual(Object.keys(SYSTEM_TABLES).sort());
  });

  it('every excluded table says why', () => {
    for (const [name, policy] of Object.entries(SYSTEM_TABLES)) {
      if (!policy.carried) expect(policy.reason.length, name).toBeGreaterThan(20);
    }
  });

  it('every table of an app in use is carried, excluded with a reason, or made by publishing', async () => {
    // A field added, given a value and dropped again: its values are archived into a table of their own.
    type Draft = { entities: Array<{ name: string; fields: Array<{ name: string; [key: string]: unknown }> }> };
    const withProbe = await rt.request<Draft>('GET', '/api/definitions/draft');
    withProbe.body.entities.find((e) => e.name === 'company')?.fields.push({ name: 'backup_probe', type: 'text', label: { ru: 'Проба', en: 'Probe' } });
    expect((await rt.request('PUT', '/api/definitions/draft', { body: withProbe.body })).status).toBe(200);
    expect((await rt.request('POST', '/api/definitions/publish', { body: {} })).status).toBe(200);
    expect((await rt.request('POST', '/api/records/company', { body: { name: 'ООО Проба', backup_probe: 'x' } })).status).toBe(201);
    const without = await rt.request<Draft>('GET', '/api/definitions/draft');
    const company = without.body.entities.find((e) => e.name === 'company');
    if (company) company.fields = company.fields.filter((f) => f.name !== 'backup_probe');
    expect((await rt.request('PUT', '/api/definitions/draft', { body: without.body })).status).toBe(200);
    const asked = await rt.request<{ error: { details: Array<{ step: string }> } }>('POST', '/api/definitions/publish', { body: {} });
    expect(asked.status).toBe(409);
    const confirm = asked.body.error.details.map((d) => d.step);
    const published = await rt.request('POST', '/api/definitions/publish', { body: { confirm } });
    expect(published.status, JSON.stringify(published.body)).toBe(200);
    const tables = await tablesOf(rt.db);
    expect(tables.filter((t) => tableRole(t) === 'unknown')).toEqual([]);
    expect(tables.some((t) => t.startsWith('rec_'))).toBe(true);
    expect(tables.some((t) => t.startsWith('arc_'))).toBe(true);
  });

  it('an unlisted table makes a backup refuse instead of leaving it out', () => {
    expect(tableRole('payments_ledger')).toBe('unknown');
    expect(tableRole('constructor')).toBe('unknown');
    expect(tableRole('sessions')).toBe('excluded');
    expect(tableRole('users')).toBe('system');
  });
});

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BackupFileDamagedError, createRuntime, ensureFirstAdmin, restoreBackup, RestoreRefusedError, writeBackup } from '@crm/runtime';
import { createTestDatabase, startTestRuntime, testDatabaseKinds, TEST_ADMIN_PASSWORD, type TestDatabase, type TestRuntime } from '@crm/runtime/testing';
import { person, runFor, teamId, type Person } from '../engine/engine-test.support.js';
import { readContents, rewriteBackup } from './backup-file.support.js';
import { serveRuntime } from './served-runtime.support.js';

/*
 * Backup and restore as an administrator would use them: an instance with the b2b-sales template,
 * records changed by people, a process run with its task, a second published version; backed up,
 * restored into a new instance, which then shows the same records, history, versions, runs and an
 * intact audit chain. A restore over data needs --force; a damaged or cut file changes nothing.
 */

interface RecordBody {
  id: string;
  [field: string]: unknown;
}

async function rowCounts(db: TestDatabase): Promise<Record<string, number>> {
  const tables: Array<{ name: string }> = (await db.knex.raw(`SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`)).rows;
  const counts: Record<string, number> = {};
  for (const { name } of tables) {
    const rows: Array<{ n: number }> = (await db.knex.raw('SELECT count(*)::int AS n FROM ??', [name])).rows;
    counts[name] = rows[0]?.n ?? 0;
  }
  return counts;
}

describe.each(testDatabaseKinds())('backup and restore on %s', (kind) => {
  let source: TestRuntime;
  let target: TestDatabase;
  let rep: Person;
  let deal: RecordBody;
  let company: RecordBody;
  let runId: string;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-backup-'));
  const file = path.join(dir, 'instance.backup.gz');

  beforeAll(async () => {
    source = await startTestRuntime(kind, { template: 'b2b-sales', workers: { pollMs: 100 } });
    rep = await person(source, 'backup.rep@example.com', ['sales_rep'], { team: await teamId(source, 'Продажи — Москва') });
    company = (await source.request<RecordBody>('POST', '/api/records/company', { token: rep.token, body: { name: 'ООО Резерв' } })).body;
    const created = await source.request<RecordBody>('POST', '/api/records/deal', {
      token: rep.token,
      body: { title: 'Поставка с копией', amount: 120000, company: company.id, close_date: '2027-04-01' },
    });
    expect(created.status).toBe(201);
    for (const stage of ['qualified', 'proposal', 'contract']) {
      // As the admin: the template may hand a new deal to someone else (round-robin), out of the rep's sight.
      const moved = await source.request('PATCH', `/api/records/deal/${created.body.id}`, { body: { stage } });
      expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    }
    runId = (await runFor(source, 'contract_stage_task', created.body.id)).id;
    deal = (await source.request<RecordBody>('GET', `/api/records/deal/${created.body.id}`)).body;
    // A second version of the definition, so every version has to come back.
    const draft = await source.request<{ entities: Array<{ name: string; fields: unknown[] }> }>('GET', '/api/definitions/draft');
    draft.body.entities.find((e) => e.name === 'company')?.fields.push({ name: 'backup_note', type: 'text', label: { ru: 'Заметка', en: 'Note' } });
    expect((await source.request('PUT', '/api/definitions/draft', { body: draft.body })).status).toBe(200);
    expect((await source.request('POST', '/api/definitions/publish', { body: {} })).status).toBe(200);

    await writeBackup(source.db.knex, kind, file);
    target = await createTestDatabase(kind, 'crm_restore');
  }, 300_000);

  afterAll(async () => {
    await source?.close();
    await target?.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('the file starts with a header naming the format, the version and every table with its row count', async () => {
    const contents = await readContents(file);
    expect(contents.header.formatVersion).toBe(1);
    const names = contents.header.tables.map((t) => t.name);
    expect(names).toEqual(expect.arrayContaining(['users', 'definition_versions', 'definition_draft', 'record_history', 'audit_log', 'process_runs', 'run_steps', 'human_tasks', 'rec_deal', 'rec_company']));
    expect(names).not.toContain('sessions');
    for (const table of contents.header.tables) expect(contents.rows.get(table.name)?.length).toBe(table.rows);
    expect(contents.header.tables.find((t) => t.name === 'definition_versions')?.rows).toBe(2);
  });

  it('a restore into a new instance brings back records, history, versions, runs, people and an intact audit chain', async () => {
    // A new instance: its first start made the tables and the first admin.
    const fresh = await createRuntime(target, { duties: { maintenance: false } });
    await ensureFirstAdmin(target.knex, 'a-different-password-9');
    await fresh.stop();

    const summary = await restoreBackup(target.knex, file);
    expect(summary.tables.length).toBeGreaterThan(10);

    // Exactly the same rows, table by table, byte for byte as PostgreSQL prints them.
    const again = path.join(dir, 'again.backup.gz');
    await writeBackup(target.knex, kind, again);
    const before = await readContents(file);
    const after = await readContents(again);
    expect(after.header.tables).toEqual(before.header.tables);
    expect(after.rows).toEqual(before.rows);

    const restored = await serveRuntime(target);
    try {
      const record = await restored.request<RecordBody>('GET', `/api/records/deal/${deal.id}`);
      expect(record.status).toBe(200);
      expect(record.body).toEqual(deal);
      expect(record.body.company).toBe(company.id);
      const history = await restored.request<{ data: unknown[] }>('GET', `/api/records/deal/${deal.id}/history`);
      const sourceHistory = await source.request<{ data: unknown[] }>('GET', `/api/records/deal/${deal.id}/history`);
      expect(history.body).toEqual(sourceHistory.body);
      expect(history.body.data.length).toBeGreaterThanOrEqual(4);
      const versions = await restored.request<Array<{ version: number }>>('GET', '/api/definitions/versions');
      expect(versions.body.map((v) => v.version).sort()).toEqual([1, 2]);
      const live = await restored.request<{ entities: Array<{ name: string; fields: Array<{ name: string }> }> }>('GET', '/api/definitions/live');
      expect(live.headers.get('x-definition-version')).toBe('2');
      expect(live.body.entities.find((e) => e.name === 'company')?.fields.map((f) => f.name)).toContain('backup_note');
      const run = await restored.request<{ status: string; recordId: string }>('GET', `/api/runs/${runId}`);
      expect(run.status).toBe(200);
      expect(run.body).toMatchObject({ status: 'completed', recordId: deal.id });
      const verify = await restored.request<{ ok: boolean; entries: number }>('GET', '/api/audit/verify');
      expect(verify.body.ok).toBe(true);
      expect(verify.body.entries).toBeGreaterThan(0);
      // The rep's password hash came along: they sign in with the password they had.
      const login = await restored.request('POST', '/api/auth/login', { email: rep.email, password: 'Correct-Horse-Battery-9' });
      expect(login.status).toBe(200);
      // The restored sequences go on from where they were: a new record gets history after the old.
      const created = await restored.request<RecordBody>('POST', '/api/records/company', { name: 'ООО После восстановления' });
      expect(created.status).toBe(201);
      expect((await restored.request<{ ok: boolean }>('GET', '/api/audit/verify')).body.ok).toBe(true);
    } finally {
      await restored.close();
    }
    expect(TEST_ADMIN_PASSWORD).not.toBe('a-different-password-9');
  }, 300_000);

  it('a restore over an instance that holds data is refused without force, and changes nothing', async () => {
    await target.knex('teams').insert({ name: 'Команда после копии' });
    const before = await rowCounts(target);
    const refused = await restoreBackup(target.knex, file).catch((error: unknown) => error);
    expect(RestoreRefusedError.is(refused)).toBe(true);
    expect(RestoreRefusedError.is(refused) && refused.details[0]?.code).toBe('TARGET_NOT_EMPTY');
    expect(RestoreRefusedError.is(refused) && refused.details[0]?.message_ru).toMatch(/--force/);
    expect(await rowCounts(target)).toEqual(before);
    // With force it replaces the instance: the team added since is gone, every table is as in the file.
    await restoreBackup(target.knex, file, { force: true });
    const after = await rowCounts(target);
    expect(after.teams).toBe((before.teams ?? 0) - 1);
    for (const table of (await readContents(file)).header.tables) expect(after[table.name], table.name).toBe(table.rows);
  }, 120_000);

  it('a damaged, cut-short or newer file is refused and the database stays as it was', async () => {
    const before = await rowCounts(target);
    const snapshot = await readContents(path.join(dir, 'again.backup.gz'));

    const flipped = path.join(dir, 'flipped.backup.gz');
    const bytes = fs.readFileSync(file);
    const at = Math.floor(bytes.length * 0.6);
    bytes.writeUInt8(bytes.readUInt8(at) ^ 0xff, at);
    fs.writeFileSync(flipped, bytes);
    const flippedError = await restoreBackup(target.knex, flipped, { force: true }).catch((error: unknown) => error);
    expect(BackupFileDamagedError.is(flippedError)).toBe(true);

    const cut = path.join(dir, 'cut.backup.gz');
    rewriteBackup(file, cut, (text) => text.split('\n').slice(0, -3).join('\n'));
    expect(BackupFileDamagedError.is(await restoreBackup(target.knex, cut, { force: true }).catch((error: unknown) => error))).toBe(true);

    const badValue = path.join(dir, 'bad-value.backup.gz');
    rewriteBackup(file, badValue, (text) => text.replace(/"amount":120000/, '"amount":"a lot"'));
    expect(BackupFileDamagedError.is(await restoreBackup(target.knex, badValue, { force: true }).catch((error: unknown) => error))).toBe(true);

    const newer = path.join(dir, 'newer.backup.gz');
    rewriteBackup(file, newer, (text) => text.replace('"formatVersion":1', '"formatVersion":99'));
    const newerError = await restoreBackup(target.knex, newer, { force: true }).catch((error: unknown) => error);
    expect(RestoreRefusedError.is(newerError) && newerError.details[0]?.code).toBe('NEWER_FORMAT');

    const notBackup = path.join(dir, 'not-a-backup.gz');
    fs.writeFileSync(notBackup, 'just text');
    expect(RestoreRefusedError.is(await restoreBackup(target.knex, notBackup, { force: true }).catch((error: unknown) => error))).toBe(true);

    expect(await rowCounts(target)).toEqual(before);
    const check = path.join(dir, 'check.backup.gz');
    await writeBackup(target.knex, kind, check);
    expect((await readContents(check)).rows).toEqual(snapshot.rows);
  }, 120_000);
});

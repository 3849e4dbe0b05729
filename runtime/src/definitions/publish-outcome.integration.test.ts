import type { App } from '@crm/schemas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../db/test-database.js';
import { startTestRuntime, type TestRuntime } from '../testing/test-runtime.js';
import { entityOf, salesApp } from './app-definition.fixtures.js';

interface ErrorBody {
  error: { code: string; message: string; details: Array<Record<string, unknown>> };
}

async function versionCount(rt: TestRuntime): Promise<number> {
  const versions = await rt.request<unknown[]>('GET', '/api/definitions/versions');
  return versions.body.length;
}

async function auditActions(rt: TestRuntime): Promise<string[]> {
  const rows: Array<{ action: string }> = await rt.db.knex('audit_log').orderBy('id').select('action');
  return rows.map((r) => r.action);
}

describe.each(testDatabaseKinds())('what a publish leaves behind on %s', (kind) => {
  let rt: TestRuntime;
  beforeAll(async () => {
    rt = await startTestRuntime(kind, { app: salesApp() });
  });
  afterAll(async () => {
    await rt?.close();
  });

  it('creates no version when there is nothing to publish: no draft, a rejected draft, a draft equal to live', async () => {
    expect(await versionCount(rt)).toBe(1);

    const noDraft = await rt.request<ErrorBody>('POST', '/api/definitions/publish', { body: {} });
    expect(noDraft.status).toBe(409);
    expect(noDraft.body.error.code).toBe('NOTHING_TO_PUBLISH');
    expect(noDraft.body.error.details[0]).toEqual(expect.objectContaining({ code: 'NOTHING_TO_PUBLISH', field: 'draft', message_ru: expect.any(String) }));

    const rejected = salesApp();
    entityOf(rejected, 'deal').fields.push({ name: 'BadName', type: 'text' });
    expect((await rt.request('PUT', '/api/definitions/draft', { body: rejected })).status).toBe(422);
    expect((await rt.request<ErrorBody>('POST', '/api/definitions/publish', { body: {} })).body.error.code).toBe('NOTHING_TO_PUBLISH');

    const live = await rt.request<App>('GET', '/api/definitions/live');
    expect((await rt.request('PUT', '/api/definitions/draft', { body: live.body })).status).toBe(200);
    expect((await rt.request<ErrorBody>('POST', '/api/definitions/publish', { body: {} })).status).toBe(409);

    expect(await versionCount(rt)).toBe(1);
    expect((await auditActions(rt)).filter((a) => a === 'definition.publish')).toHaveLength(1);
  });

  it('publishes a changed draft with its audit entry, and nothing at all when the audit entry cannot be written', async () => {
    const live = await rt.request<App>('GET', '/api/definitions/live');
    const changed = structuredClone(live.body);
    entityOf(changed, 'deal').fields.push({ name: 'source', type: 'text' });
    expect((await rt.request('PUT', '/api/definitions/draft', { body: changed })).status).toBe(200);

    // The audit log cannot be appended to without its head row: the publish must roll back with it.
    const head: unknown[] = await rt.db.knex('audit_head').select('*');
    await rt.db.knex('audit_head').delete();
    const failed = await rt.request<ErrorBody>('POST', '/api/definitions/publish', { body: {} });
    await rt.db.knex('audit_head').insert(head);
    expect(failed.status).toBe(500);
    expect(await versionCount(rt)).toBe(1);
    expect((await rt.request<App>('GET', '/api/definitions/live')).headers.get('x-definition-version')).toBe('1');
    expect(await rt.db.knex.schema.hasColumn('rec_deal', 'source')).toBe(false);
    expect((await rt.request('GET', '/api/definitions/draft')).headers.get('x-definition-source')).toBe('draft');

    const published = await rt.request<{ version: number }>('POST', '/api/definitions/publish', { body: { note: 'source' } });
    expect(published.status).toBe(200);
    expect(published.body.version).toBe(2);
    const entry: { target_id: string } | undefined = await rt.db.knex('audit_log').where({ action: 'definition.publish' }).orderBy('id', 'desc').first('target_id');
    expect(entry?.target_id).toBe('2');
  });
});

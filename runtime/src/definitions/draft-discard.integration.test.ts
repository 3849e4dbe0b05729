import { DEFINITION_SOURCE_HEADER, DEFINITION_VERSION_HEADER, type App } from '@crm/schemas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession } from '../auth/session.store.js';
import { testDatabaseKinds } from '../db/test-database.js';
import { insertUser } from '../people/users.repository.js';
import { startTestRuntime, type TestRuntime } from '../testing/test-runtime.js';
import { entityOf, salesApp } from './app-definition.fixtures.js';

/*
 * DELETE /api/definitions/draft ("Discard changes"): the draft goes back to the live definition, the
 * text templates waiting beside it from "Use this template" go with it (the next publish creates
 * none), and the discard is in the audit log. Nothing published yet is a 409 that keeps the draft;
 * someone who may not build gets a 403.
 */

interface ErrorBody {
  error: { code: string; message: string; details: Array<Record<string, unknown>> };
}

function changedApp(): App {
  const app = salesApp();
  entityOf(app, 'deal').label = { ru: 'Сделка (черновик)', en: 'Deal (draft)' };
  return app;
}

async function waitingTextTemplates(rt: TestRuntime): Promise<unknown> {
  const row: { value: unknown } | undefined = await rt.db.knex('runtime_settings').where({ key: 'draft_text_templates' }).first('value');
  return row?.value ?? null;
}

async function textTemplateCount(rt: TestRuntime): Promise<number> {
  const row: { n?: string | number } | undefined = await rt.db.knex('text_templates').count({ n: '*' }).first();
  return Number(row?.n ?? 0);
}

describe.each(testDatabaseKinds())('discarding the draft over HTTP on %s', (kind) => {
  let rt: TestRuntime;
  beforeAll(async () => {
    rt = await startTestRuntime(kind);
  });
  afterAll(async () => {
    await rt?.close();
  });

  it('refuses with 409 NOTHING_PUBLISHED before the first publish, keeping the draft', async () => {
    expect((await rt.request('PUT', '/api/definitions/draft', { body: salesApp() })).status).toBe(200);

    const res = await rt.request<ErrorBody>('DELETE', '/api/definitions/draft');

    expect(res.status).toBe(409);
    expect(res.body.error.details).toEqual([expect.objectContaining({ code: 'NOTHING_PUBLISHED', field: 'draft', message_ru: expect.stringContaining('опубликовано') })]);
    const draft = await rt.request('GET', '/api/definitions/draft');
    expect(draft.status).toBe(200);
    expect(draft.headers.get(DEFINITION_SOURCE_HEADER)).toBe('draft');
  });

  it('puts the draft back to live, drops the waiting text templates and records it in the audit log', async () => {
    // ARRANGE: version 1 live, a changed draft, and b2b-sales's text templates waiting for the next publish.
    expect((await rt.request('POST', '/api/definitions/publish', { body: {} })).status).toBe(200);
    expect((await rt.request('PUT', '/api/definitions/draft', { body: changedApp() })).status).toBe(200);
    expect((await rt.request('POST', '/api/templates/b2b-sales/draft-text-templates')).status).toBe(200);
    expect(await waitingTextTemplates(rt)).not.toBeNull();
    const templatesBefore = await textTemplateCount(rt);
    const rep = await insertUser(rt.db.knex, { email: 'discard.rep@example.com', name: 'Rep', passwordHash: null, roles: ['sales_rep'] });
    const repToken = await createSession(rt.db.knex, rep.id);

    // ACT
    const forbidden = await rt.request<ErrorBody>('DELETE', '/api/definitions/draft', { token: repToken });
    const res = await rt.request<App>('DELETE', '/api/definitions/draft');

    // ASSERT
    expect(forbidden.status).toBe(403);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.headers.get(DEFINITION_SOURCE_HEADER)).toBe('live');
    expect(res.headers.get(DEFINITION_VERSION_HEADER)).toBe('1');
    const live = await rt.request<App>('GET', '/api/definitions/live');
    expect(res.body).toEqual(live.body);
    expect(entityOf(res.body, 'deal').label.en).toBe('Deal');
    const draft = await rt.request<App>('GET', '/api/definitions/draft');
    expect(draft.headers.get(DEFINITION_SOURCE_HEADER)).toBe('live');
    expect(draft.body).toEqual(live.body);
    expect(await waitingTextTemplates(rt)).toBeNull();
    const entry: { action: string; target_id: string; details: Record<string, unknown> } | undefined = await rt.db
      .knex('audit_log')
      .where({ action: 'definition.discard_draft' })
      .first('action', 'target_id', 'details');
    expect(entry).toEqual({ action: 'definition.discard_draft', target_id: '1', details: expect.objectContaining({ liveVersion: 1, hadDraft: true }) });
    expect(Number(entry?.details['textTemplates'])).toBeGreaterThan(0);

    // Nothing is left to publish, and the waiting text templates are not created by a later publish.
    const publish = await rt.request<ErrorBody>('POST', '/api/definitions/publish', { body: {} });
    expect(publish.status).toBe(409);
    expect(publish.body.error.code).toBe('NOTHING_TO_PUBLISH');
    expect(await textTemplateCount(rt)).toBe(templatesBefore);
    expect((await rt.request('PUT', '/api/definitions/draft', { body: changedApp() })).status).toBe(200);
    expect((await rt.request('POST', '/api/definitions/publish', { body: {} })).status).toBe(200);
    expect(await textTemplateCount(rt)).toBe(templatesBefore);
  });
});

import type { DraftTextTemplatesResponse, TemplateDetail } from '@crm/schemas';
import { loadTemplate } from '@crm/templates';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../db/test-database.js';
import { startTestRuntime, type TestRuntime } from '../testing/test-runtime.js';

/*
 * "Use this template" (structure only) as the gallery does it: the template's app into the draft,
 * its document and e-mail templates waiting beside it, and the next publish creates them with the
 * entities they need, in its transaction. Once published they no longer wait.
 */

async function textTemplateNames(rt: TestRuntime): Promise<string[]> {
  const res = await rt.request<{ items: Array<{ name: string }> }>('GET', '/api/text-templates');
  expect(res.status).toBe(200);
  return res.body.items.map((t) => t.name).sort();
}

describe.each(testDatabaseKinds())('using a template into the draft on %s', (kind) => {
  let rt: TestRuntime;
  const b2b = loadTemplate('b2b-sales');
  const names = (b2b.textTemplates ?? []).map((t) => t.name).sort();

  beforeAll(async () => {
    rt = await startTestRuntime(kind);
  }, 300_000);
  afterAll(async () => {
    await rt?.close();
  });

  it('brings its document and e-mail templates, created by the publish of the draft', async () => {
    // ARRANGE: the gallery shows the template's text templates
    const one = await rt.request<TemplateDetail>('GET', '/api/templates/b2b-sales');
    expect(one.body.textTemplates.map((t) => t.name).sort()).toEqual(names);
    expect(one.body.textTemplates.find((t) => t.name === 'deal_invoice')).toMatchObject({ kind: 'document', entity: 'deal', label: { ru: expect.any(String), en: expect.any(String) } });

    // ACT: use it, as the gallery does (the draft, then its text templates), and publish
    expect((await rt.request('PUT', '/api/definitions/draft', { body: one.body.app })).status).toBe(200);
    const waiting = await rt.request<DraftTextTemplatesResponse>('POST', '/api/templates/b2b-sales/draft-text-templates');
    expect(waiting.status).toBe(200);
    expect(waiting.body.textTemplates.sort()).toEqual(names);
    // Nothing is created before the publish (there is no live app yet to read them through the API).
    expect(await rt.db.knex('text_templates').select('name')).toEqual([]);
    const published = await rt.request<{ version: number }>('POST', '/api/definitions/publish', { body: {} });

    // ASSERT
    expect(published.status, JSON.stringify(published.body)).toBe(200);
    expect(await textTemplateNames(rt)).toEqual(names);
    expect(await rt.db.knex('runtime_settings').where({ key: 'draft_text_templates' }).first()).toBeUndefined();
    const unknown = await rt.request('POST', '/api/templates/no-such-template/draft-text-templates');
    expect(unknown.status).toBe(404);
  }, 300_000);
});

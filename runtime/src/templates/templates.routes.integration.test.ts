import type { TemplateDetail, TemplateSummary } from '@crm/schemas';
import { loadTemplate } from '@crm/templates';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession } from '../auth/session.store.js';
import { insertUser } from '../people/users.repository.js';
import { startTestRuntime, type TestRuntime } from '../testing/test-runtime.js';

describe('the template gallery over HTTP', () => {
  let rt: TestRuntime;
  beforeAll(async () => {
    rt = await startTestRuntime('pglite');
  });
  afterAll(async () => {
    await rt?.close();
  });

  it('lists every template with its label, description and counts, to builders only', async () => {
    // ARRANGE
    const b2b = loadTemplate('b2b-sales');
    const user = await insertUser(rt.db.knex, { email: 'seller@example.com', name: 'Seller', passwordHash: null, roles: ['sales'] });
    const sellerToken = await createSession(rt.db.knex, user.id);

    // ACT
    const list = await rt.request<TemplateSummary[]>('GET', '/api/templates');
    const anonymous = await rt.request('GET', '/api/templates', { token: null });
    const seller = await rt.request('GET', '/api/templates', { token: sellerToken });

    // ASSERT
    expect(list.status).toBe(200);
    expect(list.body.find((t) => t.name === 'b2b-sales')).toEqual({
      name: 'b2b-sales',
      version: b2b.version ?? null,
      label: b2b.label,
      description: b2b.description ?? null,
      counts: {
        entities: b2b.app.entities.length,
        pipelines: b2b.app.pipelines?.length ?? 0,
        roles: b2b.app.roles?.length ?? 0,
        processes: b2b.app.processes?.length ?? 0,
        records: Object.values(b2b.data ?? {}).reduce((n, rows) => n + rows.length, 0),
      },
    });
    expect(anonymous.status).toBe(401);
    expect(seller.status).toBe(403);
  });

  it('gives one template with its app definition, which the draft accepts as it is', async () => {
    // ACT
    const one = await rt.request<TemplateDetail>('GET', '/api/templates/b2b-sales');
    const missing = await rt.request<{ error: { code: string } }>('GET', '/api/templates/no-such-template');
    const draft = await rt.request<{ issues: unknown[] }>('PUT', '/api/definitions/draft', { body: one.body.app });

    // ASSERT
    expect(one.status).toBe(200);
    expect(one.body.app).toEqual(loadTemplate('b2b-sales').app);
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('NOT_FOUND');
    expect(draft.status).toBe(200);
    expect(draft.body.issues).toEqual([]);
  });
});

import type { App } from '@crm/schemas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession } from '../auth/session.store.js';
import { testDatabaseKinds } from '../db/test-database.js';
import { insertUser } from '../people/users.repository.js';
import { startTestRuntime, type TestRuntime } from '../testing/test-runtime.js';
import { entityOf, removeField, salesApp } from './app-definition.fixtures.js';
import type { PlanStep } from './plan-step.types.js';

interface ErrorBody {
  error: { code: string; message: string; details: Array<Record<string, unknown>> };
}
interface DraftBody {
  definition: App;
  issues: unknown[];
}
interface PublishBody {
  version: number;
  plan: PlanStep[];
}

/** The sales app as a template ships it: no stable ids, the server assigns them. */
function handWrittenApp(): App {
  const app = salesApp();
  for (const entity of app.entities) {
    delete entity.id;
    for (const field of entity.fields) delete field.id;
  }
  return app;
}

async function tokenFor(rt: TestRuntime, email: string, roles: string[]): Promise<string> {
  const user = await insertUser(rt.db.knex, { email, name: email, passwordHash: null, roles });
  return createSession(rt.db.knex, user.id);
}

describe.each(testDatabaseKinds())('definitions over HTTP on %s', (kind) => {
  let rt: TestRuntime;
  beforeAll(async () => {
    rt = await startTestRuntime(kind);
  });
  afterAll(async () => {
    await rt?.close();
  });

  it('has nothing live and no draft before the first publish', async () => {
    const live = await rt.request<ErrorBody>('GET', '/api/definitions/live');
    expect(live.status).toBe(404);
    expect(live.body.error.code).toBe('NOT_FOUND');
    expect((await rt.request('GET', '/api/definitions/draft')).status).toBe(404);
    expect((await rt.request('GET', '/api/definitions/live', { token: null })).status).toBe(401);
  });

  it('refuses an invalid draft with one detail per issue (code, pointer, message, message_ru)', async () => {
    const app = handWrittenApp();
    entityOf(app, 'deal').fields.push({ name: 'BadName', type: 'text' });
    const res = await rt.request<ErrorBody>('PUT', '/api/definitions/draft', { body: app });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('INVALID_DEFINITION');
    expect(res.body.error.details.length).toBeGreaterThan(0);
    for (const detail of res.body.error.details) {
      expect(detail).toEqual(
        expect.objectContaining({ code: expect.any(String), pointer: expect.any(String), message: expect.any(String), message_ru: expect.any(String) }),
      );
    }
    expect((await rt.request('GET', '/api/definitions/draft')).status).toBe(404);
  });

  it('keeps the builder\'s work in progress with allowIssues: stored as it is, issues returned, publish still refused with them', async () => {
    const app = handWrittenApp();
    entityOf(app, 'deal').fields.push({ name: 'BadName', type: 'text' });
    const saved = await rt.request<{ definition: App; issues: Array<{ code: string; pointer: string }> }>('PUT', '/api/definitions/draft?allowIssues=1', { body: app });
    expect(saved.status).toBe(200);
    expect(saved.body.issues.length).toBeGreaterThan(0);
    const stored = await rt.request<App>('GET', '/api/definitions/draft');
    expect(stored.status).toBe(200);
    expect(entityOf(stored.body, 'deal').fields.some((f) => f.name === 'BadName')).toBe(true);
    for (const path of ['/api/definitions/publish?dryRun=1', '/api/definitions/publish']) {
      const refused = await rt.request<ErrorBody>('POST', path, { body: {} });
      expect(refused.status).toBe(422);
      expect(refused.body.error.code).toBe('INVALID_DEFINITION');
    }
    expect((await rt.request('GET', '/api/definitions/live')).status).toBe(404);
    // Not even work in progress: a draft must be a JSON object.
    expect((await rt.request('PUT', '/api/definitions/draft?allowIssues=1', { body: [1, 2] })).status).toBe(422);
    // The next valid PUT replaces it, as before.
    expect((await rt.request('PUT', '/api/definitions/draft', { body: handWrittenApp() })).status).toBe(200);
  });

  it('stores a valid draft with stable ids, dry-runs it without changing anything, then publishes it', async () => {
    const put = await rt.request<DraftBody>('PUT', '/api/definitions/draft', { body: handWrittenApp() });
    expect(put.status).toBe(200);
    expect(put.body.issues).toEqual([]);
    expect(put.body.definition.entities.map((e) => e.id)).toEqual([expect.stringMatching(/^ent_/), expect.stringMatching(/^ent_/)]);

    const draft = await rt.request<App>('GET', '/api/definitions/draft');
    expect(draft.body).toEqual(put.body.definition);
    expect(draft.headers.get('x-definition-source')).toBe('draft');

    const dry = await rt.request<{ plan: PlanStep[]; issues: unknown[] }>('POST', '/api/definitions/publish?dryRun=1', { body: {} });
    expect(dry.status).toBe(200);
    expect(dry.body.issues).toEqual([]);
    expect(dry.body.plan.map((s) => s.id)).toEqual([
      'create-entity:company',
      'create-entity:deal',
      'add-field:deal.company',
      'add-search:company',
      'add-search:deal',
    ]);
    expect((await rt.request('GET', '/api/definitions/live')).status).toBe(404);
    expect((await rt.request('GET', '/api/definitions/versions')).body).toEqual([]);

    const pub = await rt.request<PublishBody>('POST', '/api/definitions/publish', { body: { note: 'first' } });
    expect(pub.status).toBe(200);
    expect(pub.body.version).toBe(1);
    const live = await rt.request<App>('GET', '/api/definitions/live');
    expect(live.body).toEqual(put.body.definition);
    expect(live.headers.get('x-definition-version')).toBe('1');
    // With no draft left, GET draft shows the live definition, ready to edit and PUT back.
    const afterPublish = await rt.request<App>('GET', '/api/definitions/draft');
    expect(afterPublish.body).toEqual(put.body.definition);
    expect(afterPublish.headers.get('x-definition-source')).toBe('live');
  });

  it('asks for confirmation before dropping a field, then archives it; a rollback restores it', async () => {
    await rt.db.knex('rec_deal').insert({ title: 'A', region: 'North' });
    const draft = await rt.request<App>('GET', '/api/definitions/draft');
    const next = structuredClone(draft.body);
    removeField(next, 'deal', 'region');
    expect((await rt.request('PUT', '/api/definitions/draft', { body: next })).status).toBe(200);

    const refused = await rt.request<ErrorBody>('POST', '/api/definitions/publish', { body: {} });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('CONFIRMATION_REQUIRED');
    expect(refused.body.error.message).toContain('drop-field:deal.region');
    expect(refused.body.error.details).toEqual([
      expect.objectContaining({ code: 'CONFIRMATION_REQUIRED', step: 'drop-field:deal.region', message: expect.stringContaining('region') }),
    ]);

    const pub = await rt.request<PublishBody>('POST', '/api/definitions/publish', { body: { confirm: ['drop-field:deal.region'] } });
    expect(pub.status).toBe(200);
    expect(pub.body.version).toBe(2);
    const archives = await rt.request<Array<Record<string, unknown>>>('GET', '/api/definitions/archives');
    expect(archives.body).toEqual([expect.objectContaining({ kind: 'field', entity: 'deal', field: 'region', restoredAt: null })]);

    const rollback = await rt.request<PublishBody>('POST', '/api/definitions/rollback', { body: { version: 1 } });
    expect(rollback.status).toBe(200);
    expect(rollback.body).toMatchObject({ version: 3, plan: [expect.objectContaining({ id: 'restore-field:deal.region' })] });
    expect(await rt.db.knex('rec_deal').select('region')).toEqual([{ region: 'North' }]);
  });

  it('lists versions and returns one in full', async () => {
    const versions = await rt.request<Array<Record<string, unknown>>>('GET', '/api/definitions/versions');
    expect(versions.body).toEqual([
      expect.objectContaining({ version: 1, note: 'first', isLive: false, steps: 5, publishedAt: expect.any(String), publishedBy: expect.any(String) }),
      expect.objectContaining({ version: 2, isLive: false, steps: 1 }),
      expect.objectContaining({ version: 3, note: 'Rollback to version 1', isLive: true, steps: 1 }),
    ]);
    const second = await rt.request<{ version: number; plan: PlanStep[]; definition: App }>('GET', '/api/definitions/versions/2');
    expect(second.body.plan.map((s) => s.id)).toEqual(['drop-field:deal.region']);
    expect(second.body.definition.name).toBe('sales');
    expect((await rt.request('GET', '/api/definitions/versions/42')).status).toBe(404);
    expect((await rt.request('GET', '/api/definitions/versions/abc')).status).toBe(400);
    expect((await rt.request('POST', '/api/definitions/rollback', { body: { version: 42 } })).status).toBe(404);
  });

  it('answers a malformed publish request with 400', async () => {
    const res = await rt.request<ErrorBody>('POST', '/api/definitions/publish', { body: { confirm: 'drop-field:deal.region' } });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('BAD_REQUEST');
  });

  it('refuses an unsafe change with 409 and keeps the live version', async () => {
    const live = await rt.request<App>('GET', '/api/definitions/live');
    const next = structuredClone(live.body);
    const title = entityOf(next, 'deal').fields.findIndex((f) => f.name === 'title');
    entityOf(next, 'deal').fields.splice(title, 1, { id: entityOf(next, 'deal').fields[title]?.id, name: 'title', type: 'boolean' });
    entityOf(next, 'deal').search = [];
    expect((await rt.request('PUT', '/api/definitions/draft', { body: next })).status).toBe(200);
    const res = await rt.request<ErrorBody>('POST', '/api/definitions/publish', { body: {} });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('UNSAFE_MIGRATION');
    expect(res.body.error.message).toMatch(/deal\.title.*text.*boolean/);
    const after = await rt.request<App>('GET', '/api/definitions/live');
    expect(after.headers.get('x-definition-version')).toBe(live.headers.get('x-definition-version'));
    expect(after.body).toEqual(live.body);
  });
});

describe.each(testDatabaseKinds())('who may use the definition routes on %s', (kind) => {
  let rt: TestRuntime;
  beforeAll(async () => {
    const app = salesApp();
    app.roles = [
      { name: 'sales', entities: { deal: { read: 'all' } } },
      { name: 'designer', builder: true },
    ];
    rt = await startTestRuntime(kind, { app });
  });
  afterAll(async () => {
    await rt?.close();
  });

  it('refuses a signed-in person without a builder or admin role with 403', async () => {
    const token = await tokenFor(rt, 'seller@example.com', ['sales']);
    for (const [method, path] of [
      ['GET', '/api/definitions/live'],
      ['GET', '/api/definitions/draft'],
      ['PUT', '/api/definitions/draft'],
      ['POST', '/api/definitions/publish'],
      ['GET', '/api/definitions/versions'],
      ['POST', '/api/definitions/rollback'],
      ['GET', '/api/definitions/archives'],
    ] as const) {
      const res = await rt.request<ErrorBody>(method, path, { token, body: method === 'GET' ? undefined : {} });
      expect(res.status, `${method} ${path}`).toBe(403);
      expect(res.body.error.code).toBe('FORBIDDEN');
    }
  });

  it('lets a role marked builder in the live definition read and publish', async () => {
    const token = await tokenFor(rt, 'designer@example.com', ['designer']);
    const live = await rt.request<App>('GET', '/api/definitions/live', { token });
    expect(live.status).toBe(200);
    const next = structuredClone(live.body);
    entityOf(next, 'deal').fields.push({ name: 'priority', type: 'integer' });
    expect((await rt.request('PUT', '/api/definitions/draft', { token, body: next })).status).toBe(200);
    const pub = await rt.request<PublishBody>('POST', '/api/definitions/publish', { token, body: {} });
    expect(pub.status).toBe(200);
    expect(pub.body.version).toBe(2);
  });
});

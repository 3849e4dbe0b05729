import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Validator } from '@seriousme/openapi-schema-validator';
import { startTestRuntime, testDatabaseKinds, TEST_ADMIN_PASSWORD, type TestRuntime } from '@crm/runtime/testing';
import { mountedRoutes } from './mounted-routes.support.js';
import { generatedClientWorkspace, type ClientWorkspace } from './openapi-client.support.js';
import { DEAL_CLIENT, WRONG_FIELD, WRONG_PATH } from './openapi-client.fixtures.js';
import { openapiTestApp, withTicket } from './openapi.fixtures.js';

/*
 * GET /api/openapi.json as an integrator meets it: a valid OpenAPI 3.1 document naming every route
 * the runtime serves, cut to the caller's permissions, from which a generated typed client
 * compiles, refuses a misspelt field, and talks to the running API; a publish that adds an entity
 * changes it.
 */

interface Doc {
  [key: string]: unknown;
  openapi: string;
  info: { version: string };
  paths: Record<string, Record<string, { security?: unknown[] }>>;
  components: { schemas: Record<string, { properties?: Record<string, Record<string, unknown>>; required?: string[] }>; securitySchemes: Record<string, Record<string, string>> };
}

const REP_PASSWORD = 'rep-password-123';

async function signIn(rt: TestRuntime, email: string, roles: string[]): Promise<string> {
  const created = await rt.request('POST', '/api/users', { body: { email, name: email.split('@')[0], password: REP_PASSWORD, roles } });
  if (created.status !== 201) throw new Error(`creating ${email}: ${created.status} ${JSON.stringify(created.body)}`);
  const login = await rt.request<{ token: string }>('POST', '/api/auth/login', { body: { email, password: REP_PASSWORD }, token: null });
  return login.body.token;
}

/** `/api/records/:entity/:id` -> `/api/records/{}/{}`, `{id}` -> `{}`: templates compared by shape. */
function shape(path: string): string {
  return path.replace(/:[A-Za-z0-9_]+/g, '{}').replace(/\{[^}]+\}/g, '{}');
}

describe.each(testDatabaseKinds())('the public API description on %s', (kind) => {
  let rt: TestRuntime;
  let repToken: string;
  let client: ClientWorkspace | null = null;

  async function documentAs(token?: string): Promise<Doc> {
    const res = await rt.request<Doc>('GET', '/api/openapi.json', token ? { token } : {});
    expect(res.status).toBe(200);
    return res.body;
  }

  beforeAll(async () => {
    rt = await startTestRuntime(kind, { app: openapiTestApp() });
    repToken = await signIn(rt, 'openapi.rep@example.com', ['rep']);
  });
  afterAll(async () => {
    await client?.remove();
    await rt?.close();
  });

  it('is a valid OpenAPI 3.1 document with the record schemas of the live definition', async () => {
    const doc = await documentAs();
    const result = await new Validator().validate(doc);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(doc.openapi).toBe('3.1.0');

    const deal = doc.components.schemas['DealRecord'];
    expect(deal?.properties?.['priority']).toMatchObject({ enum: ['low', 'normal', 'high', null] });
    expect(deal?.properties?.['weighted']).toMatchObject({ readOnly: true });
    expect(deal?.properties?.['id']).toMatchObject({ format: 'uuid', readOnly: true });
    expect(deal?.properties?.['company']).toMatchObject({ type: ['string', 'null'], format: 'uuid' });
    const create = doc.components.schemas['DealCreate'];
    expect(create?.required).toEqual(['title']);
    expect(Object.keys(create?.properties ?? {})).not.toContain('weighted');
    expect(Object.keys(create?.properties ?? {})).not.toContain('id');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/records/deal', '/api/records/deal/{id}', '/api/records/deal/{id}/history', '/api/records/deal/bulk', '/api/export/deal', '/api/import/deal']));

    // Entities named like system areas keep their own names: nothing is overwritten.
    expect(doc.components.schemas['User']?.properties).toHaveProperty('disabled');
    expect(doc.components.schemas['UserRecord']?.properties).toHaveProperty('nickname');
    expect(doc.components.schemas['TaskCreate']?.required).toEqual(['subject']);
    expect(doc.components.schemas['HumanTask']?.properties).toHaveProperty('assignee');

    expect(doc.components.securitySchemes['bearerAuth']).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(doc.components.securitySchemes['sessionCookie']).toMatchObject({ in: 'cookie', name: 'crm_session' });
    expect(doc.components.securitySchemes['csrfHeader']).toMatchObject({ in: 'header', name: 'X-CSRF-Token' });
    expect(doc.paths['/api/auth/login']?.['post']?.security).toEqual([]);
  });

  it('describes every route the runtime mounts under /api, and nothing it does not serve', async () => {
    const doc = await documentAs();
    const entities = openapiTestApp().entities.map((e) => e.name);
    const described = new Set(Object.entries(doc.paths).flatMap(([path, item]) => Object.keys(item).map((method) => `${method} ${shape(path)}`)));
    const mounted = mountedRoutes(rt.runtime.httpApp).filter((r) => r.path.startsWith('/api/'));
    expect(mounted.length).toBeGreaterThan(60);
    const served = new Set<string>();
    const missing: string[] = [];
    for (const route of mounted) {
      // A route over any entity is described once per entity: check each.
      const concrete = route.path.includes(':entity') ? entities.map((e) => route.path.replace(':entity', e)) : [route.path];
      for (const path of concrete) {
        served.add(`${route.method} ${shape(path)}`);
        if (!described.has(`${route.method} ${shape(path)}`)) missing.push(`${route.method.toUpperCase()} ${path}`);
      }
    }
    expect(missing).toEqual([]);
    expect([...described].filter((d) => !served.has(d))).toEqual([]);
  });

  it('a client generated from it compiles, refuses a misspelt field, and works against the API', async () => {
    client = await generatedClientWorkspace(await documentAs());
    expect(await client.typeErrors('deal-client.ts', DEAL_CLIENT)).toEqual([]);
    const wrong = await client.typeErrors('wrong-field.ts', WRONG_FIELD);
    expect(wrong.join('\n')).toMatch(/'amout' does not exist in type/);
    expect(wrong.join('\n')).toMatch(/Property 'titel' does not exist/);

    const loaded = await client.load('deal-client.ts', DEAL_CLIENT);
    const run: unknown = typeof loaded === 'object' && loaded !== null ? Reflect.get(loaded, 'run') : undefined;
    if (typeof run !== 'function') throw new Error('the client module has no run()');
    const outcome: unknown = await run(rt.baseUrl, rt.adminToken);
    expect(outcome).toMatchObject({
      createdStatus: 201,
      created: { title: 'Поставка станков', amount: 250000, priority: 'high', version: 1, weighted: 25000 },
      readBack: { title: 'Поставка станков', priority: 'high' },
      listedTitles: ['Поставка станков'],
      invalid: { status: 400, code: 'VALIDATION_FAILED', fields: ['title'] },
      stale: { status: 412, code: 'VERSION_CONFLICT' },
      draft: { status: 422, code: 'INVALID_DEFINITION', hasDetails: true },
      me: 'admin@example.com',
      bulk: { done: 1, refused: 0 },
      people: ['admin@example.com', 'openapi.rep@example.com'],
      openTasks: 0,
    });
    // The refused writes changed nothing: two deals, and the draft is still the live app.
    const deals = await rt.request<{ data: unknown[] }>('GET', '/api/records/deal');
    expect(deals.body.data).toHaveLength(2);
    const draft = await rt.request<{ name: string }>('GET', '/api/definitions/draft');
    expect(draft.body.name).toBe('openapi_test');
  });

  it('describes only what the caller may read: no unreadable entity, no hidden field', async () => {
    const admin = await documentAs();
    const rep = await documentAs(repToken);
    expect(admin.components.schemas['DealRecord']?.properties).toHaveProperty('margin');
    expect(rep.components.schemas['DealRecord']?.properties).not.toHaveProperty('margin');
    expect(rep.components.schemas['DealCreate']?.properties).not.toHaveProperty('margin');
    expect(JSON.stringify(rep)).not.toMatch(/margin/);
    expect(Object.keys(rep.paths).filter((p) => p.includes('company'))).toEqual([]);
    expect(rep.components.schemas['CompanyRecord']).toBeUndefined();
    // The rep may not delete deals: no delete, restore or trash paths for them.
    expect(rep.paths['/api/records/deal/{id}']?.['delete']).toBeUndefined();
    expect(rep.paths['/api/records/deal/{id}/restore']).toBeUndefined();

    const repClient = await generatedClientWorkspace(rep);
    try {
      expect((await repClient.typeErrors('wrong-path.ts', WRONG_PATH)).join('\n')).toMatch(/api\/records\/company/);
    } finally {
      await repClient.remove();
    }
  });

  it('is served from cache for one definition version and changes when a publish adds an entity', async () => {
    const first = await rt.request<Doc>('GET', '/api/openapi.json');
    const etag = first.headers.get('etag') ?? '';
    expect(etag).not.toBe('');
    const again = await rt.request('GET', '/api/openapi.json', { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    expect(first.body.paths['/api/records/ticket']).toBeUndefined();

    const put = await rt.request('PUT', '/api/definitions/draft', { body: withTicket(openapiTestApp()) });
    expect(put.status).toBe(200);
    const published = await rt.request('POST', '/api/definitions/publish', { body: {} });
    expect(published.status).toBe(200);

    const after = await rt.request<Doc>('GET', '/api/openapi.json', { headers: { 'if-none-match': etag } });
    expect(after.status).toBe(200);
    expect(after.headers.get('etag')).not.toBe(etag);
    expect(after.body.info.version).not.toBe(first.body.info.version);
    expect(Object.keys(after.body.paths)).toEqual(expect.arrayContaining(['/api/records/ticket', '/api/records/ticket/{id}']));
    expect(after.body.components.schemas['TicketCreate']?.required).toEqual(['subject']);
    // The rep has no rights on the new entity, so their document does not name it.
    expect((await documentAs(repToken)).paths['/api/records/ticket']).toBeUndefined();
  });

  it('needs a signed-in caller', async () => {
    const res = await rt.request<{ error: { code: string } }>('GET', '/api/openapi.json', { token: null });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('UNAUTHORIZED');
    expect(TEST_ADMIN_PASSWORD).not.toBe(REP_PASSWORD);
  });
});

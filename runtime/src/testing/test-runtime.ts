import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { App } from '@crm/schemas';
import type { DatabaseKind } from '../db/database.factory.js';
import type { TestDatabase } from '../db/test-database.js';
import { createPreparedTestDatabase } from '../db/prepared-test-database.js';
import { createRuntime, type Runtime, type RuntimeOptions } from '../runtime.factory.js';
import type { DutySettings } from '../background-duties.factory.js';
import { ensureFirstAdmin, FIRST_ADMIN_EMAIL } from '../auth/admin.bootstrap.js';
import { useTestPasswordCost } from '../auth/password.hasher.js';
import { installTemplate } from '../templates/template.installer.js';
import { answerClientErrors } from '../http/client-error.handler.js';
import type { EngineHostOptions } from '../processes/engine.host.js';
import type { UiBuildState } from '../http/ui-build-stamp.reader.js';

export const TEST_ADMIN_PASSWORD = 'test-admin-password-1';

export interface TestResponse<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

export interface TestRuntime {
  readonly baseUrl: string;
  readonly db: TestDatabase;
  readonly runtime: Runtime;
  readonly adminToken: string;
  /** Sends a JSON request over real HTTP; token defaults to the admin's. */
  request<T = unknown>(
    method: string,
    path: string,
    options?: { body?: unknown; token?: string | null; headers?: Record<string, string> },
  ): Promise<TestResponse<T>>;
  close(): Promise<void>;
}

/**
 * A real runtime on a throwaway database, listening on a free loopback port, with the first admin
 * signed in. When an app is given it is published as the live definition.
 */
export interface TestRuntimeOptions {
  app?: App;
  template?: string;
  /** Engine limits and test allowances (e.g. fast retries, a loopback host allowed for the HTTP node). */
  engine?: EngineHostOptions;
  /**
   * Start engine workers in this process (after-save runs advance on their own), with the same
   * background duties as `npm start`: mail and webhook delivery (every 200 ms here), retention.
   */
  workers?: boolean | { concurrency?: number; pollMs?: number };
  /** Overrides of the background duties' test settings (TEST_DUTIES). */
  duties?: DutySettings;
  /** Serve this UI build at / and /builder, as `npm start` does (browser tests). */
  ui?: UiBuildState;
}

/**
 * What every test runtime's database holds before the test's own steps: the system tables, the first
 * admin and, when asked, a template installed (its demo dates relative to now). Prepared once per run
 * and copied (prepared-test-database.ts). A template installed under a test clock, or after an app of
 * the test's own, is installed by the test runtime itself.
 */
async function prepareDatabase(db: TestDatabase, template: string | undefined): Promise<void> {
  const runtime = await createRuntime(db, { duties: TEST_DUTIES });
  try {
    await ensureFirstAdmin(db.knex, TEST_ADMIN_PASSWORD);
    if (template) await installTemplate(runtime, template);
  } finally {
    await runtime.stop();
  }
}

/**
 * Short intervals so a test sees mail and webhooks go out without calling the duties; no database
 * upkeep (its ANALYZE at start would cost every test runtime; database-maintenance tests cover it).
 */
const TEST_DUTIES: DutySettings = { mail: { everyMs: 200 }, webhooks: { everyMs: 200 }, maintenance: false };

export async function startTestRuntime(kind: DatabaseKind, options: TestRuntimeOptions = {}): Promise<TestRuntime> {
  // Every test signs in; at the production scrypt cost that alone took minutes of the suite.
  useTestPasswordCost();
  const templateInImage = options.template !== undefined && options.app === undefined && options.engine?.clock === undefined;
  const db = await createPreparedTestDatabase(kind, templateInImage ? `template ${options.template}` : 'migrated', (fresh) =>
    prepareDatabase(fresh, templateInImage ? options.template : undefined),
  );
  const runtimeOptions: RuntimeOptions = {
    ...(options.engine ? { engine: options.engine } : {}),
    duties: { ...TEST_DUTIES, ...options.duties },
    workers: typeof options.workers === 'object' ? options.workers : { pollMs: 200 },
    ...(options.ui ? { ui: options.ui } : {}),
  };
  const runtime = await createRuntime(db, runtimeOptions);
  await ensureFirstAdmin(db.knex, TEST_ADMIN_PASSWORD);
  const server: Server = await new Promise((resolve) => {
    const s = runtime.httpApp.listen(0, '127.0.0.1', () => resolve(s));
  });
  answerClientErrors(server);
  // Node closes an idle keep-alive socket after 5 s; a loaded machine's test that waits about that
  // long between requests then races fetch reusing the socket as it closes ("other side closed").
  // A test server keeps idle sockets for as long as any test runs.
  server.keepAliveTimeout = 10 * 60_000;
  const { port } = server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;

  async function request<T>(
    method: string,
    path: string,
    opts: { body?: unknown; token?: string | null; headers?: Record<string, string> } = {},
    token?: string,
  ): Promise<TestResponse<T>> {
    const headers: Record<string, string> = { ...opts.headers };
    const bearer = opts.token === undefined ? token : opts.token;
    if (bearer) headers.authorization = `Bearer ${bearer}`;
    if (opts.body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(baseUrl + path, {
      method,
      headers,
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
    });
    const text = await res.text();
    const body: T = text ? JSON.parse(text) : undefined;
    return { status: res.status, headers: res.headers, body };
  }

  const login = await request<{ token: string }>('POST', '/api/auth/login', {
    body: { email: FIRST_ADMIN_EMAIL, password: TEST_ADMIN_PASSWORD },
  });
  if (login.status !== 200) throw new Error(`test admin login failed: ${login.status}`);
  const adminToken = login.body.token;

  if (options.app) {
    const put = await request('PUT', '/api/definitions/draft', { body: options.app }, adminToken);
    if (put.status !== 200) throw new Error(`draft rejected: ${JSON.stringify(put.body)}`);
    const pub = await request('POST', '/api/definitions/publish', { body: {} }, adminToken);
    if (pub.status !== 200) throw new Error(`publish failed: ${JSON.stringify(pub.body)}`);
  }

  if (options.template && !templateInImage) await installTemplate(runtime, options.template);
  if (options.workers) await runtime.startWorkers();

  return {
    baseUrl,
    db,
    runtime,
    adminToken,
    request: (method, path, opts) => request(method, path, opts ?? {}, adminToken),
    async close() {
      await runtime.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await db.drop();
    },
  };
}

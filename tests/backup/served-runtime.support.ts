import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createRuntime, FIRST_ADMIN_EMAIL, type Runtime } from '@crm/runtime';
import { TEST_ADMIN_PASSWORD, type TestDatabase, type TestResponse } from '@crm/runtime/testing';

/*
 * A runtime over HTTP on a database the test prepared itself (a restored one), signed in as the
 * admin whose password the backup carried. startTestRuntime makes its own database, so it cannot
 * serve one that was restored before the runtime started.
 */
export interface ServedRuntime {
  runtime: Runtime;
  request<T = unknown>(method: string, path: string, body?: unknown): Promise<TestResponse<T>>;
  close(): Promise<void>;
}

export async function serveRuntime(db: TestDatabase): Promise<ServedRuntime> {
  const runtime = await createRuntime(db, { duties: { maintenance: false } });
  const server: Server = await new Promise((resolve) => {
    const s = runtime.httpApp.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;
  async function send<T>(token: string | undefined, method: string, path: string, body?: unknown): Promise<TestResponse<T>> {
    const headers: Record<string, string> = {};
    if (token) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(baseUrl + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
  }
  const login = await send<{ token: string }>(undefined, 'POST', '/api/auth/login', { email: FIRST_ADMIN_EMAIL, password: TEST_ADMIN_PASSWORD });
  if (login.status !== 200) throw new Error(`the restored admin cannot sign in: ${login.status} ${JSON.stringify(login.body)}`);
  const token = login.body.token;
  return {
    runtime,
    request: (method, path, body) => send(token, method, path, body),
    async close() {
      await runtime.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

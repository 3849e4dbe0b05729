import type { App } from '@crm/schemas';
import { ADMIN_PASSWORD } from './runtime-child.js';

/*
 * A small HTTP client for the runtime's contract (ARCHITECTURE §2). A request to a runtime that is
 * being killed fails with a network error: `send` reports that as status 0 instead of throwing, so
 * load loops can tell "the server said no" from "the server is gone" and retry.
 */

export const ADMIN_EMAIL = 'admin@example.com';
export const PERSON_PASSWORD = 'Correct-Horse-Battery-9';

export interface ApiResponse<T = unknown> {
  /** 0 when no answer came (connection refused or reset, timeout); body is then null. */
  status: number;
  body: T | null;
  /** Why no answer came. */
  error?: string;
}

export interface RequestOptions {
  body?: unknown;
  token?: string | null;
  headers?: Record<string, string>;
  timeoutMs?: number;
}

export interface RunBody {
  id: string;
  process: string;
  status: string;
  recordId: string | null;
  error: unknown;
  createdAt: string;
  finishedAt: string | null;
  steps: Array<{ nodeId: string; status: string; handle: string | null; output: unknown; startedAt: string; finishedAt: string | null }>;
  waiting: Array<{ nodeId: string; token: string; status: string; dueAt: string | null }>;
}

export interface TaskBody {
  id: string;
  kind: string;
  status: string;
  runId: string | null;
  nodeId: string | null;
  assignee: string | null;
  outcome: string | null;
}

export class ApiClient {
  constructor(
    public baseUrl: string,
    readonly token: string | null = null,
  ) {}

  as(token: string): ApiClient {
    return new ApiClient(this.baseUrl, token);
  }

  async send<T = unknown>(method: string, path: string, options: RequestOptions = {}): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { ...options.headers };
    const token = options.token === undefined ? this.token : options.token;
    if (token) headers.authorization = `Bearer ${token}`;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    let res: Response;
    let text: string;
    try {
      res = await fetch(this.baseUrl + path, {
        method,
        headers,
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        signal: AbortSignal.timeout(options.timeoutMs ?? 60_000),
      });
      text = await res.text();
    } catch (error) {
      return { status: 0, body: null, error: String(error) };
    }
    let body: T;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      throw new Error(`${method} ${path}: ${res.status} with a body that is not JSON: ${text.slice(0, 300)}`);
    }
    return { status: res.status, body };
  }

  /** Sends and insists on the status (throws with the body otherwise). */
  async expect<T = unknown>(status: number, method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const res = await this.send<T>(method, path, options);
    if (res.status !== status || res.body === null) throw new Error(`${method} ${path}: expected ${status}, got ${res.status} ${JSON.stringify(res.body) ?? res.error}`);
    return res.body;
  }

  run(id: string): Promise<RunBody> {
    return this.expect<RunBody>(200, 'GET', `/api/runs/${id}`);
  }

  /** Runs of a process with a status, up to 200 (enough to tell "none left"). */
  async runsWithStatus(process: string, status: string, limit = 200): Promise<RunBody[]> {
    const page = await this.expect<{ data: RunBody[] }>(200, 'GET', `/api/processes/${process}/runs?status=${status}&limit=${limit}`);
    return page.data;
  }

  /** POST /api/hooks/:name with an Idempotency-Key; the run id (status 0 or 5xx come back as null). */
  async hook(name: string, key: string, body: unknown = {}): Promise<{ status: number; runId: string | null; created: boolean | null; error?: string }> {
    const res = await this.send<{ runId?: string; created?: boolean }>('POST', `/api/hooks/${name}`, { body, headers: { 'idempotency-key': key }, token: null });
    if (res.status !== 202) return { status: res.status, runId: null, created: null, error: res.error ?? JSON.stringify(res.body) };
    return { status: res.status, runId: res.body?.runId ?? null, created: res.body?.created ?? null };
  }

  async tasks(query = 'assignee=all&status=all&kind=approval'): Promise<TaskBody[]> {
    const page = await this.expect<{ data: TaskBody[] }>(200, 'GET', `/api/tasks?${query}`);
    return page.data;
  }
}

export async function signIn(baseUrl: string, email = ADMIN_EMAIL, password = ADMIN_PASSWORD): Promise<ApiClient> {
  const anonymous = new ApiClient(baseUrl);
  const login = await anonymous.expect<{ token: string }>(200, 'POST', '/api/auth/login', { body: { email, password } });
  return new ApiClient(baseUrl, login.token);
}

export async function publish(admin: ApiClient, app: App): Promise<void> {
  await admin.expect(200, 'PUT', '/api/definitions/draft', { body: app });
  await admin.expect(200, 'POST', '/api/definitions/publish', { body: {} });
}

/** A person with roles, created by the admin and signed in. */
export async function createPerson(admin: ApiClient, email: string, roles: string[]): Promise<{ id: string; api: ApiClient }> {
  const created = await admin.expect<{ id: string }>(201, 'POST', '/api/users', { body: { email, name: email.split('@')[0], password: PERSON_PASSWORD, roles } });
  const api = await signIn(admin.baseUrl, email, PERSON_PASSWORD);
  return { id: created.id, api };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls until `probe` gives a value; fails with `what` after timeoutMs. */
export async function until<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 30_000, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}

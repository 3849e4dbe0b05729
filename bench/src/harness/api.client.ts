/*
 * A small client for the product's HTTP contract (ARCHITECTURE §2), for setting a bench up and for
 * the sequential latency loops. Load at concurrency goes through load.generator.ts instead.
 */

export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly body: string,
  ) {
    super(message);
  }
}

export interface ApiOptions {
  body?: unknown;
  headers?: Record<string, string>;
  /** Status to insist on (default: any 2xx). */
  expect?: number;
}

export class ApiClient {
  constructor(
    readonly baseUrl: string,
    readonly token: string | null = null,
  ) {}

  as(token: string): ApiClient {
    return new ApiClient(this.baseUrl, token);
  }

  /** Sends a JSON request; throws ApiError unless the status is the expected one. */
  async json<T>(method: string, path: string, options: ApiOptions = {}): Promise<T> {
    const headers: Record<string, string> = { ...options.headers };
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(this.baseUrl + path, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: AbortSignal.timeout(120_000),
    });
    const text = await res.text();
    const ok = options.expect === undefined ? res.ok : res.status === options.expect;
    if (!ok) throw new ApiError(`${method} ${path} answered ${res.status}: ${text.slice(0, 600)}`, res.status, text);
    const body: T = text ? JSON.parse(text) : undefined;
    return body;
  }

  get<T>(path: string): Promise<T> {
    return this.json<T>('GET', path);
  }

  post<T>(path: string, body: unknown, expect?: number): Promise<T> {
    return this.json<T>('POST', path, expect === undefined ? { body } : { body, expect });
  }
}

export async function signIn(baseUrl: string, email: string, password: string): Promise<ApiClient> {
  const login = await new ApiClient(baseUrl).post<{ token: string }>('/api/auth/login', { email, password }, 200);
  return new ApiClient(baseUrl, login.token);
}

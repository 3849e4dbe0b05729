import { createSession } from '../auth/session.store.js';
import { findUserByEmail } from '../people/users.repository.js';
import type { TestRuntime } from '../testing/test-runtime.js';

/* Helpers shared by the import, export and report integration tests. */

export interface TextResponse {
  status: number;
  headers: Headers;
  text: string;
}

/** A session for a person the template installed. */
export async function sessionFor(rt: TestRuntime, email: string): Promise<{ id: string; token: string }> {
  const user = await findUserByEmail(rt.db.knex, email);
  if (!user) throw new Error(`no user ${email}`);
  return { id: user.id, token: await createSession(rt.db.knex, user.id) };
}

/** fetch, retried once when a kept-alive connection was closed by the server as it was reused. */
async function fetchOnce(url: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (error) {
    const closed = error instanceof TypeError && error.cause instanceof Error && 'code' in error.cause && error.cause.code === 'UND_ERR_SOCKET';
    if (!closed) throw error;
    return fetch(url, init);
  }
}

export async function getText(rt: TestRuntime, path: string, token: string): Promise<TextResponse> {
  const res = await fetchOnce(rt.baseUrl + path, { headers: { authorization: `Bearer ${token}` } });
  // Keeps a byte order mark, which res.text() would drop.
  return { status: res.status, headers: res.headers, text: new TextDecoder('utf-8', { ignoreBOM: true }).decode(await res.arrayBuffer()) };
}

export async function postCsv<T = unknown>(rt: TestRuntime, path: string, csv: string, token: string, contentType = 'text/csv'): Promise<{ status: number; body: T }> {
  const res = await fetch(rt.baseUrl + path, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': contentType }, body: csv });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

/** A response body with the probed name replaced, to compare "hidden" with "does not exist". */
export function sameButName(body: unknown, name: string): string {
  return JSON.stringify(body).split(name).join('<name>');
}

export function withQuery(path: string, params: Record<string, string>): string {
  const search = new URLSearchParams(params).toString();
  return search ? `${path}?${search}` : path;
}

export async function countRows(rt: TestRuntime, table: string, where: Record<string, unknown> = {}): Promise<number> {
  const row: { count?: unknown } | undefined = await rt.db.knex(table).where(where).count({ count: '*' }).first();
  return Number(row?.count ?? 0);
}

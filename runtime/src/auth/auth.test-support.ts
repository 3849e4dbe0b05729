import http from 'node:http';
import type { Knex } from 'knex';
import type { TestResponse, TestRuntime } from '../testing/test-runtime.js';

/* Helpers shared by the auth, people and audit integration tests. */

export interface ErrorBody {
  error: { code: string; message: string; details: { field?: string; code: string; message: string; message_ru?: string; retryAfterSeconds?: number }[] };
}

export interface LoginBody {
  token: string;
  csrfToken: string;
  user: { id: string; email: string; roles: string[] };
}

export interface UserBody {
  id: string;
  email: string;
  name: string;
  roles: string[];
  team: string | null;
  manager: string | null;
  attributes: Record<string, unknown>;
  disabled: boolean;
  createdAt: string;
}

export function fieldsOf(res: TestResponse<unknown>): (string | undefined)[] {
  const body = res.body;
  if (typeof body !== 'object' || body === null || !('error' in body)) return [];
  const error = body.error;
  if (typeof error !== 'object' || error === null || !('details' in error) || !Array.isArray(error.details)) return [];
  return error.details.map((d: unknown) => (typeof d === 'object' && d !== null && 'field' in d && typeof d.field === 'string' ? d.field : undefined));
}

/** Creates a user through POST /api/users as the admin; fails the test when that does not work. */
export async function createUser(
  rt: TestRuntime,
  body: { email: string; name?: string; password?: string; roles?: string[]; team?: string | null; manager?: string | null; attributes?: Record<string, unknown> },
): Promise<UserBody> {
  const res = await rt.request<UserBody>('POST', '/api/users', { body: { name: body.email.split('@')[0], roles: [], ...body } });
  if (res.status !== 201) throw new Error(`creating ${body.email} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export async function login(rt: TestRuntime, email: string, password: string): Promise<TestResponse<LoginBody>> {
  return rt.request<LoginBody>('POST', '/api/auth/login', { body: { email, password }, token: null });
}

/** The value of the crm_session cookie a response set. */
export function sessionCookie(res: TestResponse<unknown>): string {
  const match = /crm_session=([^;]+)/.exec(res.headers.get('set-cookie') ?? '');
  if (!match?.[1]) throw new Error('no crm_session cookie was set');
  return match[1];
}

/** A row exactly as stored, for "a refused request changes nothing" checks. */
export async function rowText(knex: Knex, table: string, id: string): Promise<string> {
  const result = await knex.raw(`SELECT row_to_json(t)::text AS row FROM ${table} t WHERE id = ?`, [id]);
  const row: unknown = result.rows?.[0];
  if (typeof row === 'object' && row !== null && 'row' in row && typeof row.row === 'string') return row.row;
  throw new Error(`no ${table} row ${id}`);
}

/**
 * A JSON request sent from a chosen loopback address (127.0.0.0/8 is all local on Linux), so a
 * test can be two different clients as far as per-address throttling sees it.
 */
export function requestFrom<T>(
  rt: TestRuntime,
  localAddress: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<TestResponse<T>> {
  const url = new URL(rt.baseUrl + path);
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname + url.search,
        method,
        localAddress,
        headers: payload === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const headers = new Headers();
          for (const [key, value] of Object.entries(res.headers)) {
            if (typeof value === 'string') headers.set(key, value);
            else if (Array.isArray(value)) for (const v of value) headers.append(key, v);
          }
          resolve({ status: res.statusCode ?? 0, headers, body: text ? JSON.parse(text) : undefined });
        });
      },
    );
    req.on('error', reject);
    if (payload !== undefined) req.write(payload);
    req.end();
  });
}

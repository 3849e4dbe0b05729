import { createSession } from '../auth/session.store.js';
import { insertUser } from '../people/users.repository.js';
import type { TestResponse, TestRuntime } from '../testing/test-runtime.js';

/* Shapes and helpers shared by the records integration tests. */

export interface RecordBody {
  id: string;
  version: number;
  owner: string | null;
  created_at: string;
  created_by: string | null;
  updated_at: string;
  updated_by: string | null;
  deleted_at: string | null;
  [field: string]: unknown;
}

export interface ErrorBody {
  error: { code: string; message: string; details: Array<Record<string, unknown>> };
}

export interface ListBody {
  data: RecordBody[];
  nextCursor: string | null;
  total?: number;
}

export interface HistoryBody {
  data: Array<{
    version: number;
    action: string;
    at: string;
    actor: { kind: string; id: string | null; name?: string };
    changes: Array<{ field: string; old: unknown; new: unknown }>;
  }>;
}

/** Creates a record and fails the test with the server's answer when that does not work. */
export async function createRecord(rt: TestRuntime, entity: string, body: Record<string, unknown>, token?: string): Promise<RecordBody> {
  const res = await rt.request<RecordBody>('POST', `/api/records/${entity}`, { body, ...(token ? { token } : {}) });
  if (res.status !== 201) throw new Error(`creating ${entity} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export function errorFields(res: TestResponse<unknown>): unknown[] {
  const body = res.body;
  if (typeof body !== 'object' || body === null || !('error' in body)) return [];
  const error = body.error;
  if (typeof error !== 'object' || error === null || !('details' in error) || !Array.isArray(error.details)) return [];
  return error.details.map((d: unknown) => (typeof d === 'object' && d !== null && 'field' in d ? d.field : undefined));
}

/** A person with a session; an admin unless other roles are given (a person with no roles may do nothing). */
export async function signInNewUser(
  rt: TestRuntime,
  email: string,
  name: string,
  options: { roles?: string[]; teamId?: string | null; attributes?: Record<string, unknown> } = {},
): Promise<{ id: string; token: string }> {
  const user = await insertUser(rt.db.knex, {
    email,
    name,
    passwordHash: null,
    roles: options.roles ?? ['admin'],
    teamId: options.teamId ?? null,
    attributes: options.attributes ?? {},
  });
  return { id: user.id, token: await createSession(rt.db.knex, user.id) };
}

export function listPath(entity: string, params: Record<string, string>): string {
  const search = new URLSearchParams(params).toString();
  return `/api/records/${entity}${search ? `?${search}` : ''}`;
}

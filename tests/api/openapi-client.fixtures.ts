/*
 * Client programs written against the types generated from /api/openapi.json, as an integrator
 * would write them. DEAL_CLIENT must compile and is then run against the live API; WRONG_FIELD
 * misspells a field in a body and in an answer and must not compile (bodies are typed through the
 * schema's type: openapi-fetch's inline `body` parameter is not checked for excess properties);
 * WRONG_PATH calls a path its document does not have.
 */

export const DEAL_CLIENT = `
import createClient from 'openapi-fetch';
import type { components, paths } from './api.js';

type DealCreate = components['schemas']['DealCreate'];
type DealRecord = components['schemas']['DealRecord'];

export interface Outcome {
  createdStatus: number;
  created: DealRecord;
  readBack: DealRecord;
  listedTitles: string[];
  invalid: { status: number; code: string; fields: string[] };
  stale: { status: number; code: string };
  draft: { status: number; code: string; hasDetails: boolean };
  me: string;
  bulk: { done: number; refused: number };
  people: string[];
  openTasks: number;
}

export async function run(baseUrl: string, token: string): Promise<Outcome> {
  const client = createClient<paths>({ baseUrl, headers: { Authorization: 'Bearer ' + token } });
  const body: DealCreate = { title: 'Поставка станков', amount: 250000, priority: 'high' };
  const created = await client.POST('/api/records/deal', { body });
  if (!created.data) throw new Error('create failed: ' + JSON.stringify(created.error));
  const id: string = created.data.id;
  await client.POST('/api/records/deal', { body: { title: 'Мелкий заказ', amount: 1000, priority: 'low' } });

  const read = await client.GET('/api/records/deal/{id}', { params: { path: { id } } });
  if (!read.data) throw new Error('read failed');

  const list = await client.GET('/api/records/deal', {
    params: { query: { filter: JSON.stringify({ field: 'priority', op: 'eq', value: 'high' }), sort: '-amount', limit: 10 } },
  });
  if (!list.data) throw new Error('list failed');

  const invalid = await client.POST('/api/records/deal', { body: { title: '', amount: 500, priority: 'high' } });

  const changed = await client.PATCH('/api/records/deal/{id}', { params: { path: { id }, header: { 'If-Match': String(read.data.version) } }, body: { priority: 'normal' } });
  if (!changed.data) throw new Error('update failed');
  const stale = await client.PATCH('/api/records/deal/{id}', { params: { path: { id }, header: { 'If-Match': String(read.data.version) } }, body: { priority: 'low' } });

  const draft = await client.PUT('/api/definitions/draft', {
    body: { name: 'broken', entities: [{ name: 'deal', label: { en: 'Deal', ru: 'Сделка' }, fields: [{ name: 'title', type: 'text' }], display: 'no_such_field' }] },
  });

  const me = await client.GET('/api/auth/me');
  const bulk = await client.POST('/api/records/deal/bulk', { body: { action: 'assign_owner', ids: [id], value: me.data?.user.id ?? '' } });
  const people = await client.GET('/api/users', { params: { query: { limit: 50 } } });
  const tasks = await client.GET('/api/tasks', { params: { query: { status: 'open' } } });

  return {
    me: me.data?.user.email ?? '',
    bulk: { done: bulk.data?.done ?? -1, refused: bulk.data?.refused ?? -1 },
    people: (people.data?.data ?? []).map((person) => person.email).sort(),
    openTasks: tasks.data?.data.length ?? -1,
    createdStatus: created.response.status,
    created: created.data,
    readBack: read.data,
    listedTitles: list.data.data.map((deal) => deal.title),
    invalid: { status: invalid.response.status, code: invalid.error?.error.code ?? '', fields: (invalid.error?.error.details ?? []).map((d) => d.field ?? '') },
    stale: { status: stale.response.status, code: stale.error?.error.code ?? '' },
    draft: { status: draft.response.status, code: draft.error?.error.code ?? '', hasDetails: (draft.error?.error.details ?? []).length > 0 },
  };
}
`;

export const WRONG_FIELD = `
import createClient from 'openapi-fetch';
import type { components, paths } from './api.js';

export async function run(baseUrl: string): Promise<string> {
  const client = createClient<paths>({ baseUrl });
  const body: components['schemas']['DealCreate'] = { title: 'Опечатка', amout: 100 };
  const created = await client.POST('/api/records/deal', { body });
  return created.data?.titel ?? '';
}
`;

export const WRONG_PATH = `
import createClient from 'openapi-fetch';
import type { paths } from './api.js';

export async function run(baseUrl: string): Promise<void> {
  const client = createClient<paths>({ baseUrl });
  await client.GET('/api/records/company', {});
}
`;

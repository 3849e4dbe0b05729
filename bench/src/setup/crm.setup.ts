import type { App } from '@crm/schemas';
import { ApiClient, signIn } from '../harness/api.client.js';
import { BENCH_ADMIN_PASSWORD } from '../harness/runtime.child.js';
import type { Scale } from '../bench.options.js';

/*
 * People for a bench, created over the API as an admin would: senior managers (where
 * route_big_deals sends big deals) and sales reps. Reps without a password own generated deals;
 * the first `signedInReps` get a password and sign in, and their sessions drive the load.
 */

export const ADMIN_EMAIL = 'admin@example.com';
const REP_PASSWORD = 'Bench-Rep-Pass-42';

export interface SignedInRep {
  id: string;
  email: string;
  api: ApiClient;
}

export interface CrmPeople {
  admin: ApiClient;
  seniorIds: string[];
  repIds: string[];
  signedIn: SignedInRep[];
}

async function inBatches<T, R>(items: readonly T[], width: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += width) {
    out.push(...(await Promise.all(items.slice(i, i + width).map((item, j) => work(item, i + j)))));
  }
  return out;
}

export async function setupPeople(baseUrl: string, scale: Scale): Promise<CrmPeople> {
  const admin = await signIn(baseUrl, ADMIN_EMAIL, BENCH_ADMIN_PASSWORD);
  const create = async (email: string, roles: string[], password: string | null): Promise<string> => {
    const body = { email, name: email.split('@')[0], roles, ...(password ? { password } : {}) };
    const created = await admin.post<{ id: string }>('/api/users', body, 201);
    return created.id;
  };
  const seniorIds = await inBatches(
    Array.from({ length: scale.seniors }, (_, i) => `bench.senior${i}@example.com`),
    4,
    (email) => create(email, ['senior_manager'], null),
  );
  const repEmails = Array.from({ length: scale.reps }, (_, i) => `bench.rep${i}@example.com`);
  const repIds = await inBatches(repEmails, 4, (email, i) => create(email, ['sales_rep'], i < scale.signedInReps ? REP_PASSWORD : null));
  const signedIn = await inBatches(repEmails.slice(0, scale.signedInReps), 2, async (email, i) => ({
    id: repIds[i] ?? '',
    email,
    api: await signIn(baseUrl, email, REP_PASSWORD),
  }));
  return { admin, seniorIds, repIds, signedIn };
}

/** Signs the same reps in again (sessions live in the database, so a restarted product keeps them; a new base URL needs new clients). */
export function onBaseUrl(people: CrmPeople, baseUrl: string): CrmPeople {
  const move = (api: ApiClient): ApiClient => new ApiClient(baseUrl, api.token);
  return { ...people, admin: move(people.admin), signedIn: people.signedIn.map((rep) => ({ ...rep, api: move(rep.api) })) };
}

/** Adds processes to the live definition and publishes it. */
export async function publishWith(admin: ApiClient, change: (app: App) => App): Promise<void> {
  const live = await admin.get<App>('/api/definitions/live');
  await admin.json('PUT', '/api/definitions/draft', { body: change(live) });
  await admin.post('/api/definitions/publish', {}, 200);
}

/** Everyone holding senior_manager (the template's own and the bench's): route_big_deals picks among them. */
export async function seniorManagerIds(admin: ApiClient): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const page: { data: Array<{ id: string; roles: string[]; disabled?: boolean }>; nextCursor: string | null } = await admin.get(
      `/api/users?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    for (const user of page.data) if (user.roles.includes('senior_manager') && !user.disabled) ids.push(user.id);
    cursor = page.nextCursor;
  } while (cursor);
  return ids;
}

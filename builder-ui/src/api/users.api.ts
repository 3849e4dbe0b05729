import type { UserSummary, UserSummaryPage } from '@crm/schemas';
import { apiRequest } from './http.client.js';

/*
 * GET /api/users for pickers: every signed-in person may list people and sees {id, name, email,
 * team} of the others. The shapes are the contract types of @crm/schemas (http/users.contract.ts).
 */

export type { UserSummary };

/** The first page of people (up to 500), optionally matching `q`. */
export async function listUsers(q?: string): Promise<UserSummary[]> {
  const query = new URLSearchParams({ limit: '500', ...(q === undefined || q === '' ? {} : { q }) });
  const page = await apiRequest<UserSummaryPage>('GET', `/api/users?${query.toString()}`);
  return page.data;
}

import { apiRequest } from './http.client.js';

/*
 * GET /api/users for pickers: every signed-in person may list people and sees {id, name, email,
 * team} of the others. The shape is declared here, not in @crm/schemas, because only pickers read it.
 */

export interface UserSummary {
  id: string;
  name?: string | null;
  email?: string | null;
  team?: string | null;
}

interface UserPage {
  data: UserSummary[];
  nextCursor: string | null;
}

/** The first page of people (up to 500), optionally matching `q`. */
export async function listUsers(q?: string): Promise<UserSummary[]> {
  const query = new URLSearchParams({ limit: '500', ...(q === undefined || q === '' ? {} : { q }) });
  const page = await apiRequest<UserPage>('GET', `/api/users?${query.toString()}`);
  return page.data;
}

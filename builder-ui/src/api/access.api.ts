import type { AccessExplanation, ExplainedDecider, ExplainedField, ExplainedOperation } from '@crm/schemas';
import { apiRequest } from './http.client.js';

/*
 * The runtime's access explainer (GET /api/access/explain?user=&entity=&id=, admins only) for the
 * role matrix's "view as role": the live answer for one person and one stored record, asked of the
 * same policy the records API enforces. The shapes are the contract types of @crm/schemas
 * (http/access-explain.contract.ts).
 */

export type { AccessExplanation, ExplainedDecider, ExplainedField, ExplainedOperation };

export function explainAccess(user: string, entity: string, id: string): Promise<AccessExplanation> {
  const query = new URLSearchParams({ user, entity, id });
  return apiRequest<AccessExplanation>('GET', `/api/access/explain?${query.toString()}`);
}

export interface PersonWithRoles {
  id: string;
  name: string | null;
  email: string | null;
  roles: string[];
}

interface PeoplePage {
  data: Array<{ id: string; name?: string | null; email?: string | null; roles?: unknown }>;
}

/** People with their roles (admins see roles; for others the list has none). */
export async function listPeopleWithRoles(): Promise<PersonWithRoles[]> {
  const page = await apiRequest<PeoplePage>('GET', '/api/users?limit=500');
  return page.data.map((p) => ({
    id: p.id,
    name: p.name ?? null,
    email: p.email ?? null,
    roles: Array.isArray(p.roles) ? p.roles.filter((r): r is string => typeof r === 'string') : [],
  }));
}

/** The person a request acts for, as the rest of the runtime sees them (never with a password hash). */
export interface Actor {
  id: string;
  email: string;
  name: string;
  roles: string[];
  teamId: string | null;
  managerId: string | null;
  attributes: Record<string, unknown>;
  /**
   * Set when the request came with an API token: the roles the token was issued with. `roles` is
   * then already narrowed to those the user still holds, and every permission check that reloads
   * the person (loadAccessSubject) narrows their current roles by this list again.
   */
  roleLimit?: readonly string[];
}

export interface UserRow {
  id: string;
  email: string;
  name: string;
  password_hash: string | null;
  roles: string[];
  team_id: string | null;
  manager_id: string | null;
  attributes: Record<string, unknown>;
  disabled: boolean;
  created_at: string;
  updated_at: string;
}

/** A user as admins (and the user themselves) see them over the API. */
export interface UserView {
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

/** What every signed-in person may see of others, enough for a picker: the HTTP contract's shape. */
export type { UserSummary } from '@crm/schemas';

export interface TeamRow {
  id: string;
  name: string;
  manager_id: string | null;
  parent_id: string | null;
  created_at: string;
}

export interface TeamView {
  id: string;
  name: string;
  manager: string | null;
  parent: string | null;
}

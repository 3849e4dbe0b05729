/** The person a request acts for, as the rest of the runtime sees them (never with a password hash). */
export interface Actor {
  id: string;
  email: string;
  name: string;
  roles: string[];
  teamId: string | null;
  managerId: string | null;
  attributes: Record<string, unknown>;
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
}

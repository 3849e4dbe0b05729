import type { Knex } from 'knex';
import type { Actor, UserRow, UserSummary, UserView } from './user.types.js';

export function toActor(row: UserRow): Actor {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    roles: row.roles,
    teamId: row.team_id,
    managerId: row.manager_id,
    attributes: row.attributes,
  };
}

/** The API's view; the password hash never leaves this module's callers through it. */
export function toUserView(row: UserRow): UserView {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    roles: row.roles,
    team: row.team_id,
    manager: row.manager_id,
    attributes: row.attributes,
    disabled: row.disabled,
    createdAt: row.created_at,
  };
}

export function toUserSummary(row: Pick<UserRow, 'id' | 'name' | 'email' | 'team_id'>): UserSummary {
  return { id: row.id, name: row.name, email: row.email, team: row.team_id };
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export async function findUserByEmail(knex: Knex, email: string): Promise<UserRow | undefined> {
  return knex<UserRow>('users').where({ email: normaliseEmail(email) }).first();
}

export async function findUserById(knex: Knex, id: string): Promise<UserRow | undefined> {
  return knex<UserRow>('users').where({ id }).first();
}

export async function countUsers(knex: Knex): Promise<number> {
  const row = await knex('users').count({ count: '*' }).first();
  return Number(row?.count ?? 0);
}

export interface UserListPage {
  rows: UserRow[];
  /** The email to continue after, when there are more. */
  nextAfter: string | null;
}

/** Ordered by email (unique), paged by keyset. */
export async function listUsers(knex: Knex, options: { limit: number; after?: string; q?: string }): Promise<UserListPage> {
  const query = knex<UserRow>('users').select('*').orderBy('email').limit(options.limit + 1);
  if (options.after !== undefined) query.where('email', '>', options.after);
  if (options.q) {
    const like = `%${options.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query.where((w) => w.whereRaw(`email ILIKE ? ESCAPE '\\'`, [like]).orWhereRaw(`name ILIKE ? ESCAPE '\\'`, [like]));
  }
  const rows: UserRow[] = await query;
  const page = rows.slice(0, options.limit);
  const last = page[page.length - 1];
  return { rows: page, nextAfter: rows.length > options.limit && last ? last.email : null };
}

export interface NewUser {
  email: string;
  name: string;
  passwordHash: string | null;
  roles: string[];
  teamId?: string | null;
  managerId?: string | null;
  attributes?: Record<string, unknown>;
}

export async function insertUser(knex: Knex, user: NewUser): Promise<UserRow> {
  const [row] = await knex<UserRow>('users')
    .insert({
      email: normaliseEmail(user.email),
      name: user.name,
      password_hash: user.passwordHash,
      roles: user.roles,
      team_id: user.teamId ?? null,
      manager_id: user.managerId ?? null,
      attributes: user.attributes ?? {},
    })
    .returning('*');
  if (!row) throw new Error('insert into users returned no row');
  return row;
}

/** The columns a user update may set; anything else is not a column one can change. */
export interface UserChanges {
  email?: string;
  name?: string;
  password_hash?: string | null;
  roles?: string[];
  team_id?: string | null;
  manager_id?: string | null;
  attributes?: Record<string, unknown>;
  disabled?: boolean;
}

export async function updateUser(knex: Knex, id: string, changes: UserChanges): Promise<UserRow> {
  const values: Record<string, unknown> = { ...changes, updated_at: knex.fn.now() };
  if (changes.attributes !== undefined) values['attributes'] = JSON.stringify(changes.attributes);
  const [row] = await knex<UserRow>('users').where({ id }).update(values).returning('*');
  if (!row) throw new Error(`update of user ${id} returned no row`);
  return row;
}

/** Users whose manager chain passes through `userId` would make a loop if `userId` reported to them. */
export async function managerChainOf(knex: Knex, userId: string): Promise<string[]> {
  const result = await knex.raw(
    `WITH RECURSIVE chain(id, manager_id, depth) AS (
       SELECT id, manager_id, 0 FROM users WHERE id = ?
       UNION ALL
       SELECT u.id, u.manager_id, c.depth + 1 FROM users u JOIN chain c ON u.id = c.manager_id WHERE c.depth < 1000
     ) SELECT id FROM chain`,
    [userId],
  );
  const rows: unknown[] = result.rows ?? [];
  return rows.flatMap((row) => (typeof row === 'object' && row !== null && 'id' in row && typeof row.id === 'string' ? [row.id] : []));
}

/**
 * People's display names by id (the name, else the e-mail), in one query: what a timeline shows
 * beside a run (who started it, who must approve, whom an answer names). Unknown ids are absent.
 */
export async function personNames(knex: Knex, ids: Iterable<string>): Promise<Map<string, string>> {
  const wanted = [...new Set(ids)];
  if (wanted.length === 0) return new Map();
  const rows: Array<{ id: string; name: string | null; email: string }> = await knex('users').whereIn('id', wanted).select('id', 'name', 'email');
  return new Map(rows.map((r) => [r.id, r.name || r.email]));
}

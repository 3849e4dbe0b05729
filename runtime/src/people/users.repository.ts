import type { Knex } from 'knex';
import type { Actor, UserRow } from './user.types.js';

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

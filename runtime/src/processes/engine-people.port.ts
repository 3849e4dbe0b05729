import type { EngineUser, PeoplePort } from '@crm/engine';
import type { Knex } from 'knex';
import { normaliseEmail, toActor } from '../people/users.repository.js';
import type { UserRow } from '../people/user.types.js';
import { isUuid } from '../records/index.js';

/*
 * The engine's view of people: who holds a role, who manages whom, who is senior in a team. Read
 * straight from the people tables with the handle the engine passes (the step's transaction).
 */

interface TeamRow {
  id: string;
  manager_id: string | null;
  parent_id: string | null;
}

async function activeUser(db: Knex, id: string | null): Promise<EngineUser | null> {
  if (!id) return null;
  const row: UserRow | undefined = await db<UserRow>('users').where({ id }).first();
  return row && !row.disabled ? toActor(row) : null;
}

/** The team and the teams above it, nearest first (a cycle is cut, never followed forever). */
async function teamChain(db: Knex, teamId: string | null): Promise<TeamRow[]> {
  const chain: TeamRow[] = [];
  const seen = new Set<string>();
  let next = teamId;
  while (next && !seen.has(next) && chain.length < 50) {
    seen.add(next);
    const team: TeamRow | undefined = await db<TeamRow>('teams').where({ id: next }).first('id', 'manager_id', 'parent_id');
    if (!team) break;
    chain.push(team);
    next = team.parent_id;
  }
  return chain;
}

export const enginePeoplePort: PeoplePort = {
  async findUser(db, ref) {
    const query = db<UserRow>('users');
    const row: UserRow | undefined = isUuid(ref) ? await query.where({ id: ref }).first() : ref.includes('@') ? await query.where({ email: normaliseEmail(ref) }).first() : undefined;
    return row && !row.disabled ? toActor(row) : null;
  },

  async usersWithRole(db, role) {
    const rows: UserRow[] = await db<UserRow>('users').whereRaw('? = ANY(roles)', [role]).andWhere({ disabled: false }).orderBy('id');
    return rows.map(toActor);
  },

  async managerOf(db, userId) {
    const user: UserRow | undefined = await db<UserRow>('users').where({ id: userId }).first();
    if (!user) return null;
    const own = await activeUser(db, user.manager_id);
    if (own && own.id !== userId) return own;
    for (const team of await teamChain(db, user.team_id)) {
      const manager = await activeUser(db, team.manager_id);
      if (manager && manager.id !== userId) return manager;
    }
    return null;
  },

  async seniorOf(db, userId, role) {
    const user: UserRow | undefined = await db<UserRow>('users').where({ id: userId }).first();
    if (!user) return null;
    for (const team of await teamChain(db, user.team_id)) {
      if (role) {
        const holder: UserRow | undefined = await db<UserRow>('users')
          .where({ team_id: team.id, disabled: false })
          .whereRaw('? = ANY(roles)', [role])
          .whereNot({ id: userId })
          .orderBy('id')
          .first();
        if (holder) return toActor(holder);
      }
      const manager = await activeUser(db, team.manager_id);
      if (manager && manager.id !== userId) return manager;
    }
    return null;
  },
};

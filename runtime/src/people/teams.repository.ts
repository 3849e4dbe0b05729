import type { Knex } from 'knex';
import type { TeamRow, TeamView } from './user.types.js';

export function toTeamView(row: TeamRow): TeamView {
  return { id: row.id, name: row.name, manager: row.manager_id, parent: row.parent_id };
}

export async function listTeams(knex: Knex): Promise<TeamRow[]> {
  return knex<TeamRow>('teams').select('*').orderBy('name');
}

export async function findTeamById(knex: Knex, id: string): Promise<TeamRow | undefined> {
  return knex<TeamRow>('teams').where({ id }).first();
}

export async function findTeamByName(knex: Knex, name: string): Promise<TeamRow | undefined> {
  return knex<TeamRow>('teams').where({ name }).first();
}

export interface TeamChanges {
  name?: string;
  manager_id?: string | null;
  parent_id?: string | null;
}

export async function insertTeam(knex: Knex, team: Required<TeamChanges>): Promise<TeamRow> {
  const [row] = await knex<TeamRow>('teams').insert(team).returning('*');
  if (!row) throw new Error('insert into teams returned no row');
  return row;
}

export async function updateTeam(knex: Knex, id: string, changes: TeamChanges): Promise<TeamRow> {
  const [row] = await knex<TeamRow>('teams').where({ id }).update(changes).returning('*');
  if (!row) throw new Error(`update of team ${id} returned no row`);
  return row;
}

/** The team and every team above it, nearest first (bounded, so a damaged table cannot loop forever). */
export async function ancestorsOf(knex: Knex, teamId: string): Promise<string[]> {
  const result = await knex.raw(
    `WITH RECURSIVE up(id, parent_id, depth) AS (
       SELECT id, parent_id, 0 FROM teams WHERE id = ?
       UNION ALL
       SELECT t.id, t.parent_id, u.depth + 1 FROM teams t JOIN up u ON t.id = u.parent_id WHERE u.depth < 1000
     ) SELECT id FROM up ORDER BY depth`,
    [teamId],
  );
  const rows: unknown[] = result.rows ?? [];
  return rows.flatMap((row) => (typeof row === 'object' && row !== null && 'id' in row && typeof row.id === 'string' ? [row.id] : []));
}

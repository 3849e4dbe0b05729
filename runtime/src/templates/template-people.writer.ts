import type { TemplateBundle } from '@crm/schemas';
import type { Knex } from 'knex';
import { insertUser, normaliseEmail } from '../people/users.repository.js';

/*
 * A template's teams and people, written on the install's transaction handle (never the outer one:
 * PGlite has one connection), so they commit with the definition and the demo records or not at all.
 * The password hash is made before the transaction opens: hashing is slow and holds no lock.
 */

/** Creates the teams (parents first), the people and who manages whom; answers people's ids by normalised email. */
export async function writeTemplatePeople(trx: Knex.Transaction, bundle: TemplateBundle, passwordHash: string | null): Promise<Map<string, string>> {
  const teamIds = await writeTeams(trx, bundle.teams ?? []);
  const userIds = new Map<string, string>();
  for (const user of bundle.users ?? []) {
    const row = await insertUser(trx, {
      email: user.email,
      name: user.name,
      passwordHash,
      roles: user.roles,
      teamId: user.team ? (teamIds.get(user.team) ?? null) : null,
      // $user.<attribute> in conditions and sharing rules (e.g. region) reads these.
      attributes: user.attributes ?? {},
    });
    userIds.set(row.email, row.id);
  }
  for (const user of bundle.users ?? []) {
    if (!user.manager) continue;
    await trx('users')
      .where({ id: userIds.get(normaliseEmail(user.email)) })
      .update({ manager_id: userIds.get(normaliseEmail(user.manager)) ?? null });
  }
  for (const team of bundle.teams ?? []) {
    if (!team.manager) continue;
    await trx('teams')
      .where({ id: teamIds.get(team.name) })
      .update({ manager_id: userIds.get(normaliseEmail(team.manager)) ?? null });
  }
  return userIds;
}

async function writeTeams(trx: Knex.Transaction, teams: NonNullable<TemplateBundle['teams']>): Promise<Map<string, string>> {
  const teamIds = new Map<string, string>();
  const pending = [...teams];
  // Parents first: a team is created once the team it reports to exists.
  while (pending.length > 0) {
    const index = pending.findIndex((t) => !t.parent || teamIds.has(t.parent));
    if (index < 0) throw new Error(`template teams have a missing or circular parent: ${pending.map((t) => t.name).join(', ')}`);
    const [team] = pending.splice(index, 1);
    if (!team) break;
    const [row] = await trx('teams')
      .insert({ name: team.name, parent_id: team.parent ? teamIds.get(team.parent) : null })
      .returning<{ id: string }[]>('id');
    if (row) teamIds.set(team.name, row.id);
  }
  return teamIds;
}

import type { Knex } from 'knex';
import type { LiveDefinitionSource } from '../runtime.context.js';
import { ADMIN_ROLE } from './admin-role.check.js';
import type { FieldProblems } from './body-fields.reader.js';
import { findTeamById } from './teams.repository.js';
import { findUserById, managerChainOf } from './users.repository.js';

/*
 * Checks of people input against what exists: role names against the live definition, team and
 * manager ids against the tables, and the manager chain against loops. Each adds a problem naming
 * the field; the caller throws them together.
 */

export async function checkRoleNames(definitions: LiveDefinitionSource, roles: readonly string[], problems: FieldProblems): Promise<void> {
  const live = await definitions.getLive();
  const known = new Set([ADMIN_ROLE, ...(live?.app.roles ?? []).map((role) => role.name)]);
  const unknown = roles.filter((role) => !known.has(role));
  if (unknown.length > 0) {
    problems.add(
      'roles',
      'UNKNOWN_ROLE',
      `No such role: ${unknown.join(', ')}. Roles are "admin" and those of the published definition.`,
      `Нет такой роли: ${unknown.join(', ')}. Роли — «admin» и роли опубликованного определения.`,
    );
  }
}

export async function checkTeamExists(db: Knex, teamId: string | null, field: string, problems: FieldProblems): Promise<void> {
  if (teamId !== null && !(await findTeamById(db, teamId))) {
    problems.add(field, 'UNKNOWN_TEAM', `There is no team ${teamId}.`, `Нет команды ${teamId}.`);
  }
}

export async function checkUserExists(db: Knex, userId: string | null, field: string, problems: FieldProblems): Promise<void> {
  if (userId !== null && !(await findUserById(db, userId))) {
    problems.add(field, 'UNKNOWN_USER', `There is no user ${userId}.`, `Нет пользователя ${userId}.`);
  }
}

/** `userId` may report to `managerId` unless that closes a loop (someone managing themselves, directly or not). */
export async function checkManagerChain(db: Knex, userId: string, managerId: string | null, problems: FieldProblems): Promise<void> {
  if (managerId === null) return;
  if (managerId === userId || (await managerChainOf(db, managerId)).includes(userId)) {
    problems.add('manager', 'MANAGER_CYCLE', 'This manager would make the chain of managers a loop.', 'Такой руководитель замкнёт цепочку руководителей в кольцо.');
  }
}

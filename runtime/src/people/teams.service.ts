import type { Knex } from 'knex';
import type { AuditTrail } from '../audit/audit-trail.service.js';
import type { RequestAuditFields } from '../audit/request-audit.context.js';
import { invalidateAuth } from '../auth/auth-cache.registry.js';
import { ConflictError, NotFoundError } from '../errors/index.js';
import { FieldProblems, isUuid, readClosedBody } from './body-fields.reader.js';
import { checkTeamExists, checkUserExists } from './people-references.checker.js';
import { ancestorsOf, findTeamByName, insertTeam, toTeamView, updateTeam, type TeamChanges } from './teams.repository.js';
import type { TeamRow, TeamView } from './user.types.js';

/** Parents change one at a time, so two concurrent changes cannot close a loop between them. */
const HIERARCHY_LOCK = 'crm.teams.hierarchy';
const TEAM_KEYS = ['name', 'manager', 'parent'] as const;

export interface TeamInput {
  name?: string;
  manager?: string | null;
  parent?: string | null;
}

export function parseTeamInput(body: unknown, creating: boolean): TeamInput {
  const values = readClosedBody(body, TEAM_KEYS);
  const problems = new FieldProblems();
  const input: TeamInput = {};
  const name = values['name'];
  if (name !== undefined || creating) {
    if (typeof name !== 'string' || name.trim() === '' || name.length > 200) {
      problems.add('name', 'INVALID_NAME', 'name must be text of 1 to 200 characters.', 'name — текст длиной от 1 до 200 символов.');
    } else {
      input.name = name.trim();
    }
  }
  for (const field of ['manager', 'parent'] as const) {
    const value = values[field];
    if (value === undefined) continue;
    if (value === null) input[field] = null;
    else if (isUuid(value)) input[field] = value.toLowerCase();
    else problems.add(field, 'INVALID_REFERENCE', `${field} must be an id (or null).`, `${field} должен быть идентификатором (или null).`);
  }
  problems.throwIfAny('The team is not valid.');
  return input;
}

function nameTaken(name: string): Error {
  return ConflictError.create(`A team named "${name}" already exists.`, [
    { code: 'TEAM_NAME_TAKEN', field: 'name', message: 'A team with this name already exists.', message_ru: 'Команда с таким названием уже есть.' },
  ]);
}

function isUniqueViolation(err: unknown): boolean {
  return typeof err === 'object' && err !== null && 'code' in err && err.code === '23505';
}

async function checkReferences(trx: Knex, teamId: string | null, input: TeamInput): Promise<void> {
  const problems = new FieldProblems();
  if (input.manager !== undefined) await checkUserExists(trx, input.manager, 'manager', problems);
  if (input.parent !== undefined && input.parent !== null) {
    await checkTeamExists(trx, input.parent, 'parent', problems);
    // The new parent may not be the team itself or any team below it.
    if (teamId !== null && (input.parent === teamId || (await ancestorsOf(trx, input.parent)).includes(teamId))) {
      problems.add('parent', 'PARENT_CYCLE', 'This parent would make the team hierarchy a loop.', 'Такая вышестоящая команда замкнёт иерархию в кольцо.');
    }
  }
  problems.throwIfAny('The team is not valid.');
}

/**
 * Runs a team write; after it commits, this process forgets every access subject at once (team
 * sets follow teams), as the database's trigger tells the other processes.
 */
async function withUniqueName<T>(knex: Knex, name: string | undefined, work: () => Promise<T>): Promise<T> {
  try {
    const result = await work();
    invalidateAuth(knex, { kind: 'subjects' });
    return result;
  } catch (err) {
    if (isUniqueViolation(err) && name !== undefined) throw nameTaken(name);
    throw err;
  }
}

export async function createTeam(knex: Knex, auditTrail: AuditTrail, input: TeamInput, audit: RequestAuditFields): Promise<TeamView> {
  const name = input.name;
  if (name === undefined) throw new Error('a team is created with a name');
  return withUniqueName(knex, name, () =>
    knex.transaction(async (trx) => {
      await trx.raw('SELECT pg_advisory_xact_lock(hashtext(?))', [HIERARCHY_LOCK]);
      await checkReferences(trx, null, input);
      if (await findTeamByName(trx, name)) throw nameTaken(name);
      const row = await insertTeam(trx, { name, manager_id: input.manager ?? null, parent_id: input.parent ?? null });
      await auditTrail.within(trx).record({
        ...audit,
        action: 'team.create',
        target: { type: 'team', id: row.id, name: row.name },
        details: { manager: row.manager_id, parent: row.parent_id },
      });
      return toTeamView(row);
    }),
  );
}

export async function patchTeam(knex: Knex, auditTrail: AuditTrail, id: string, input: TeamInput, audit: RequestAuditFields): Promise<TeamView> {
  if (!isUuid(id)) throw NotFoundError.create(`There is no team ${id}.`);
  return withUniqueName(knex, input.name, () =>
    knex.transaction(async (trx) => {
      await trx.raw('SELECT pg_advisory_xact_lock(hashtext(?))', [HIERARCHY_LOCK]);
      const row = await trx<TeamRow>('teams').where({ id }).forUpdate().first();
      if (!row) throw NotFoundError.create(`There is no team ${id}.`);
      await checkReferences(trx, row.id, input);
      if (input.name !== undefined && input.name !== row.name && (await findTeamByName(trx, input.name))) throw nameTaken(input.name);

      const changes: TeamChanges = {};
      const details: Record<string, unknown> = {};
      if (input.name !== undefined && input.name !== row.name) {
        changes.name = input.name;
        details['name'] = { old: row.name, new: input.name };
      }
      if (input.manager !== undefined && input.manager !== row.manager_id) {
        changes.manager_id = input.manager;
        details['manager'] = { old: row.manager_id, new: input.manager };
      }
      if (input.parent !== undefined && input.parent !== row.parent_id) {
        changes.parent_id = input.parent;
        details['parent'] = { old: row.parent_id, new: input.parent };
      }
      if (Object.keys(changes).length === 0) return toTeamView(row);
      const updated = await updateTeam(trx, row.id, changes);
      await auditTrail.within(trx).record({
        ...audit,
        action: 'team.update',
        target: { type: 'team', id: row.id, name: updated.name },
        details: { changed: Object.keys(details), ...details },
      });
      return toTeamView(updated);
    }),
  );
}

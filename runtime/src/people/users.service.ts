import type { Knex } from 'knex';
import type { AuditTrail } from '../audit/audit-trail.service.js';
import type { RequestAuditFields } from '../audit/request-audit.context.js';
import { hashPassword } from '../auth/password.hasher.js';
import { invalidateAuth } from '../auth/auth-cache.registry.js';
import { deleteUserSessions } from '../auth/session.store.js';
import { ConflictError, ForbiddenError, NotFoundError } from '../errors/index.js';
import type { LiveDefinitionSource } from '../runtime.context.js';
import { FieldProblems, isUuid } from './body-fields.reader.js';
import { checkManagerChain, checkRoleNames, checkTeamExists, checkUserExists } from './people-references.checker.js';
import type { UserCreateInput, UserPatchInput } from './user-input.parser.js';
import type { Actor, UserRow, UserView } from './user.types.js';
import { findUserByEmail, findUserById, insertUser, toUserView, updateUser, type UserChanges } from './users.repository.js';

export interface PeopleDeps {
  knex: Knex;
  definitions: LiveDefinitionSource;
  auditTrail: AuditTrail;
}

/** Manager chains change one at a time, so two concurrent changes cannot close a loop between them. */
const MANAGER_LOCK = 'crm.users.manager_chain';

/** What a person may change about themselves: their name. Everything else is an admin's to change. */
const SELF_EDITABLE = new Set(['name']);

function emailTaken(email: string): Error {
  return ConflictError.create(`The email ${email} is already in use.`, [
    { code: 'EMAIL_TAKEN', field: 'email', message: 'This email is already in use.', message_ru: 'Этот email уже используется.' },
  ]);
}

function isUniqueViolation(err: unknown): boolean {
  return typeof err === 'object' && err !== null && 'code' in err && err.code === '23505';
}

export async function loadUser(knex: Knex, id: string): Promise<UserRow> {
  const row = isUuid(id) ? await findUserById(knex, id) : undefined;
  if (!row) throw NotFoundError.create(`There is no user ${id}.`);
  return row;
}

export async function createUser(deps: PeopleDeps, input: UserCreateInput, audit: RequestAuditFields): Promise<UserView> {
  const passwordHash = input.password === null ? null : await hashPassword(input.password);
  // The live definition is read through the root knex, so before the transaction (PGlite has one connection).
  const problems = new FieldProblems();
  await checkRoleNames(deps.definitions, input.roles, problems);
  try {
    const created = await deps.knex.transaction(async (trx) => {
      await checkTeamExists(trx, input.team, 'team', problems);
      await checkUserExists(trx, input.manager, 'manager', problems);
      problems.throwIfAny('The user is not valid.');
      if (await findUserByEmail(trx, input.email)) throw emailTaken(input.email);
      const row = await insertUser(trx, {
        email: input.email,
        name: input.name,
        passwordHash,
        roles: input.roles,
        teamId: input.team,
        managerId: input.manager,
        attributes: input.attributes,
      });
      await deps.auditTrail.within(trx).record({
        ...audit,
        action: 'user.create',
        target: { type: 'user', id: row.id, name: row.email },
        details: { roles: row.roles, team: row.team_id, manager: row.manager_id, withPassword: passwordHash !== null },
      });
      return toUserView(row);
    });
    // A newcomer to a team is in their teammates' team sets.
    if (created.team !== null) invalidateAuth(deps.knex, { kind: 'subjects' });
    return created;
  } catch (err) {
    if (isUniqueViolation(err)) throw emailTaken(input.email);
    throw err;
  }
}

/** 403 naming each field a person tried to change about themselves other than their name. */
export function assertSelfPatchAllowed(actor: Actor, targetId: string, patch: UserPatchInput): void {
  if (actor.id !== targetId) return;
  const refused = Object.keys(patch).filter((key) => !SELF_EDITABLE.has(key));
  if (refused.length === 0) return;
  throw ForbiddenError.create(
    `You cannot change your own ${refused.join(', ')}; ask another admin.`,
    refused.map((field) => ({
      code: 'SELF_CHANGE_FORBIDDEN',
      field,
      message:
        field === 'password'
          ? 'Change your own password with POST /api/auth/password.'
          : field === 'disabled'
            ? 'You cannot disable yourself.'
            : `You cannot change your own ${field}.`,
      message_ru:
        field === 'password'
          ? 'Свой пароль меняют через POST /api/auth/password.'
          : field === 'disabled'
            ? 'Нельзя отключить самого себя.'
            : `Нельзя менять своё поле «${field}».`,
    })),
  );
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((item, i) => item === b[i]);
}

/** The columns that really change, with what the audit entry says about them. */
function changesOf(
  row: UserRow,
  patch: UserPatchInput,
  passwordHash: string | null | undefined,
): { changes: UserChanges; keys: string[]; details: Record<string, unknown> } {
  const changes: UserChanges = {};
  const keys: string[] = [];
  const details: Record<string, unknown> = {};
  if (patch.email !== undefined && patch.email !== row.email) {
    changes.email = patch.email;
    keys.push('email');
    details['email'] = { old: row.email, new: patch.email };
  }
  if (patch.name !== undefined && patch.name !== row.name) {
    changes.name = patch.name;
    keys.push('name');
  }
  if (passwordHash !== undefined) {
    changes.password_hash = passwordHash;
    keys.push('password');
  }
  if (patch.roles !== undefined && !sameList(patch.roles, row.roles)) {
    changes.roles = patch.roles;
    keys.push('roles');
    details['roles'] = { old: row.roles, new: patch.roles };
  }
  if (patch.team !== undefined && patch.team !== row.team_id) {
    changes.team_id = patch.team;
    keys.push('team');
    details['team'] = { old: row.team_id, new: patch.team };
  }
  if (patch.manager !== undefined && patch.manager !== row.manager_id) {
    changes.manager_id = patch.manager;
    keys.push('manager');
    details['manager'] = { old: row.manager_id, new: patch.manager };
  }
  if (patch.attributes !== undefined && JSON.stringify(patch.attributes) !== JSON.stringify(row.attributes)) {
    changes.attributes = patch.attributes;
    keys.push('attributes');
  }
  if (patch.disabled !== undefined && patch.disabled !== row.disabled) {
    changes.disabled = patch.disabled;
    keys.push('disabled');
  }
  return { changes, keys, details };
}

/**
 * Applies a checked patch in one transaction: references and the manager chain are checked first,
 * then the row is written, sessions end when the user is disabled or their password changes, and
 * the audit entry commits with the change. A refused patch writes nothing.
 */
export async function patchUser(deps: PeopleDeps, targetId: string, patch: UserPatchInput, audit: RequestAuditFields): Promise<UserView> {
  const passwordHash = patch.password === undefined ? undefined : patch.password === null ? null : await hashPassword(patch.password);
  // The live definition is read through the root knex, so before the transaction (PGlite has one connection).
  const problems = new FieldProblems();
  if (patch.roles !== undefined) await checkRoleNames(deps.definitions, patch.roles, problems);
  try {
    const patched = await deps.knex.transaction(async (trx) => {
      if (patch.manager !== undefined) await trx.raw('SELECT pg_advisory_xact_lock(hashtext(?))', [MANAGER_LOCK]);
      const row = await trx<UserRow>('users').where({ id: targetId }).forUpdate().first();
      if (!row) throw NotFoundError.create(`There is no user ${targetId}.`);
      if (patch.team !== undefined) await checkTeamExists(trx, patch.team, 'team', problems);
      if (patch.manager !== undefined) {
        await checkUserExists(trx, patch.manager, 'manager', problems);
        await checkManagerChain(trx, row.id, patch.manager, problems);
      }
      problems.throwIfAny('The change is not valid.');
      if (patch.email !== undefined && patch.email !== row.email && (await findUserByEmail(trx, patch.email))) throw emailTaken(patch.email);

      const { changes, keys, details } = changesOf(row, patch, passwordHash);
      if (keys.length === 0) return toUserView(row);
      const updated = await updateUser(trx, row.id, changes);
      const endsSessions = changes.disabled === true || changes.password_hash !== undefined;
      const endedSessions = endsSessions ? await deleteUserSessions(trx, row.id) : 0;
      const action = changes.disabled === true ? 'user.disable' : changes.disabled === false ? 'user.enable' : 'user.update';
      await deps.auditTrail.within(trx).record({
        ...audit,
        action,
        target: { type: 'user', id: row.id, name: updated.email },
        details: { changed: keys, ...details, ...(endsSessions ? { endedSessions } : {}) },
      });
      return toUserView(updated);
    });
    // The database's triggers tell every process at commit; this one forgets at once, before it answers.
    invalidateAuth(deps.knex, { kind: 'user', userId: targetId });
    // A move between teams changes the team sets of both teams' people.
    if (patch.team !== undefined) invalidateAuth(deps.knex, { kind: 'subjects' });
    return patched;
  } catch (err) {
    if (isUniqueViolation(err) && patch.email !== undefined) throw emailTaken(patch.email);
    throw err;
  }
}

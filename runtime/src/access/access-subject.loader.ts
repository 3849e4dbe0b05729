import type { Knex } from 'knex';
import { BUILT_IN_ADMIN_ROLE, limitRoles } from '@crm/schemas';
import { authCacheOf } from '../auth/auth-cache.registry.js';
import type { AccessSubject } from './access.types.js';

/*
 * The caller's account and team sets in one round trip: the person's current roles (so a role
 * changed in the database counts from the next request on), their team and the teams they manage,
 * every team below those (one recursive CTE over teams.parent_id; UNION stops a cyclic hierarchy),
 * and the people in each set, whose records `team` and `subtree` scopes reach. Ids come back as
 * text[] so both drivers hand over plain string arrays.
 */

const SUBJECT_SQL = `
WITH RECURSIVE
  me AS (
    SELECT id, email, name, roles, team_id, manager_id, attributes, disabled FROM users WHERE id = CAST(? AS uuid)
  ),
  direct AS (
    SELECT team_id AS id FROM me WHERE team_id IS NOT NULL
    UNION
    SELECT t.id FROM teams t WHERE t.manager_id = CAST(? AS uuid)
  ),
  tree AS (
    SELECT id FROM direct
    UNION
    SELECT t.id FROM teams t JOIN tree ON t.parent_id = tree.id
  )
SELECT
  me.id::text AS id, me.email, me.name, me.roles, me.team_id::text AS team_id, me.manager_id::text AS manager_id,
  me.attributes, me.disabled,
  ARRAY(SELECT id::text FROM direct ORDER BY id) AS team_ids,
  ARRAY(SELECT id::text FROM tree ORDER BY id) AS subtree_team_ids,
  ARRAY(SELECT u.id::text FROM users u WHERE u.id = me.id OR u.team_id IN (SELECT id FROM direct) ORDER BY u.id) AS team_member_ids,
  ARRAY(SELECT u.id::text FROM users u WHERE u.id = me.id OR u.team_id IN (SELECT id FROM tree) ORDER BY u.id) AS subtree_member_ids
FROM me`;

const holdsBuiltInAdmin = (roles: readonly string[]): boolean => roles.includes(BUILT_IN_ADMIN_ROLE);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function text(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

function attributesOf(value: unknown): Record<string, unknown> {
  if (typeof value === 'string') {
    try {
      return attributesOf(JSON.parse(value));
    } catch {
      return {};
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
  return { ...value };
}

function rowsOf(result: unknown): Array<Record<string, unknown>> {
  // knex.raw answers { rows } on PostgreSQL and on PGlite.
  if (typeof result !== 'object' || result === null || !('rows' in result) || !Array.isArray(result.rows)) return [];
  return result.rows.filter((r: unknown): r is Record<string, unknown> => typeof r === 'object' && r !== null);
}

export interface LoadSubjectOptions {
  /** The explainer describes disabled accounts too; every other caller gets null for them. */
  includeDisabled?: boolean;
  /**
   * An API token's roles: the subject holds only those of its current roles that are also in this
   * list, or the whole list for an admin (role-limit.rules.ts). Absent for a session, which acts
   * with every role the person holds.
   */
  roleLimit?: readonly string[];
  /**
   * Whether the roles the person holds make them an admin (an admin's token acts with every role it
   * names). Without it only the built-in `admin` role counts.
   */
  isAdmin?: (roles: readonly string[]) => boolean;
}

async function querySubject(db: Knex, userId: string, includeDisabled: boolean): Promise<AccessSubject | null> {
  const [row] = rowsOf(await db.raw(SUBJECT_SQL, [userId, userId]));
  if (!row || (row['disabled'] === true && !includeDisabled)) return null;
  const id = text(row['id']);
  if (id === null) return null;
  return {
    userId: id,
    email: text(row['email']) ?? '',
    name: text(row['name']) ?? '',
    roles: strings(row['roles']),
    teamId: text(row['team_id']),
    managerId: text(row['manager_id']),
    attributes: attributesOf(row['attributes']),
    teamIds: strings(row['team_ids']),
    subtreeTeamIds: strings(row['subtree_team_ids']),
    teamMemberIds: strings(row['team_member_ids']),
    subtreeMemberIds: strings(row['subtree_member_ids']),
  };
}

/**
 * The person with this id and their team sets; null for an unknown account, and for a disabled one
 * unless `includeDisabled`. Roles are the person's current ones, narrowed by `roleLimit`.
 *
 * The subject with every role held comes from this process's auth cache when a runtime watches the
 * database: it holds only database facts (the user and team rows), whose every change empties it
 * in every process (auth.migrations.ts), and everything the live definition decides (the token's
 * narrowing here, compiled roles in the policy) is worked out per call, so a publish needs no
 * invalidation. A load inside a transaction is not remembered: that transaction may have changed
 * the person and may still roll back.
 */
export async function loadAccessSubject(db: Knex, userId: string, options: LoadSubjectOptions = {}): Promise<AccessSubject | null> {
  if (!UUID.test(userId)) return null;
  const includeDisabled = options.includeDisabled === true;
  const cache = includeDisabled ? undefined : authCacheOf(db);
  const subject = cache
    ? await cache.subjects.through(userId.toLowerCase(), () => querySubject(db, userId, false), db.isTransaction !== true)
    : await querySubject(db, userId, includeDisabled);
  if (!subject) return null;
  const held = subject.roles;
  return { ...subject, roles: limitRoles(held, options.roleLimit, options.roleLimit !== undefined && (options.isAdmin ?? holdsBuiltInAdmin)(held)) };
}

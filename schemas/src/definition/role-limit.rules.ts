import type { App } from '../../generated/definition.types.js';
/*
 * An API token is issued with a list of roles and acts with at most those: its effective roles are
 * the ones it names that its user STILL holds. So a token never grants more than its list (an
 * admin's token for `sales_rep` acts as a sales rep), and a role the user has since lost is lost to
 * every token of theirs too. An admin counts as holding every role (they may give themselves any),
 * so an admin's token acts with exactly the roles it names; once they stop being an admin, only
 * what they still hold. A session has no limit: it acts with everything its user holds.
 */

/**
 * The roles a caller acts with: `held` when there is no limit; otherwise the limit's roles that are
 * held, or every role of the limit when `heldIsAdmin`.
 */
export function limitRoles(held: readonly string[], limit: readonly string[] | undefined, heldIsAdmin: boolean): string[] {
  if (limit === undefined) return [...held];
  if (heldIsAdmin) return [...new Set(limit)];
  const allowed = new Set(limit);
  return held.filter((role) => allowed.has(role));
}

/** The role every app has: it manages people, roles and settings and sees everything. */
export const BUILT_IN_ADMIN_ROLE = 'admin';

/** Whether these roles make their holder an admin in `app`: the built-in role, or a role marked admin. */
export function holdsAdminRole(app: Pick<App, 'roles'>, roles: readonly string[]): boolean {
  return roles.some((name) => name === BUILT_IN_ADMIN_ROLE || app.roles?.find((role) => role.name === name)?.admin === true);
}

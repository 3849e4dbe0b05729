import type { LiveDefinitionSource } from '../runtime.context.js';

/**
 * Whether these roles may manage segments and send mailings: the built-in `admin` role, and any
 * role the live definition marks as admin, builder or `mailings` (a marketer: not a builder of the
 * app, but the one who speaks to clients in bulk). Read per call, so a publish that takes the power
 * away stops the next request. Whom a mailing reaches is still bounded by the caller's read access.
 */
export async function mayRunMailings(roles: readonly string[], definitions: LiveDefinitionSource): Promise<boolean> {
  if (roles.includes('admin')) return true;
  const live = await definitions.getLive();
  return (live?.app.roles ?? []).some((role) => roles.includes(role.name) && (role.mailings === true || role.builder === true || role.admin === true));
}

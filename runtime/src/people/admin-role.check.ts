import type { RequestHandler } from 'express';
import { ForbiddenError, type AppError } from '../errors/index.js';
import { requireActor } from '../http/request-context.js';
import type { LiveDefinitionSource } from '../runtime.context.js';
import type { Actor } from './user.types.js';

/** The built-in role every installation has; the first admin gets it. */
export const ADMIN_ROLE = 'admin';

/**
 * Whether these roles make their holder an admin: the built-in `admin` role, or any role the live
 * definition marks `admin: true`. Read per call (the live definition is cached and re-checked), so
 * a role change or a publish takes effect on the next request.
 */
export async function isAdmin(actor: Pick<Actor, 'roles'> | null | undefined, definitions: LiveDefinitionSource): Promise<boolean> {
  if (!actor) return false;
  if (actor.roles.includes(ADMIN_ROLE)) return true;
  const live = await definitions.getLive();
  return (live?.app.roles ?? []).some((role) => role.admin === true && actor.roles.includes(role.name));
}

export function adminOnlyError(): AppError {
  return ForbiddenError.create('Only admins may do this.', [
    { code: 'ADMIN_ONLY', message: 'Only admins may do this.', message_ru: 'Это могут делать только администраторы.' },
  ]);
}

/** 401 without a caller, 403 for a caller who is not an admin. */
export function requireAdmin(definitions: LiveDefinitionSource): RequestHandler {
  return async (req, _res, next) => {
    const actor = requireActor(req);
    if (!(await isAdmin(actor, definitions))) throw adminOnlyError();
    next();
  };
}

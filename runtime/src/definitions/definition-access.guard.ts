import type { RequestHandler } from 'express';
import { ForbiddenError } from '../errors/index.js';
import { requireActor } from '../http/request-context.js';
import type { LiveDefinitionSource } from '../runtime.context.js';

/**
 * Whether these roles may read and change the app definition: the built-in `admin` role always
 * (someone has to publish the first definition), and any role the live definition marks as builder
 * or admin.
 */
export async function mayEditDefinitions(roles: readonly string[], definitions: LiveDefinitionSource): Promise<boolean> {
  if (roles.includes('admin')) return true;
  const live = await definitions.getLive();
  return (live?.app.roles ?? []).some((role) => roles.includes(role.name) && (role.builder === true || role.admin === true));
}

/** 401 without a caller, 403 for a caller who may not build. */
export function requireDefinitionAccess(definitions: LiveDefinitionSource): RequestHandler {
  return async (req, _res, next) => {
    const actor = requireActor(req);
    if (!(await mayEditDefinitions(actor.roles, definitions))) {
      throw ForbiddenError.create('Only admins and builders may read or change the app definition.');
    }
    next();
  };
}

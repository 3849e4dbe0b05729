import type { Request } from 'express';
import type { Actor } from '../people/user.types.js';
import { UnauthorizedError } from '../errors/index.js';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      actor?: Actor;
      requestId?: string;
    }
  }
}

export function requireActor(req: Request): Actor {
  if (!req.actor) throw UnauthorizedError.create();
  return req.actor;
}

import type { EngineUser } from '../ports/engine.ports.js';

/*
 * What values in node configs can reach (ARCHITECTURE §1, process.schema.json): `record.<field>`
 * (the record the run is about, as it is now), `trigger.<key>` (what started the run: the action,
 * the changes, the record before the change, a webhook's body), `steps.<nodeId>.<key>` (earlier
 * steps' outputs), `$user.<attr>` (the person who caused the run), `$now` and `$run` (id, process, token).
 */
export interface ValueScope {
  record: Record<string, unknown> | null;
  trigger: Record<string, unknown>;
  steps: Record<string, unknown>;
  user: EngineUser | null;
  now: Date;
  /** `$run.id`, `$run.process`, `$run.token`: for keys and links that must name this run. */
  run?: { id: string; process: string; token: string };
}

/** `$user` as values and conditions see it: the person's properties and their custom attributes. */
export function userValue(user: EngineUser | null): Record<string, unknown> | null {
  if (!user) return null;
  return { ...user.attributes, id: user.id, email: user.email, name: user.name, roles: user.roles, team: user.teamId, manager: user.managerId };
}

import { startInputsOf, type Process } from '@crm/schemas';

/*
 * Who may start a manual process by hand (POST /api/processes/:name/start), decided once for the
 * start itself and for the workspace, which offers "Run a process" only where the start would be
 * allowed: admins always; anyone else when one of their roles is in the trigger's startRoles.
 */

export function mayStartByHand(roles: readonly string[], admin: boolean, startRoles: readonly string[] | undefined): boolean {
  return admin || (startRoles ?? []).some((role) => roles.includes(role));
}

/**
 * Whether the workspace offers the process to this person: a manual, enabled process they may
 * start, on an entity whose records they may read (or on none), whose start form they can answer:
 * a required question picking a record of an entity they may not read could never be answered
 * (the start refuses a record its starter may not read), so the offer would only lead to a refusal.
 */
export function offersManualStart(process: Process, roles: readonly string[], admin: boolean, readable: (entity: string) => boolean): boolean {
  if (process.trigger.type !== 'manual' || process.enabled === false) return false;
  const entity = process.trigger.entity;
  const answerable = startInputsOf(process.trigger).every((q) => q.type !== 'relation' || q.required !== true || q.target === undefined || readable(q.target));
  return mayStartByHand(roles, admin, process.trigger.startRoles) && (entity === undefined || readable(entity)) && answerable;
}

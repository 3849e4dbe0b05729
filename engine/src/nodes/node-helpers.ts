import { isJsonObject, toJson, type JsonValue } from '../json.types.js';
import type { EngineUser } from '../ports/engine.ports.js';
import { stepError } from '../run/step-failure.js';
import type { NodeContext } from './node-type.js';

/*
 * Small pieces several node types share: reading the run's record, and turning "who" values
 * (a user id, an e-mail, a template, a ValueRef, {"role": name}, "owner-manager", or a list of them)
 * into people.
 */

export function requireRecord(ctx: NodeContext): Record<string, unknown> {
  const record = ctx.record();
  if (!record) throw stepError('NO_RECORD', `Node ${ctx.node.id} needs the record the run is about, and this run has none.`);
  return record;
}

export function subjectEntity(ctx: NodeContext): string {
  const entity = ctx.run.subject?.entity;
  if (!entity) throw stepError('NO_RECORD', `Node ${ctx.node.id} needs the record the run is about, and this run has none.`);
  return entity;
}

/** The people a "who" value names, without duplicates, in the order given. */
export async function resolvePeople(ctx: NodeContext, who: unknown): Promise<EngineUser[]> {
  const found = new Map<string, EngineUser>();
  async function visit(value: unknown): Promise<void> {
    if (value === null || value === undefined) return;
    if (Array.isArray(value)) {
      for (const item of value) await visit(item);
      return;
    }
    if (isJsonObject(value) && typeof value['role'] === 'string') {
      for (const user of await ctx.ports.people.usersWithRole(ctx.db, value['role'])) found.set(user.id, user);
      return;
    }
    if (value === 'owner-manager') {
      const owner = ctx.record()?.['owner'];
      const manager = typeof owner === 'string' ? await ctx.ports.people.managerOf(ctx.db, owner) : null;
      if (manager) found.set(manager.id, manager);
      return;
    }
    const resolved = ctx.resolve(value);
    if (Array.isArray(resolved)) {
      for (const item of resolved) await visit(item);
      return;
    }
    const ref = isJsonObject(resolved) && typeof resolved['id'] === 'string' ? resolved['id'] : resolved;
    if (typeof ref !== 'string' || ref === '') return;
    const user = await ctx.ports.people.findUser(ctx.db, ref);
    if (user) found.set(user.id, user);
  }
  await visit(who);
  return [...found.values()];
}

export function personSummary(user: EngineUser): JsonValue {
  return { id: user.id, name: user.name, email: user.email };
}

export function asText(value: unknown): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'string' ? value : JSON.stringify(toJson(value));
}

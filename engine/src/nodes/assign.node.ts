import type { JsonValue } from '../json.types.js';
import type { EngineUser } from '../ports/engine.ports.js';
import { nextInRotation } from '../store/engine-state.store.js';
import { defineNodeType, type NodeContext, type NodeResult } from './node-type.js';
import { personSummary, requireRecord, resolvePeople, subjectEntity } from './node-helpers.js';
import type { AssignNode } from '@crm/schemas';

/*
 * Sets a user field of the record (owner by default) by a strategy: a given person; a holder of a
 * role in turn (round robin) or the one with the fewest open records (least loaded); the owner's
 * manager; the senior of the owner's team. With nobody to pick, the field stays as it is and the
 * step says why, so a save is never refused because a team is momentarily empty.
 */

async function leastLoaded(ctx: NodeContext<AssignNode>, holders: EngineUser[]): Promise<EngineUser | undefined> {
  if (holders.length === 0) return undefined;
  const counts = await ctx.ports.records.countByOwner(
    ctx.actor(),
    subjectEntity(ctx),
    holders.map((u) => u.id),
    ctx.node.config.loadCondition,
  );
  // Fewest open records first; among equals the earliest in id order, so the choice is repeatable.
  let best: EngineUser | undefined;
  let bestCount = Number.POSITIVE_INFINITY;
  for (const user of holders) {
    const count = counts.get(user.id) ?? 0;
    if (count < bestCount) {
      best = user;
      bestCount = count;
    }
  }
  return best;
}

async function pick(ctx: NodeContext<AssignNode>): Promise<{ user: EngineUser | undefined; note?: string }> {
  const { strategy, role } = ctx.node.config;
  const owner = requireRecord(ctx)['owner'];
  switch (strategy) {
    case 'user': {
      const [user] = await resolvePeople(ctx, ctx.node.config.user);
      return user ? { user } : { user: undefined, note: 'the person named is not an active user' };
    }
    case 'role-round-robin': {
      const holders = role ? await ctx.ports.people.usersWithRole(ctx.db, role) : [];
      const id = await nextInRotation(ctx.db, `round-robin:${ctx.run.process}:${ctx.node.id}`, holders.map((u) => u.id));
      return { user: holders.find((u) => u.id === id), note: `nobody holds the role ${role ?? ''}` };
    }
    case 'role-least-loaded': {
      const holders = role ? await ctx.ports.people.usersWithRole(ctx.db, role) : [];
      return { user: await leastLoaded(ctx, holders), note: `nobody holds the role ${role ?? ''}` };
    }
    case 'owner-manager': {
      const manager = typeof owner === 'string' ? await ctx.ports.people.managerOf(ctx.db, owner) : null;
      return { user: manager ?? undefined, note: 'the owner has no manager' };
    }
    case 'team-senior': {
      const senior = typeof owner === 'string' ? await ctx.ports.people.seniorOf(ctx.db, owner, role) : null;
      return { user: senior ?? undefined, note: "nobody senior was found in the owner's team or above it" };
    }
  }
}

export const assignNode = defineNodeType({
  type: 'assign',
  async execute(ctx): Promise<NodeResult> {
    const field = ctx.node.config.field ?? 'owner';
    const { user, note } = await pick(ctx);
    if (!user) {
      ctx.log('warn', `Nobody assigned to ${field}: ${note ?? 'no candidate'}.`);
      return { kind: 'continue', output: { field, assigned: null, reason: note ?? null } };
    }
    await ctx.setRecordFields({ [field]: user.id });
    ctx.effect({ kind: 'assign', field, user: personSummary(user) });
    const output: JsonValue = { field, assigned: personSummary(user), strategy: ctx.node.config.strategy };
    return { kind: 'continue', output };
  },
});

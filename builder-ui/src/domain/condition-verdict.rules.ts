import {
  checkCondition,
  checkScopedCondition,
  conditionScopeOf,
  evaluateCondition,
  evaluateConditionInScope,
  type App,
  type ConditionIssue,
  type NodeSubjects,
  type ScopeValues,
} from '@crm/schemas';

/*
 * What the condition editor shows beside each clause: the problems the server's checker finds in it,
 * and whether it holds on the pinned sample, computed by the same code the server runs. In a process
 * condition / switch node (subjects given) the condition reads the run's values (record, trigger,
 * steps, $user, $now); everywhere else it tests one record of the entity.
 */

export interface VerdictContext {
  app: App;
  entity: string | undefined;
  subjects: NodeSubjects | undefined;
  triggerOps: boolean;
  now?: Date;
}

/** The checker's issues for the whole condition (pointers into it). */
export function conditionIssues(condition: unknown, ctx: VerdictContext): ConditionIssue[] {
  if (condition === undefined || condition === null) return [];
  if (ctx.subjects) return checkScopedCondition(condition, { app: ctx.app, scope: conditionScopeOf(ctx.subjects) });
  if (ctx.entity === undefined) return [];
  return checkCondition(condition, { app: ctx.app, entity: ctx.entity, allowTriggerOps: ctx.triggerOps });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A sample given as a bare record is the run's record. */
function asScope(sample: Record<string, unknown>): ScopeValues {
  const record = sample['record'];
  if ('record' in sample || 'trigger' in sample || 'steps' in sample) return { ...sample, record: isRecord(record) ? record : null };
  return { record: sample };
}

/** Whether `condition` (a clause or a group) holds on the sample; undefined with no sample or when it cannot be evaluated. */
export function verdictOn(condition: unknown, sample: Record<string, unknown> | undefined, ctx: VerdictContext): boolean | undefined {
  if (sample === undefined || condition === undefined) return undefined;
  const now = ctx.now ?? new Date();
  try {
    if (ctx.subjects) return evaluateConditionInScope(condition, asScope(sample), { app: ctx.app, scope: conditionScopeOf(ctx.subjects), now });
    if (ctx.entity === undefined) return undefined;
    return evaluateCondition(condition, sample, { app: ctx.app, entity: ctx.entity, now });
  } catch {
    // An invalid clause (its problems are shown beside it) or a sample the predicate cannot read.
    return undefined;
  }
}

import { evaluateCondition, type App } from '@crm/schemas';
import { isJsonObject } from '../json.types.js';
import type { ProcessActor, RecordsPort } from '../ports/engine.ports.js';
import { userValue } from './value-scope.js';
import type { EngineUser } from '../ports/engine.ports.js';

/*
 * Conditions may follow many-to-one relations with dot paths (`company.city`). The predicate wants
 * those relations expanded to objects, so before evaluating, the related records each path passes
 * through are loaded (one read per hop per record, with the process's own rights).
 */

function dotPaths(condition: unknown, into: Set<string>): Set<string> {
  if (Array.isArray(condition)) {
    for (const item of condition) dotPaths(item, into);
  } else if (isJsonObject(condition)) {
    const field = condition['field'];
    if (typeof field === 'string' && field.includes('.')) into.add(field);
    for (const value of Object.values(condition)) if (typeof value === 'object') dotPaths(value, into);
  }
  return into;
}

function relationTarget(app: App, entity: string, field: string): string | null {
  const definition = app.entities.find((e) => e.name === entity)?.fields.find((f) => f.name === field);
  return definition?.type === 'relation' && (definition.cardinality ?? 'many-to-one') === 'many-to-one' ? definition.target : null;
}

async function expandPath(records: RecordsPort, actor: ProcessActor, entity: string, holder: Record<string, unknown>, hops: string[]): Promise<void> {
  const [hop, ...rest] = hops;
  if (hop === undefined || rest.length === 0) return;
  const target = relationTarget(actor.app, entity, hop);
  if (!target) return;
  let related = holder[hop];
  if (typeof related === 'string') {
    related = await records.get(actor, target, related);
    holder[hop] = related ?? null;
  }
  if (isJsonObject(related)) await expandPath(records, actor, target, related, rest);
}

/** A copy of `record` with the relations the condition's dot paths pass through loaded as objects. */
export async function recordForCondition(
  records: RecordsPort,
  actor: ProcessActor,
  entity: string,
  condition: unknown,
  record: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const paths = dotPaths(condition, new Set());
  if (paths.size === 0) return record;
  const copy: Record<string, unknown> = { ...record };
  for (const path of paths) await expandPath(records, actor, entity, copy, path.split('.'));
  return copy;
}

export interface ConditionEvaluation {
  app: App;
  entity: string;
  user: EngineUser | null;
  now: Date;
  previous?: Record<string, unknown> | null;
}

/** Evaluates a condition over a record (relations on its dot paths loaded first). */
export async function conditionHolds(
  records: RecordsPort,
  actor: ProcessActor,
  condition: unknown,
  record: Record<string, unknown>,
  ctx: ConditionEvaluation,
): Promise<boolean> {
  const expanded = await recordForCondition(records, actor, ctx.entity, condition, record);
  const user = userValue(ctx.user);
  return evaluateCondition(condition, expanded, {
    app: ctx.app,
    entity: ctx.entity,
    now: ctx.now,
    previous: ctx.previous ?? null,
    ...(user && typeof user['id'] === 'string' ? { user: { ...user, id: user['id'] } } : {}),
  });
}

import { SCOPE_ROOTS, conditionScopeOf, evaluateConditionInScope, subjectsAtNode, type App, type ConditionScope } from '@crm/schemas';
import { isJsonObject } from '../json.types.js';
import type { ProcessActor, RecordsPort } from '../ports/engine.ports.js';
import { stepError } from '../run/step-failure.js';
import { recordForCondition } from './condition-record.loader.js';
import { userValue, type ValueScope } from './value-scope.js';

/*
 * Condition and switch nodes test the run's values, not only its record: record fields, trigger.*,
 * steps.<node>.*, a loop's item (steps.<loop>.item), $user.* and $now, typed by the same
 * subjectsAtNode that publish checks them with. The record (and the relations on its dot paths) is
 * loaded only when a leaf reads it, so a webhook or schedule process can branch on its payload.
 */

export interface NodeConditionSource {
  app: App;
  /** The process the run is pinned to, and the node whose condition this is. */
  process: string;
  nodeId: string;
  scope: ValueScope;
  /** The record the run is about, as it is now, or null. */
  record: () => Record<string, unknown> | null;
  records: RecordsPort;
  actor: ProcessActor;
}

/** The fields of a condition's leaves. */
function leafFields(condition: unknown, into: string[] = []): string[] {
  if (Array.isArray(condition)) {
    for (const item of condition) leafFields(item, into);
  } else if (isJsonObject(condition)) {
    const field = condition['field'];
    if (typeof field === 'string') into.push(field);
    for (const value of Object.values(condition)) if (typeof value === 'object') leafFields(value, into);
  }
  return into;
}

/** A leaf reads the record when it names `record.<path>` or a bare field (no other root). */
function recordPath(field: string): string | null {
  const [root = ''] = field.split('.');
  if (root === 'record') return field.slice('record.'.length);
  return SCOPE_ROOTS.includes(root) ? null : field;
}

/** The record's fields the condition names, as plain dot paths (`company.city`). */
function recordPaths(condition: unknown): string[] {
  return leafFields(condition).flatMap((field) => {
    const path = recordPath(field);
    return path === null ? [] : [path];
  });
}

/** The subjects a node's condition may read: computed once per process version and node. */
const scopes = new WeakMap<App, Map<string, ConditionScope>>();

function scopeAt(app: App, process: string, nodeId: string): ConditionScope {
  const byNode = scopes.get(app) ?? new Map<string, ConditionScope>();
  scopes.set(app, byNode);
  const key = `${process}\u0000${nodeId}`;
  const known = byNode.get(key);
  if (known) return known;
  const definition = app.processes?.find((p) => p.name === process);
  if (!definition) throw stepError('UNKNOWN_PROCESS', `Process ${process} is not in the definition this run is pinned to.`);
  const scope = conditionScopeOf(subjectsAtNode(app, definition, nodeId));
  byNode.set(key, scope);
  return scope;
}

/** Whether the condition of a condition or switch node holds over the run's values. */
export async function nodeConditionHolds(source: NodeConditionSource, condition: unknown): Promise<boolean> {
  const scope = scopeAt(source.app, source.process, source.nodeId);
  const paths = recordPaths(condition);
  let record: Record<string, unknown> | null = null;
  if (paths.length > 0) {
    const current = source.record();
    if (!current || scope.entity === undefined) {
      throw stepError('NO_RECORD', `Node ${source.nodeId} reads the record the run is about, and this run has none.`);
    }
    record = await recordForCondition(source.records, source.actor, scope.entity, paths.map((path) => ({ field: path })), current);
  }
  const user = userValue(source.scope.user);
  const id = user?.['id'];
  return evaluateConditionInScope(
    condition,
    { record, trigger: source.scope.trigger, steps: source.scope.steps, $user: user, $now: source.scope.now.toISOString() },
    { app: source.app, scope, now: source.scope.now, ...(user && typeof id === 'string' ? { user: { ...user, id } } : {}) },
  );
}

import type { App } from '../../generated/definition.types.js';
import { analyzeCondition, appTimeZone, type Analysis, type ConditionPlan, type LeafPlan } from './condition.analyze.js';
import { ConditionError, ConditionRecordError } from './condition.errors.js';
import type { FieldInfo } from './condition.fields.js';
import { sameValue, testLeaf, type Actual } from './condition.leaf.js';
import { resolveOperands, type ResolveEnv } from './condition.operands.js';
import { readSubject } from './condition.subjects.js';
import type { ConditionContext, ConditionScope, ScopedConditionContext, ScopeValues } from './condition.types.js';

/**
 * The predicate target: decides whether one record (a JSON object; relations on dot paths expanded
 * to objects or null) meets a condition. Throws ConditionError for a condition that does not
 * check; trigger operators are allowed and read ctx.previous.
 */
export function evaluateCondition(condition: unknown, record: Readonly<Record<string, unknown>>, ctx: ConditionContext): boolean {
  const analysis = analyzeCondition(condition, {
    app: ctx.app,
    entity: ctx.entity,
    allowTriggerOps: true,
    isFieldVisible: ctx.isFieldVisible,
  });
  if (!analysis.ok) throw new ConditionError(analysis.issues);
  const env: ResolveEnv = { user: ctx.user, now: (ctx.now ?? new Date()).getTime(), timeZone: appTimeZone(ctx.app) };
  return evaluatePlan(analysis.plan, { record, previous: ctx.previous ?? null, values: undefined }, env);
}

/**
 * The predicate over a process node's values (scoped conditions): record fields, the trigger,
 * earlier steps' outputs, $user and $now. `values.record` may be null when no leaf reads it.
 */
export function evaluateConditionInScope(condition: unknown, values: ScopeValues, ctx: ScopedConditionContext): boolean {
  const analysis = scopedAnalysis(condition, ctx);
  if (!analysis.ok) throw new ConditionError(analysis.issues);
  const env: ResolveEnv = { user: ctx.user, now: (ctx.now ?? new Date()).getTime(), timeZone: appTimeZone(ctx.app) };
  return evaluatePlan(analysis.plan, { record: values.record ?? EMPTY_RECORD, previous: null, values }, env);
}

const EMPTY_RECORD: Readonly<Record<string, unknown>> = {};

/*
 * A process node's condition is analysed once per definition, scope and condition object, not once
 * per run: the analysis (checking every leaf against the catalog and planning it) was 3% of a
 * worker's busy time in the drain, and its result depends only on those three. A definition is
 * never changed in place (a publish makes a new one), and field visibility, which a caller may
 * vary per user, is not cached at all.
 */
const scopedAnalyses = new WeakMap<App, WeakMap<ConditionScope, WeakMap<object, Analysis>>>();

function scopedAnalysis(condition: unknown, ctx: ScopedConditionContext): Analysis {
  const analyze = (): Analysis =>
    analyzeCondition(condition, { app: ctx.app, entity: ctx.scope.entity ?? '', allowTriggerOps: false, isFieldVisible: ctx.isFieldVisible, scope: ctx.scope });
  if (ctx.isFieldVisible || typeof condition !== 'object' || condition === null) return analyze();
  let byScope = scopedAnalyses.get(ctx.app);
  if (!byScope) scopedAnalyses.set(ctx.app, (byScope = new WeakMap()));
  let byCondition = byScope.get(ctx.scope);
  if (!byCondition) byScope.set(ctx.scope, (byCondition = new WeakMap()));
  const known = byCondition.get(condition);
  if (known) return known;
  const analysis = analyze();
  byCondition.set(condition, analysis);
  return analysis;
}

interface Source {
  record: Readonly<Record<string, unknown>>;
  previous: Readonly<Record<string, unknown>> | null;
  values: Readonly<Record<string, unknown>> | undefined;
}

function evaluatePlan(plan: ConditionPlan, source: Source, env: ResolveEnv): boolean {
  switch (plan.kind) {
    case 'and':
      return plan.items.every((item) => evaluatePlan(item, source, env));
    case 'or':
      return plan.items.some((item) => evaluatePlan(item, source, env));
    case 'not':
      return !evaluatePlan(plan.item, source, env);
    case 'leaf':
      return evaluateLeaf(plan, source, env);
  }
}

function isBlank(raw: unknown): boolean {
  return raw === null || raw === undefined || raw === '' || (Array.isArray(raw) && raw.length === 0);
}

function evaluateLeaf(leaf: LeafPlan, { record, previous, values: scope }: Source, env: ResolveEnv): boolean {
  const field = leaf.path.leaf;
  const values = resolveOperands(leaf.operands, field.family, env);
  if (values === undefined) return false;
  if (leaf.subject) {
    const raw = scope ? readSubject(scope, leaf.subject.segments) : undefined;
    // An untyped value is empty or not whatever its JSON type; other operators read it in the operand's family.
    const actual = leaf.subject.untyped && (leaf.op === 'isEmpty' || leaf.op === 'isNotEmpty') ? (isBlank(raw) ? null : 'value') : readActual(field, raw);
    return testLeaf(field.family, leaf.op, actual, values);
  }
  if (leaf.op === 'changed' || leaf.op === 'changedTo') {
    const now = readActual(field, record[field.name]);
    const before = previous ? readActual(field, previous[field.name]) : null;
    if (sameValue(before, now)) return false;
    return leaf.op === 'changed' || testLeaf(field.family, 'eq', now, values);
  }
  let holder: Readonly<Record<string, unknown>> | undefined = record;
  for (const hop of leaf.path.hops) {
    holder = related(holder, hop.column);
    if (!holder) break;
  }
  const actual = holder ? readActual(field, holder[field.name]) : null;
  return testLeaf(field.family, leaf.op, actual, values);
}

function isObject(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The live related record on a many-to-one, or undefined when there is none (null, soft-deleted). */
function related(holder: Readonly<Record<string, unknown>>, column: string): Readonly<Record<string, unknown>> | undefined {
  const value = holder[column];
  if (value === null || value === undefined) return undefined;
  if (!isObject(value)) throw new ConditionRecordError(column);
  return value.deleted_at === null || value.deleted_at === undefined ? value : undefined;
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

/**
 * Reads a record's value the way the operands are normalised. Lenient about what a database driver
 * hands back (numeric and bigint as strings, Date objects), so records read straight from
 * PostgreSQL evaluate like their JSON form.
 */
export function readActual(field: FieldInfo, raw: unknown): Actual {
  if (raw === null || raw === undefined) return null;
  switch (field.family) {
    case 'text':
    case 'enum':
      return typeof raw === 'string' ? raw : null;
    case 'number': {
      const value = typeof raw === 'number' ? raw : typeof raw === 'string' || typeof raw === 'bigint' ? Number(raw) : NaN;
      return Number.isFinite(value) ? value : null;
    }
    case 'boolean':
      return typeof raw === 'boolean' ? raw : null;
    case 'date':
      if (typeof raw === 'string' && /^\d{4}-\d{2}-\d{2}/.test(raw)) return raw.slice(0, 10);
      if (raw instanceof Date && Number.isFinite(raw.getTime())) {
        return `${pad(raw.getFullYear(), 4)}-${pad(raw.getMonth() + 1, 2)}-${pad(raw.getDate(), 2)}`;
      }
      return null;
    case 'datetime': {
      const instant = typeof raw === 'string' ? Date.parse(raw) : raw instanceof Date ? raw.getTime() : NaN;
      return Number.isFinite(instant) ? instant : null;
    }
    case 'uuid': {
      const id = isObject(raw) ? raw.id : raw;
      return typeof id === 'string' ? id.toLowerCase() : null;
    }
    case 'multienum':
      return Array.isArray(raw) ? raw.filter((item): item is string => typeof item === 'string') : null;
    case 'file':
      return Array.isArray(raw) && raw.length === 0 ? null : JSON.stringify(raw);
  }
}

import { checkCondition, compileConditionToSql, conditionIssueCode, validateConditionShape, type App, type Condition, type ConditionUser } from '@crm/schemas';
import type { AccessPolicy } from '../access/index.js';
import { ValidationError, type AppError, type ErrorDetail } from '../errors/index.js';
import { normaliseFilterValues } from './filter-values.normalizer.js';
import { asBinding, type SqlFragment } from './keyset.predicate.js';
import type { RecordEntityModel } from './record-entity.model.js';

/*
 * `filter` is the condition language (ARCHITECTURE §1), checked against the entity (fields exist,
 * operators fit their types; `changed` and `changedTo` belong to triggers only) and compiled to a
 * parameterised WHERE fragment over rec_<entity> by @crm/schemas. Its problems come back as 400s
 * pointing into the filter, coded as definition issues code them (CONDITION_UNKNOWN_FIELD).
 *
 * Access: a field hidden from the caller, here or at the end of a dot path in the related entity,
 * is reported exactly like a field that does not exist. And a dot path reads another record, so
 * each hop is guarded by the target's read scope: `company.city eq X` becomes
 * `company.<readable> AND company.city eq X`. A leaf through a record the caller cannot read is
 * then false whatever the value, so no combination of filters tells anything about it.
 */

export interface FilterContext {
  /** `$user` in the filter. */
  user: ConditionUser | undefined;
  now: Date;
  policy: AccessPolicy;
}

function invalidFilter(details: ErrorDetail[]): AppError {
  const [first] = details;
  return ValidationError.create(first ? `filter: ${first.message}` : 'filter is not a valid condition.', details);
}

function prefixed(condition: Condition, prefix: string): Condition {
  if ('and' in condition) return { and: condition.and.map((c) => prefixed(c, prefix)) };
  if ('or' in condition) return { or: condition.or.map((c) => prefixed(c, prefix)) };
  if ('not' in condition) return { not: prefixed(condition.not, prefix) };
  return { ...condition, field: `${prefix}.${condition.field}` };
}

/** The entity each hop of `path` enters: `company.parent.city` on deal -> [[company, "company"], [company, "company.parent"]]. */
function hops(app: App, entity: string, path: string): Array<{ entity: string; prefix: string }> {
  const segments = path.split('.');
  const out: Array<{ entity: string; prefix: string }> = [];
  let current = entity;
  for (let i = 0; i < segments.length - 1; i++) {
    const field = app.entities.find((e) => e.name === current)?.fields.find((f) => f.name === segments[i]);
    if (field?.type !== 'relation') break;
    current = field.target;
    out.push({ entity: current, prefix: segments.slice(0, i + 1).join('.') });
  }
  return out;
}

/** Guards every dot-path leaf with the read scope of each record it passes through (see above). */
export function guardRelationHops(app: App, entity: string, condition: Condition, policy: AccessPolicy): Condition {
  if (policy.unrestricted) return condition;
  if ('and' in condition) return { and: condition.and.map((c) => guardRelationHops(app, entity, c, policy)) };
  if ('or' in condition) return { or: condition.or.map((c) => guardRelationHops(app, entity, c, policy)) };
  if ('not' in condition) return { not: guardRelationHops(app, entity, condition.not, policy) };
  const guards = hops(app, entity, condition.field).flatMap(({ entity: target, prefix }) => {
    const readable = policy.entity(target).recordCondition('read');
    return readable === null ? [] : [prefixed(readable, prefix)];
  });
  return guards.length === 0 ? condition : { and: [...guards, condition] };
}

export function compileListFilter(model: RecordEntityModel, filter: unknown, ctx: FilterContext): SqlFragment | null {
  if (filter === null) return null;
  const isFieldVisible = (entity: string, field: string): boolean => ctx.policy.entity(entity).isFieldVisible(field);
  const issues = checkCondition(filter, { app: model.app, entity: model.name, allowTriggerOps: false, isFieldVisible });
  if (issues.length > 0 || !validateConditionShape(filter)) {
    throw invalidFilter(
      issues.map((issue) => ({ field: 'filter', pointer: issue.path, code: conditionIssueCode(issue.code), message: issue.message.en, message_ru: issue.message.ru })),
    );
  }
  const condition = guardRelationHops(model.app, model.name, normaliseFilterValues(model.app, model.name, filter), ctx.policy);
  // The guards name the owner and the sharing rules' fields, which may be hidden from the caller:
  // the caller's own condition was checked above, so this compile does not check visibility again.
  const compiled = compileConditionToSql(condition, {
    app: model.app,
    entity: model.name,
    now: ctx.now,
    alias: model.table,
    ...(ctx.user ? { user: ctx.user } : {}),
  });
  if (!compiled.ok) {
    throw invalidFilter(compiled.issues.map((issue) => ({ field: 'filter', code: conditionIssueCode(issue.code), message: issue.message.en, message_ru: issue.message.ru })));
  }
  return { sql: compiled.sql, bindings: compiled.bindings.map(asBinding) };
}

import { checkCondition, compileConditionToSql, validateConditionShape } from '@crm/schemas';
import { ValidationError, type ErrorDetail } from '../errors/index.js';
import type { Actor } from '../people/user.types.js';
import { normaliseFilterValues } from './filter-values.normalizer.js';
import { asBinding, type SqlFragment } from './keyset.predicate.js';
import type { RecordEntityModel } from './record-entity.model.js';

/*
 * `filter` is the condition language (ARCHITECTURE §1), checked against the entity (fields exist,
 * operators fit their types; `changed` and `changedTo` belong to triggers only) and compiled to a
 * parameterised WHERE fragment over rec_<entity> by @crm/schemas. Its problems come back as 400s
 * pointing into the filter.
 */

export interface FilterContext {
  user: Actor | null;
  now: Date;
}

function conditionUser(actor: Actor): { id: string; [attribute: string]: unknown } {
  // "$user.<attribute>" reads custom attributes and the person's own properties alike.
  return { ...actor.attributes, id: actor.id, email: actor.email, name: actor.name, roles: actor.roles, team: actor.teamId, manager: actor.managerId };
}

export function compileListFilter(model: RecordEntityModel, filter: unknown, ctx: FilterContext): SqlFragment | null {
  if (filter === null) return null;
  const issues = checkCondition(filter, { app: model.app, entity: model.name, allowTriggerOps: false });
  if (issues.length > 0 || !validateConditionShape(filter)) {
    const details: ErrorDetail[] = issues.map((issue) => ({
      field: 'filter',
      pointer: issue.path,
      code: issue.code,
      message: issue.message.en,
      message_ru: issue.message.ru,
    }));
    const [first] = details;
    throw ValidationError.create(first ? `filter: ${first.message}` : 'filter is not a valid condition.', details);
  }
  const condition = normaliseFilterValues(model.app, model.name, filter);
  const compiled = compileConditionToSql(condition, {
    app: model.app,
    entity: model.name,
    now: ctx.now,
    alias: model.table,
    ...(ctx.user ? { user: conditionUser(ctx.user) } : {}),
  });
  return { sql: compiled.sql, bindings: compiled.bindings.map(asBinding) };
}

import type { Role } from '../../generated/definition.types.js';
import { isSystemField } from '../definition/system-field.catalog.js';
import type { DefinitionIssue, LocalizedMessage } from '../issues/definition-issue.types.js';
import { joinPointer } from '../issues/json-pointer.js';
import { conditionIssues } from './condition.rules.js';
import { issue, repeatedNames, type RuleContext } from './rule.context.js';
import { semanticMessages as m } from './semantic-issue.messages.js';
import { conditionWords, words } from './subject.words.js';

/*
 * Roles: unique names; entity and field keys that exist; sharing rules on existing entities. System
 * fields take no grants: they are readable with the record and never writable, and `owner` is
 * changed with `changeOwner`; a grant on them would promise what the runtime does not do.
 */

const q = (name: string): LocalizedMessage => ({ ru: `«${name}»`, en: `"${name}"` });

function systemFieldGrant(role: string, entity: string, field: string): LocalizedMessage {
  return {
    ru: `Роль ${q(role).ru}: системному полю ${q(field).ru} сущности ${q(entity).ru} нельзя задать доступ — оно видно вместе с записью и не изменяется (владельца меняет право changeOwner)`,
    en: `Role ${q(role).en}: the system field ${q(field).en} of ${q(entity).en} takes no field access: it is read with the record and never written (the owner is changed with changeOwner)`,
  };
}

function permissionIssues(ctx: RuleContext, role: Role, at: string): DefinitionIssue[] {
  const issues: DefinitionIssue[] = [];
  const where = words.role(role.name);
  for (const entity of Object.keys(role.entities ?? {})) {
    if (!ctx.catalog.entity(entity)) issues.push(issue('UNKNOWN_ENTITY', joinPointer(at, 'entities', entity), m.unknownEntity(where, entity)));
  }
  for (const [entity, fields] of Object.entries(role.fields ?? {})) {
    if (!ctx.catalog.entity(entity)) {
      issues.push(issue('UNKNOWN_ENTITY', joinPointer(at, 'fields', entity), m.unknownEntity(where, entity)));
      continue;
    }
    for (const field of Object.keys(fields)) {
      if (isSystemField(field) && !ctx.catalog.field(entity, field)) {
        issues.push(issue('SYSTEM_FIELD_GRANT', joinPointer(at, 'fields', entity, field), systemFieldGrant(role.name, entity, field)));
        continue;
      }
      if (ctx.catalog.field(entity, field)) continue;
      issues.push(issue('UNKNOWN_FIELD', joinPointer(at, 'fields', entity, field), m.unknownField(where, entity, field)));
    }
  }
  return issues;
}

function sharingIssues(ctx: RuleContext, role: Role, at: string): DefinitionIssue[] {
  const rules = role.sharing ?? [];
  const repeated = new Set(repeatedNames(rules, (r) => r.name).map((r) => r.index));
  return rules.flatMap((rule, j) => {
    const ruleAt = joinPointer(at, 'sharing', j);
    const issues: DefinitionIssue[] = [];
    if (repeated.has(j)) issues.push(issue('DUPLICATE_NAME', joinPointer(ruleAt, 'name'), m.duplicateSharingRule(role.name, rule.name)));
    if (!ctx.catalog.entity(rule.entity)) {
      issues.push(issue('UNKNOWN_ENTITY', joinPointer(ruleAt, 'entity'), m.unknownEntity(words.sharingRule(role.name, rule.name), rule.entity)));
    }
    issues.push(
      ...conditionIssues(ctx, rule.condition, {
        pointer: joinPointer(ruleAt, 'condition'),
        entity: rule.entity,
        allowTriggerOps: false,
        words: conditionWords.sharingRule(role.name, rule.name),
      }),
    );
    return issues;
  });
}

export function checkRoles(ctx: RuleContext): DefinitionIssue[] {
  const roles = ctx.app.roles ?? [];
  const repeated = new Set(repeatedNames(roles, (r) => r.name).map((r) => r.index));
  return roles.flatMap((role, i) => {
    const at = joinPointer('', 'roles', i);
    const duplicate = repeated.has(i) ? [issue('DUPLICATE_NAME', joinPointer(at, 'name'), m.duplicateRole(role.name))] : [];
    return [...duplicate, ...permissionIssues(ctx, role, at), ...sharingIssues(ctx, role, at)];
  });
}

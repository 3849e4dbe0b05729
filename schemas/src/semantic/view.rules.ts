import type { View } from '../../generated/definition.types.js';
import type { DefinitionIssue } from '../issues/definition-issue.types.js';
import { joinPointer } from '../issues/json-pointer.js';
import { conditionIssues } from './condition.rules.js';
import { DATE_LIKE, fieldReferenceIssues } from './field-reference.rules.js';
import { issue, repeatedNames, type RuleContext } from './rule.context.js';
import { semanticMessages as m } from './semantic-issue.messages.js';
import { conditionWords, words } from './subject.words.js';

/* Views: an existing entity; columns, sort, filter, kanban and calendar settings and roles that resolve. */

const ENUM_ONLY = { types: ['enum'], words: { ru: 'поле-список (enum)', en: 'an enum field' } };

function layoutIssues(ctx: RuleContext, view: View, at: string): DefinitionIssue[] {
  const where = words.view(view.name);
  const issues: DefinitionIssue[] = [];
  if (view.pipeline !== undefined) {
    const pipeline = ctx.catalog.pipeline(view.pipeline);
    const pointer = joinPointer(at, 'pipeline');
    if (!pipeline) issues.push(issue('UNKNOWN_PIPELINE', pointer, m.unknownPipeline(where, view.pipeline)));
    else if (pipeline.entity !== view.entity) {
      issues.push(issue('PIPELINE_ENTITY_MISMATCH', pointer, m.pipelineEntityMismatch(where, pipeline.name, pipeline.entity, view.entity)));
    }
  }
  if (view.groupBy !== undefined) {
    issues.push(...fieldReferenceIssues(ctx, where, view.entity, view.groupBy, joinPointer(at, 'groupBy'), { expect: ENUM_ONLY }));
  }
  if (view.dateField !== undefined) {
    issues.push(...fieldReferenceIssues(ctx, where, view.entity, view.dateField, joinPointer(at, 'dateField'), { expect: DATE_LIKE }));
  }
  if (view.kind === 'kanban' && view.pipeline === undefined && view.groupBy === undefined) {
    issues.push(issue('MISSING_CONFIG', at, m.missingConfig(where, { ru: 'для канбана укажите pipeline или groupBy', en: 'a kanban view needs a pipeline or groupBy' })));
  }
  if (view.kind === 'calendar' && view.dateField === undefined) {
    issues.push(issue('MISSING_CONFIG', at, m.missingConfig(where, { ru: 'для календаря укажите dateField', en: 'a calendar view needs a dateField' })));
  }
  return issues;
}

function viewIssues(ctx: RuleContext, view: View, at: string): DefinitionIssue[] {
  const where = words.view(view.name);
  if (!ctx.catalog.entity(view.entity)) return [issue('UNKNOWN_ENTITY', joinPointer(at, 'entity'), m.unknownEntity(where, view.entity))];
  const issues: DefinitionIssue[] = [];
  (view.columns ?? []).forEach((column, k) => {
    issues.push(...fieldReferenceIssues(ctx, where, view.entity, column, joinPointer(at, 'columns', k), { allowPath: true }));
  });
  (view.sort ?? []).forEach((key, k) => {
    issues.push(...fieldReferenceIssues(ctx, where, view.entity, key.field, joinPointer(at, 'sort', k, 'field'), { allowPath: true }));
  });
  issues.push(
    ...conditionIssues(ctx, view.filter, { pointer: joinPointer(at, 'filter'), entity: view.entity, allowTriggerOps: false, words: conditionWords.viewFilter(view.name) }),
    ...layoutIssues(ctx, view, at),
  );
  return issues;
}

export function checkViews(ctx: RuleContext): DefinitionIssue[] {
  const views = ctx.app.views ?? [];
  const repeated = new Set(repeatedNames(views, (v) => v.name).map((r) => r.index));
  return views.flatMap((view, i) => {
    const at = joinPointer('', 'views', i);
    const issues: DefinitionIssue[] = [];
    if (repeated.has(i)) issues.push(issue('DUPLICATE_NAME', joinPointer(at, 'name'), m.duplicateView(view.name)));
    issues.push(...viewIssues(ctx, view, at));
    (view.roles ?? []).forEach((role, k) => {
      if (!ctx.catalog.role(role)) issues.push(issue('UNKNOWN_ROLE', joinPointer(at, 'roles', k), m.unknownRole(words.view(view.name), role)));
    });
    return issues;
  });
}

import type { Process, Trigger } from '../../generated/definition.types.js';
import type { DefinitionIssue } from '../issues/definition-issue.types.js';
import { joinPointer } from '../issues/json-pointer.js';
import { conditionIssues } from './condition.rules.js';
import { DATE_LIKE, fieldReferenceIssues } from './field-reference.rules.js';
import { issue, type RuleContext } from './rule.context.js';
import { startInputIssues } from './process-start-input.rules.js';
import { semanticMessages as m } from './semantic-issue.messages.js';
import { conditionWords, words } from './subject.words.js';

/* Triggers: the entity, pipeline, stage and date field they name exist; their conditions type-check. */

/** The entity whose record a run of the process is about, if its trigger has one. */
export function triggerEntity(trigger: Trigger): string | undefined {
  switch (trigger.type) {
    case 'record':
    case 'stage':
    case 'date':
    case 'manual':
      return trigger.entity;
    case 'schedule':
    case 'webhook':
      return undefined;
  }
}

function stageTriggerIssues(ctx: RuleContext, process: Process, trigger: Extract<Trigger, { type: 'stage' }>, at: string): DefinitionIssue[] {
  const where = words.trigger(process.name);
  const scope = { process: process.name };
  const pipeline = ctx.catalog.pipeline(trigger.pipeline);
  if (!pipeline) return [issue('UNKNOWN_PIPELINE', joinPointer(at, 'pipeline'), m.unknownPipeline(where, trigger.pipeline), scope)];
  if (pipeline.entity !== trigger.entity) {
    return [issue('PIPELINE_ENTITY_MISMATCH', joinPointer(at, 'pipeline'), m.pipelineEntityMismatch(where, pipeline.name, pipeline.entity, trigger.entity), scope)];
  }
  const stages = pipeline.stages.map((s) => s.name);
  if (stages.includes(trigger.stage)) return [];
  return [issue('UNKNOWN_STAGE', joinPointer(at, 'stage'), m.unknownStage(where, pipeline.name, trigger.stage, stages), scope)];
}

export function checkTrigger(ctx: RuleContext, process: Process, processAt: string): DefinitionIssue[] {
  const trigger = process.trigger;
  const at = joinPointer(processAt, 'trigger');
  const scope = { process: process.name };
  const entity = triggerEntity(trigger);
  const roles = [...startRoleIssues(ctx, process, at), ...startInputIssues(ctx, process, at)];
  if (entity === undefined) return roles;
  if (!ctx.catalog.entity(entity)) {
    return [...roles, issue('UNKNOWN_ENTITY', joinPointer(at, 'entity'), m.unknownEntity(words.trigger(process.name), entity), scope)];
  }
  const conditionOf = (condition: unknown, allowTriggerOps: boolean): DefinitionIssue[] =>
    conditionIssues(ctx, condition, { pointer: joinPointer(at, 'condition'), entity, allowTriggerOps, words: conditionWords.trigger(process.name), scope });
  switch (trigger.type) {
    case 'record':
      return conditionOf(trigger.condition, true);
    case 'stage':
      return [...stageTriggerIssues(ctx, process, trigger, at), ...conditionOf(trigger.condition, false)];
    case 'date':
      return [
        ...fieldReferenceIssues(ctx, words.trigger(process.name), entity, trigger.field, joinPointer(at, 'field'), { expect: DATE_LIKE, scope }),
        ...conditionOf(trigger.condition, false),
      ];
    case 'manual':
      return roles;
    default:
      return [];
  }
}

/** The roles a manual trigger lets start the process must exist (a typo would silently leave admins only). */
function startRoleIssues(ctx: RuleContext, process: Process, at: string): DefinitionIssue[] {
  if (process.trigger.type !== 'manual') return [];
  return (process.trigger.startRoles ?? []).flatMap((role, k) =>
    ctx.catalog.role(role) ? [] : [issue('UNKNOWN_ROLE', joinPointer(at, 'startRoles', k), m.unknownRole(words.trigger(process.name), role), { process: process.name })],
  );
}

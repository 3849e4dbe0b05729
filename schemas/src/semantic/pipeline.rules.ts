import type { Pipeline } from '../../generated/definition.types.js';
import type { DefinitionIssue } from '../issues/definition-issue.types.js';
import { joinPointer } from '../issues/json-pointer.js';
import { issue, repeatedNames, type RuleContext } from './rule.context.js';
import { semanticMessages as m } from './semantic-issue.messages.js';
import { words } from './subject.words.js';

/*
 * Pipelines: an existing entity, an enum field of it whose options (when listed) are exactly the
 * stage names, one pipeline per field, unique stage names, required fields and transitions that
 * resolve.
 */

function stageFieldIssues(ctx: RuleContext, pipeline: Pipeline, at: string): DefinitionIssue[] {
  const where = words.pipeline(pipeline.name);
  const field = ctx.catalog.field(pipeline.entity, pipeline.field);
  const fieldAt = joinPointer(at, 'field');
  if (!field) return [issue('UNKNOWN_FIELD', fieldAt, m.unknownField(where, pipeline.entity, pipeline.field))];
  if (field.type !== 'enum') {
    const expected = { ru: 'поле-список (enum)', en: 'an enum field' };
    return [issue('WRONG_FIELD_TYPE', fieldAt, m.wrongFieldType(where, pipeline.entity, pipeline.field, field.type, expected))];
  }
  const owner = ctx.catalog.pipelineOnField(pipeline.entity, pipeline.field);
  if (owner && owner !== pipeline) {
    return [issue('PIPELINE_FIELD_TAKEN', fieldAt, m.pipelineFieldTaken(pipeline.name, owner.name, pipeline.entity, pipeline.field))];
  }
  if (!field.options) return [];
  const stages = pipeline.stages.map((s) => s.name);
  const options = field.options.map((o) => o.value);
  const missing = stages.filter((s) => !options.includes(s));
  const extra = options.filter((o) => !stages.includes(o));
  if (missing.length === 0 && extra.length === 0) return [];
  return [issue('STAGE_OPTIONS_MISMATCH', joinPointer(at, 'stages'), m.stageOptionsMismatch(pipeline.name, pipeline.entity, pipeline.field, missing, extra))];
}

function stageIssues(ctx: RuleContext, pipeline: Pipeline, at: string): DefinitionIssue[] {
  const issues: DefinitionIssue[] = [];
  const names = pipeline.stages.map((s) => s.name);
  const repeated = new Set(repeatedNames(pipeline.stages, (s) => s.name).map((r) => r.index));
  const hasEntity = ctx.catalog.entity(pipeline.entity) !== undefined;
  pipeline.stages.forEach((stage, j) => {
    const stageAt = joinPointer(at, 'stages', j);
    const where = words.stage(pipeline.name, stage.name);
    if (repeated.has(j)) issues.push(issue('DUPLICATE_NAME', joinPointer(stageAt, 'name'), m.duplicateStage(pipeline.name, stage.name)));
    if (hasEntity) {
      (stage.requiredFields ?? []).forEach((field, k) => {
        if (field === 'owner' || ctx.catalog.field(pipeline.entity, field)) return;
        issues.push(issue('UNKNOWN_FIELD', joinPointer(stageAt, 'requiredFields', k), m.unknownField(where, pipeline.entity, field)));
      });
    }
    (stage.transitions ?? []).forEach((target, k) => {
      if (names.includes(target)) return;
      issues.push(issue('UNKNOWN_STAGE', joinPointer(stageAt, 'transitions', k), m.unknownStage(where, pipeline.name, target, names)));
    });
  });
  return issues;
}

export function checkPipelines(ctx: RuleContext): DefinitionIssue[] {
  const pipelines = ctx.app.pipelines ?? [];
  const repeated = new Set(repeatedNames(pipelines, (p) => p.name).map((r) => r.index));
  return pipelines.flatMap((pipeline, i) => {
    const at = joinPointer('', 'pipelines', i);
    const issues: DefinitionIssue[] = [];
    if (repeated.has(i)) issues.push(issue('DUPLICATE_NAME', joinPointer(at, 'name'), m.duplicatePipeline(pipeline.name)));
    if (!ctx.catalog.entity(pipeline.entity)) {
      issues.push(issue('UNKNOWN_ENTITY', joinPointer(at, 'entity'), m.unknownEntity(words.pipeline(pipeline.name), pipeline.entity)));
    } else {
      issues.push(...stageFieldIssues(ctx, pipeline, at));
    }
    issues.push(...stageIssues(ctx, pipeline, at));
    return issues;
  });
}

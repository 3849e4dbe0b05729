import type { Pipeline, Stage } from '@crm/schemas';
import type { ErrorDetail } from '../errors/index.js';
import { validationFailed } from './record-input.validator.js';
import type { RecordEntityModel } from './record-entity.model.js';
import type { RecordValues } from './record.types.js';
import { isEmptyValue } from './stored-value.normalizer.js';

/*
 * Stage rules of the entity's pipelines: a stage that lists `transitions` may only be left for one
 * of them, and a record entering a stage (on create: its first stage) must have that stage's
 * `requiredFields` filled. Checked on the values about to be stored, after before-save hooks.
 */

function stageLabel(stage: Stage | undefined, name: string): { en: string; ru: string } {
  return { en: stage?.label?.en ?? name, ru: stage?.label?.ru ?? stage?.label?.en ?? name };
}

function transitionProblem(pipeline: Pipeline, from: string, to: string): ErrorDetail | null {
  const source = pipeline.stages.find((s) => s.name === from);
  if (!source?.transitions || source.transitions.includes(to)) return null;
  const a = stageLabel(source, from);
  const b = stageLabel(pipeline.stages.find((s) => s.name === to), to);
  return {
    field: pipeline.field,
    code: 'INVALID_TRANSITION',
    from,
    to,
    message: `A record cannot move from stage "${a.en}" (${from}) to "${b.en}" (${to}); allowed: ${source.transitions.join(', ') || 'none'}.`,
    message_ru: `Запись нельзя перевести из этапа «${a.ru}» (${from}) в «${b.ru}» (${to}); можно: ${source.transitions.join(', ') || 'никуда'}.`,
  };
}

function missingFieldProblems(pipeline: Pipeline, stageName: string, after: RecordValues): ErrorDetail[] {
  const stage = pipeline.stages.find((s) => s.name === stageName);
  const label = stageLabel(stage, stageName);
  return (stage?.requiredFields ?? [])
    .filter((field) => isEmptyValue(after[field]))
    .map((field) => ({
      field,
      code: 'REQUIRED_FOR_STAGE',
      stage: stageName,
      message: `Field "${field}" must be filled before the record enters stage "${label.en}" (${stageName}).`,
      message_ru: `Поле «${field}» нужно заполнить, прежде чем запись перейдёт на этап «${label.ru}» (${stageName}).`,
    }));
}

/** Throws 400 naming the stage field (bad transition) or each missing field. */
export function checkPipelineRules(model: RecordEntityModel, before: RecordValues | null, after: RecordValues): void {
  const problems: ErrorDetail[] = [];
  for (const pipeline of model.pipelines) {
    const to = after[pipeline.field];
    const from = before === null ? null : before[pipeline.field];
    if (typeof to !== 'string' || to === from) continue;
    if (typeof from === 'string') {
      const problem = transitionProblem(pipeline, from, to);
      if (problem) {
        problems.push(problem);
        continue;
      }
    }
    problems.push(...missingFieldProblems(pipeline, to, after));
  }
  if (problems.length > 0) throw validationFailed(problems);
}

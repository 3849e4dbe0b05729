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

/*
 * The messages name stages and fields as people see them (their labels); the machine names travel
 * in the detail's own members (from, to, stage, field) for programs.
 */
function transitionProblem(pipeline: Pipeline, from: string, to: string): ErrorDetail | null {
  const source = pipeline.stages.find((s) => s.name === from);
  if (!source?.transitions || source.transitions.includes(to)) return null;
  const a = stageLabel(source, from);
  const b = stageLabel(pipeline.stages.find((s) => s.name === to), to);
  const allowed = source.transitions.map((name) => stageLabel(pipeline.stages.find((s) => s.name === name), name));
  return {
    field: pipeline.field,
    code: 'INVALID_TRANSITION',
    from,
    to,
    allowed: source.transitions,
    message:
      allowed.length > 0
        ? `A record cannot move from stage "${a.en}" to "${b.en}"; from "${a.en}" it may go to ${allowed.map((l) => `"${l.en}"`).join(', ')}.`
        : `A record cannot move from stage "${a.en}" to "${b.en}"; "${a.en}" is a final stage.`,
    message_ru:
      allowed.length > 0
        ? `Запись нельзя перевести из этапа «${a.ru}» в «${b.ru}»: из «${a.ru}» можно перейти в ${allowed.map((l) => `«${l.ru}»`).join(', ')}.`
        : `Запись нельзя перевести из этапа «${a.ru}» в «${b.ru}»: «${a.ru}» — последний этап.`,
  };
}

function fieldLabel(model: RecordEntityModel, name: string): { en: string; ru: string } {
  const label = model.field(name)?.label;
  return { en: label?.en ?? name, ru: label?.ru ?? label?.en ?? name };
}

function missingFieldProblems(model: RecordEntityModel, pipeline: Pipeline, stageName: string, after: RecordValues): ErrorDetail[] {
  const stage = pipeline.stages.find((s) => s.name === stageName);
  const label = stageLabel(stage, stageName);
  return (stage?.requiredFields ?? [])
    .filter((field) => isEmptyValue(after[field]))
    .map((field) => {
      const name = fieldLabel(model, field);
      return {
        field,
        code: 'REQUIRED_FOR_STAGE',
        stage: stageName,
        message: `Fill in "${name.en}" before the record enters stage "${label.en}".`,
        message_ru: `Заполните поле «${name.ru}», прежде чем перевести запись на этап «${label.ru}».`,
      };
    });
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
    problems.push(...missingFieldProblems(model, pipeline, to, after));
  }
  if (problems.length > 0) throw validationFailed(problems);
}

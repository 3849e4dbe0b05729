import type { Pipeline, Stage } from '@crm/schemas';
import type { SqlFragment } from '../access/index.js';
import { BadRequestError, type AppError } from '../errors/index.js';
import { bothLanguages } from '../exchange/field-labels.catalog.js';
import { visibleField } from './report-fields.resolver.js';
import type { ReportSubject } from './report-scope.js';

/*
 * What the pipeline dashboards (funnel, forecast, won by owner) read: the pipeline (named, or the
 * entity's first), the stage field it keeps (which the caller must be able to see: otherwise the
 * pipeline is reported as unknown, like one that does not exist), and the amount field summed
 * (named, or `amount`, or the entity's first visible money field; never a hidden one).
 */

export interface PipelinePlan {
  pipeline: Pipeline;
  stageField: string;
  /** The summed field, or null when the entity has no visible amount. */
  amountField: string | null;
}

const AMOUNT_TYPES = new Set(['money', 'number', 'integer', 'percent']);

function unknownPipeline(entity: string, name: string | null): AppError {
  const message = name === null ? `${entity} records have no pipeline.` : `${entity} has no pipeline "${name}".`;
  return BadRequestError.create(message, [
    { field: 'pipeline', code: 'UNKNOWN_PIPELINE', message, message_ru: name === null ? `У записей «${entity}» нет воронки.` : `У «${entity}» нет воронки «${name}».` },
  ]);
}

export function resolvePipeline(subject: ReportSubject, name: string | null, amountField: string | null): PipelinePlan {
  const { model, access } = subject;
  const pipeline = name === null ? model.pipelines[0] : model.pipelines.find((p) => p.name === name);
  if (!pipeline || !access.isFieldVisible(pipeline.field)) throw unknownPipeline(model.name, name);
  if (amountField !== null) {
    const { type } = visibleField(model, access, 'amountField', amountField);
    if (!AMOUNT_TYPES.has(type)) {
      const message = `"${amountField}" is a ${type} field; the amount must be a number or money field.`;
      throw BadRequestError.create(message, [{ field: 'amountField', code: 'NOT_AGGREGATABLE', fieldName: amountField, message, message_ru: `«${amountField}» — не числовое поле.` }]);
    }
    return { pipeline, stageField: pipeline.field, amountField };
  }
  const visible = model.entity.fields.filter((f) => AMOUNT_TYPES.has(f.type) && access.isFieldVisible(f.name));
  const chosen = visible.find((f) => f.name === 'amount') ?? visible.find((f) => f.type === 'money');
  return { pipeline, stageField: pipeline.field, amountField: chosen?.name ?? null };
}

export function probabilityOf(stage: Stage): number {
  return stage.probability ?? (stage.kind === 'won' ? 100 : 0);
}

export function kindOf(stage: Stage): 'open' | 'won' | 'lost' {
  return stage.kind ?? 'open';
}

export function stageLabel(stage: Stage): { en: string; ru: string } {
  return bothLanguages(stage.label, stage.name);
}

/** `column IN (the stages)`; FALSE for none. */
export function stageIn(subject: ReportSubject, plan: PipelinePlan, stages: readonly Stage[]): SqlFragment {
  if (stages.length === 0) return { sql: 'FALSE', bindings: [] };
  return { sql: `?? IN (${stages.map(() => '?').join(', ')})`, bindings: [`${subject.model.table}.${plan.stageField}`, ...stages.map((s) => s.name)] };
}

/** The summed column as SQL (NULL when there is none). */
export function amountSql(subject: ReportSubject, plan: PipelinePlan): SqlFragment {
  return plan.amountField === null ? { sql: 'NULL::numeric', bindings: [] } : { sql: '??', bindings: [`${subject.model.table}.${plan.amountField}`] };
}

export function pipelineInfo(plan: PipelinePlan): { name: string; label: { en: string; ru: string }; field: string; amountField: string | null } {
  return { name: plan.pipeline.name, label: bothLanguages(plan.pipeline.label, plan.pipeline.name), field: plan.stageField, amountField: plan.amountField };
}

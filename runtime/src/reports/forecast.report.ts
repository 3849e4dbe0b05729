import type { Stage } from '@crm/schemas';
import { BadRequestError } from '../errors/index.js';
import { loadGroupLabels, type Label } from './group-labels.loader.js';
import { amountSql, kindOf, pipelineInfo, probabilityOf, stageIn, type PipelinePlan } from './pipeline-report.resolver.js';
import { groupColumn, visibleField } from './report-fields.resolver.js';
import type { ReportSubject } from './report-scope.js';

/*
 * GET /api/reports/:entity/forecast: what the open records of a pipeline are expected to bring,
 * amount x the probability of the stage each stands in, by month (or quarter) of their close date
 * or by owner. ONE grouped query over the caller's readable records in open stages; the
 * probability comes in as a CASE over the stage, bound values only.
 */

export type ForecastBy = 'month' | 'quarter' | 'owner';

export interface ForecastRow {
  key: string | null;
  label: Label;
  count: number;
  amount: number;
  weighted: number;
}

export interface ForecastReport {
  entity: string;
  pipeline: ReturnType<typeof pipelineInfo>;
  by: ForecastBy;
  dateField: string | null;
  rows: ForecastRow[];
  totals: { count: number; amount: number; weighted: number };
}

const DATE_TYPES = new Set(['date', 'datetime']);

function chooseDateField(subject: ReportSubject, asked: string | null): string {
  const { model, access } = subject;
  if (asked !== null) {
    const { type } = visibleField(model, access, 'dateField', asked);
    if (!DATE_TYPES.has(type)) {
      const message = `"${asked}" is a ${type} field; the forecast needs a date field.`;
      throw BadRequestError.create(message, [{ field: 'dateField', code: 'NOT_A_DATE', fieldName: asked, message, message_ru: `«${asked}» — не поле даты.` }]);
    }
    return asked;
  }
  const dates = model.entity.fields.filter((f) => DATE_TYPES.has(f.type) && access.isFieldVisible(f.name));
  const chosen = dates.find((f) => f.name === 'close_date') ?? dates[0];
  if (!chosen) {
    const message = `${model.name} has no date field to forecast by; use by=owner or name a dateField.`;
    throw BadRequestError.create(message, [{ field: 'dateField', code: 'NO_DATE_FIELD', message, message_ru: `У «${model.name}» нет поля даты для прогноза.` }]);
  }
  return chosen.name;
}

function weightCase(subject: ReportSubject, plan: PipelinePlan, stages: readonly Stage[]): { sql: string; bindings: Array<string | number> } {
  const whens = stages.map(() => 'WHEN ? THEN CAST(? AS numeric)').join(' ');
  return { sql: `(CASE ?? ${whens} ELSE 0 END)`, bindings: [`${subject.model.table}.${plan.stageField}`, ...stages.flatMap((s) => [s.name, probabilityOf(s)])] };
}

export async function forecastReport(subject: ReportSubject, plan: PipelinePlan, by: ForecastBy, dateFieldAsked: string | null): Promise<ForecastReport> {
  const { db, model, access, policy, where } = subject;
  if (plan.amountField === null) {
    const message = `${model.name} has no amount field to forecast; name one with amountField.`;
    throw BadRequestError.create(message, [{ field: 'amountField', code: 'NO_AMOUNT_FIELD', message, message_ru: `У «${model.name}» нет поля суммы для прогноза.` }]);
  }
  const dateField = by === 'owner' ? null : chooseDateField(subject, dateFieldAsked);
  const column = by === 'owner' ? groupColumn(model, access, 'owner', 'month') : groupColumn(model, access, dateField ?? '', by);
  const open = plan.pipeline.stages.filter((s) => kindOf(s) === 'open');
  const amount = amountSql(subject, plan);
  const weight = weightCase(subject, plan, open);
  const inOpen = stageIn(subject, plan, open);
  const result: { rows: Array<{ k: unknown; n: number; amount: number | null; weighted: number | null }> } = await db.raw(
    `SELECT ${column.expr.sql} AS k, count(*) AS n, sum(${amount.sql}) AS amount, sum(${amount.sql} * ${weight.sql} / 100) AS weighted
     FROM ?? WHERE ${where.sql} AND ${inOpen.sql} GROUP BY 1 ORDER BY 1 NULLS LAST`,
    [...column.expr.bindings, ...amount.bindings, ...amount.bindings, ...weight.bindings, model.table, ...where.bindings, ...inOpen.bindings],
  );
  const label = await loadGroupLabels(
    db,
    model,
    policy,
    column,
    result.rows.map((r) => r.k),
  );
  const rows: ForecastRow[] = result.rows.map((r) => ({
    key: r.k === null || r.k === undefined ? null : String(r.k),
    label: label(r.k ?? null),
    count: Number(r.n),
    amount: Number(r.amount ?? 0),
    weighted: Math.round(Number(r.weighted ?? 0) * 100) / 100,
  }));
  if (by === 'owner') rows.sort((a, b) => b.weighted - a.weighted);
  const totals = rows.reduce((t, r) => ({ count: t.count + r.count, amount: t.amount + r.amount, weighted: Math.round((t.weighted + r.weighted) * 100) / 100 }), { count: 0, amount: 0, weighted: 0 });
  return { entity: model.name, pipeline: pipelineInfo(plan), by, dateField, rows, totals };
}

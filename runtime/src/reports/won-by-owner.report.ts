import type { SqlFragment } from '../access/index.js';
import { amountSql, kindOf, pipelineInfo, stageIn, type PipelinePlan } from './pipeline-report.resolver.js';
import { visibleField } from './report-fields.resolver.js';
import type { ReportSubject } from './report-scope.js';
import { BadRequestError } from '../errors/index.js';

/*
 * GET /api/reports/:entity/won-by-owner: won records of a pipeline and their amount per owner,
 * with the owner's name, best first. ONE grouped query over the caller's readable records in the
 * pipeline's won stages, optionally within [from, to] of a date field (default close_date).
 */

export interface WonByOwnerRow {
  owner: { id: string; name: string; email: string } | null;
  count: number;
  amount: number | null;
  /** The owner's part of the total amount (of the count when there is no amount). */
  share: number | null;
}

export interface WonByOwnerReport {
  entity: string;
  pipeline: ReturnType<typeof pipelineInfo>;
  period: { field: string; from: string | null; to: string | null } | null;
  rows: WonByOwnerRow[];
  totals: { count: number; amount: number | null };
}

export interface Period {
  dateField: string | null;
  from: string | null;
  to: string | null;
}

function periodSql(subject: ReportSubject, period: Period): { sql: SqlFragment; field: string } | null {
  if (period.from === null && period.to === null) return null;
  const { model, access } = subject;
  const field = period.dateField ?? (access.isFieldVisible('close_date') && model.field('close_date') ? 'close_date' : null);
  if (field === null) {
    const message = 'from / to need a dateField to compare with.';
    throw BadRequestError.create(message, [{ field: 'dateField', code: 'NO_DATE_FIELD', message, message_ru: 'Для from / to укажите dateField.' }]);
  }
  const { type } = visibleField(model, access, 'dateField', field);
  if (type !== 'date' && type !== 'datetime') {
    const message = `"${field}" is a ${type} field; from / to need a date field.`;
    throw BadRequestError.create(message, [{ field: 'dateField', code: 'NOT_A_DATE', fieldName: field, message, message_ru: `«${field}» — не поле даты.` }]);
  }
  const column = `${model.table}.${field}`;
  const parts: SqlFragment[] = [];
  if (period.from !== null) parts.push({ sql: `?? >= CAST(? AS date)`, bindings: [column, period.from] });
  if (period.to !== null) parts.push({ sql: `?? < CAST(? AS date) + 1`, bindings: [column, period.to] });
  return { sql: { sql: parts.map((p) => p.sql).join(' AND '), bindings: parts.flatMap((p) => p.bindings) }, field };
}

export async function wonByOwnerReport(subject: ReportSubject, plan: PipelinePlan, period: Period): Promise<WonByOwnerReport> {
  const { db, model, where } = subject;
  const won = plan.pipeline.stages.filter((s) => kindOf(s) === 'won');
  const inWon = stageIn(subject, plan, won);
  const amount = amountSql(subject, plan);
  const range = periodSql(subject, period);
  const extra = range ? ` AND ${range.sql.sql}` : '';
  const result: { rows: Array<{ owner: string | null; n: number; amount: number | null }> } = await db.raw(
    `SELECT ?? AS owner, count(*) AS n, sum(${amount.sql}) AS amount FROM ?? WHERE ${where.sql} AND ${inWon.sql}${extra}
     GROUP BY 1 ORDER BY 3 DESC NULLS LAST, 2 DESC, 1 NULLS LAST`,
    [`${model.table}.owner`, ...amount.bindings, model.table, ...where.bindings, ...inWon.bindings, ...(range?.sql.bindings ?? [])],
  );
  const ids = result.rows.flatMap((r) => (r.owner === null ? [] : [r.owner]));
  const people: Array<{ id: string; name: string; email: string }> = ids.length === 0 ? [] : await db('users').select('id', 'name', 'email').whereIn('id', ids);
  const byId = new Map(people.map((p) => [p.id, p]));
  const totalCount = result.rows.reduce((n, r) => n + Number(r.n), 0);
  const totalAmount = plan.amountField === null ? null : result.rows.reduce((n, r) => n + Number(r.amount ?? 0), 0);
  const rows: WonByOwnerRow[] = result.rows.map((r) => {
    const count = Number(r.n);
    const value = r.amount === null ? (plan.amountField === null ? null : 0) : Number(r.amount);
    const share = totalAmount !== null && totalAmount > 0 ? (value ?? 0) / totalAmount : totalAmount === null && totalCount > 0 ? count / totalCount : null;
    return { owner: r.owner === null ? null : (byId.get(r.owner) ?? { id: r.owner, name: '', email: '' }), count, amount: value, share: share === null ? null : Math.round(share * 10_000) / 10_000 };
  });
  return {
    entity: model.name,
    pipeline: pipelineInfo(plan),
    period: range ? { field: range.field, from: period.from, to: period.to } : null,
    rows,
    totals: { count: totalCount, amount: totalAmount },
  };
}

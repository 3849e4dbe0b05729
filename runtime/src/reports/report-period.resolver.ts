import { calendarDateIn, isPeriodRange, periodBounds, type DashboardPeriodRange } from '@crm/schemas';
import type { EntityAccess, SqlFragment } from '../access/index.js';
import { BadRequestError } from '../errors/index.js';
import { appTimezone, singleParam } from '../records/index.js';
import type { RecordEntityModel } from '../records/index.js';
import { bad, parseFieldName } from './report-query.parser.js';
import { visibleField } from './report-fields.resolver.js';

/*
 * `period=this_month&periodField=close_date`: a dashboard widget's relative period as a WHERE on a
 * date or datetime field, worked out from today in the app's time zone (periodBounds in
 * @crm/schemas, the same table the definition language documents). A date column compares with
 * the dates; a datetime column with the instants those days start at in the app's time zone.
 */

export interface PeriodParam {
  range: DashboardPeriodRange;
  field: string;
}

export function parsePeriod(query: Readonly<Record<string, unknown>>): PeriodParam | null {
  const text = singleParam(query, 'period')?.trim();
  const field = parseFieldName(query, 'periodField');
  if ((text === undefined || text === '') && field === null) return null;
  if (text === undefined || text === '' || !isPeriodRange(text)) {
    throw bad('period', 'period must be a relative period such as this_month or last_12_months, with periodField.', 'period — относительный период (например, this_month или last_12_months) вместе с periodField.');
  }
  if (field === null) throw bad('periodField', 'periodField names the date field the period applies to.', 'periodField — поле даты, к которому относится период.');
  return { range: text, field };
}

export interface PeriodWhere {
  where: SqlFragment;
  /** The days counted: [from, to), YYYY-MM-DD, so a chart can draw the empty ones too. */
  bounds: { field: string; range: DashboardPeriodRange; from: string; to: string };
}

export function periodWhere(model: RecordEntityModel, access: EntityAccess, period: PeriodParam, now: Date): PeriodWhere {
  const { type } = visibleField(model, access, 'periodField', period.field);
  if (type !== 'date' && type !== 'datetime') {
    const message = `"${period.field}" is a ${type} field; a period needs a date or datetime field.`;
    throw BadRequestError.create(message, [{ field: 'periodField', code: 'WRONG_FIELD_TYPE', fieldName: period.field, message, message_ru: `«${period.field}» — не поле даты.` }]);
  }
  const timezone = appTimezone(model);
  const { from, to } = periodBounds(period.range, calendarDateIn(now, timezone));
  const column = `${model.table}.${period.field}`;
  const bounds = { field: period.field, range: period.range, from, to };
  if (type === 'date') return { where: { sql: '?? >= ?::date AND ?? < ?::date', bindings: [column, from, column, to] }, bounds };
  return {
    where: { sql: '?? >= (?::date::timestamp AT TIME ZONE ?) AND ?? < (?::date::timestamp AT TIME ZONE ?)', bindings: [column, from, timezone, column, to, timezone] },
    bounds,
  };
}

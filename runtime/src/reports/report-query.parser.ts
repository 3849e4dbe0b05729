import { BadRequestError, type AppError } from '../errors/index.js';
import { singleParam } from '../records/index.js';
import { assertCleanInput } from '../http/json-input.rules.js';

/*
 * The query strings of /api/reports/:entity/* as plain values. Field names are checked against the
 * entity and the caller's access when the report is planned (report-fields.resolver.ts).
 */

export type DateBucket = 'day' | 'week' | 'month' | 'quarter' | 'year';
export type MetricOp = 'count' | 'sum' | 'avg' | 'min' | 'max';

export interface MetricSpec {
  /** As asked and as named in the answer: "count", "sum:amount". */
  name: string;
  op: MetricOp;
  field: string | null;
}

export const DATE_BUCKETS: readonly DateBucket[] = ['day', 'week', 'month', 'quarter', 'year'];
export const DEFAULT_GROUP_LIMIT = 1000;
export const MAX_GROUP_LIMIT = 10_000;

export function bad(field: string, message: string, messageRu: string, code = 'INVALID_PARAMETER'): AppError {
  return BadRequestError.create(message, [{ field, code, message, message_ru: messageRu }]);
}

const FIELD_NAME = /^[a-z_][a-z0-9_]*$/;

export function parseFieldName(query: Readonly<Record<string, unknown>>, param: string): string | null {
  const text = singleParam(query, param)?.trim();
  if (text === undefined || text === '') return null;
  if (!FIELD_NAME.test(text)) throw bad(param, `"${text}" is not a field name.`, `«${text}» — не имя поля.`);
  return text;
}

export function parseFilterParam(query: Readonly<Record<string, unknown>>): unknown {
  const text = singleParam(query, 'filter');
  if (text === undefined || text.trim() === '') return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw bad('filter', 'filter must be a condition in JSON, e.g. {"field":"amount","op":"gt","value":100000}.', 'filter должен быть условием в JSON.');
  }
  // A NUL written as \u0000 inside the JSON gets past the raw query check; PostgreSQL refuses it.
  assertCleanInput(parsed, 'filter', ['filter']);
  return parsed;
}

export function parseGroupBy(query: Readonly<Record<string, unknown>>): string[] {
  const text = singleParam(query, 'groupBy');
  const names = (text ?? '')
    .split(',')
    .map((n) => n.trim())
    .filter((n) => n !== '');
  if (names.length > 2) throw bad('groupBy', 'groupBy takes one or two fields.', 'groupBy: одно или два поля.');
  for (const name of names) if (!FIELD_NAME.test(name)) throw bad('groupBy', `"${name}" is not a field name.`, `«${name}» — не имя поля.`);
  if (names.length === 2 && names[0] === names[1]) throw bad('groupBy', 'groupBy names the same field twice.', 'groupBy: поле указано дважды.');
  return names;
}

const OPS: readonly MetricOp[] = ['count', 'sum', 'avg', 'min', 'max'];

export function parseMetrics(query: Readonly<Record<string, unknown>>): MetricSpec[] {
  const text = singleParam(query, 'metrics');
  const parts = (text ?? 'count')
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '');
  if (parts.length === 0) return [{ name: 'count', op: 'count', field: null }];
  if (parts.length > 20) throw bad('metrics', 'At most 20 metrics.', 'Не больше 20 показателей.');
  const seen = new Set<string>();
  return parts.map((part) => {
    const [opText = '', field, extra] = part.split(':');
    const op = OPS.find((o) => o === opText);
    const message = `"${part}" is not a metric; use count, sum:<field>, avg:<field>, min:<field> or max:<field>.`;
    const messageRu = `«${part}» — не показатель; используйте count, sum:<поле>, avg:<поле>, min:<поле> или max:<поле>.`;
    if (op === undefined || extra !== undefined) throw bad('metrics', message, messageRu);
    if (op === 'count' && field !== undefined) throw bad('metrics', message, messageRu);
    if (op !== 'count' && (field === undefined || !FIELD_NAME.test(field))) throw bad('metrics', message, messageRu);
    if (seen.has(part)) throw bad('metrics', `"${part}" appears twice in metrics.`, `«${part}» указан дважды.`);
    seen.add(part);
    return { name: part, op, field: field ?? null };
  });
}

export function parseDateBucket(query: Readonly<Record<string, unknown>>, param = 'dateBucket'): DateBucket {
  const text = singleParam(query, param)?.trim();
  if (text === undefined || text === '') return 'month';
  const bucket = DATE_BUCKETS.find((b) => b === text);
  if (!bucket) throw bad(param, `${param} must be one of ${DATE_BUCKETS.join(', ')}.`, `${param}: одно из ${DATE_BUCKETS.join(', ')}.`);
  return bucket;
}

export function parseGroupLimit(query: Readonly<Record<string, unknown>>): number {
  const text = singleParam(query, 'limit')?.trim();
  if (text === undefined || text === '') return DEFAULT_GROUP_LIMIT;
  if (!/^\d+$/.test(text) || Number(text) < 1) throw bad('limit', `limit must be a whole number from 1 to ${MAX_GROUP_LIMIT}.`, `limit — целое число от 1 до ${MAX_GROUP_LIMIT}.`);
  return Math.min(Number(text), MAX_GROUP_LIMIT);
}

/** An ISO date (YYYY-MM-DD) or null when absent. */
export function parseDateParam(query: Readonly<Record<string, unknown>>, param: string): string | null {
  const text = singleParam(query, param)?.trim();
  if (text === undefined || text === '') return null;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text) || Number.isNaN(Date.parse(text))) throw bad(param, `${param} must be a date, YYYY-MM-DD.`, `${param} — дата в виде ГГГГ-ММ-ДД.`);
  return text;
}

import { ValidationError, type ErrorDetail } from '../errors/index.js';

/** The filters of GET /api/audit, checked. */
export interface AuditQuery {
  /** Exact action, or a prefix when it ends in `.*` (`auth.*`). */
  action?: { exact: string } | { prefix: string };
  /** A user id or an email. */
  actor?: { id: string } | { email: string };
  outcome?: string;
  from?: string;
  to?: string;
  limit: number;
  /** Entries older than this id (newest first). */
  before?: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const OUTCOMES = new Set(['success', 'denied', 'failure']);
const DEFAULT_LIMIT = 50;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}(:?\d{2})?)?)?$/;
const MAX_LIMIT = 500;

export function encodeAuditCursor(id: number): string {
  return Buffer.from(`audit:${id}`).toString('base64url');
}

function decodeAuditCursor(text: string): number | null {
  const match = /^audit:(\d{1,15})$/.exec(Buffer.from(text, 'base64url').toString('utf8'));
  return match?.[1] ? Number(match[1]) : null;
}

function single(query: Record<string, unknown>, key: string, problems: ErrorDetail[]): string | undefined {
  const value = query[key];
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string') {
    problems.push({ code: 'INVALID_PARAMETER', field: key, message: `"${key}" must be given once, as text.`, message_ru: `«${key}» задаётся один раз, текстом.` });
    return undefined;
  }
  return value;
}

function instant(query: Record<string, unknown>, key: string, problems: ErrorDetail[]): string | undefined {
  const text = single(query, key, problems);
  if (text === undefined) return undefined;
  if (!ISO_INSTANT.test(text) || Number.isNaN(Date.parse(text))) {
    problems.push({
      code: 'INVALID_DATE',
      field: key,
      message: `"${key}" must be an ISO 8601 date or date-time.`,
      message_ru: `«${key}» должен быть датой или датой-временем в формате ISO 8601.`,
    });
    return undefined;
  }
  // Passed on as written: entries carry microseconds, and rounding to milliseconds would drop some.
  return text;
}

export function parseAuditQuery(query: Record<string, unknown>): AuditQuery {
  const problems: ErrorDetail[] = [];
  const known = new Set(['action', 'actor', 'outcome', 'from', 'to', 'limit', 'cursor']);
  for (const key of Object.keys(query)) {
    if (!known.has(key)) {
      problems.push({ code: 'UNKNOWN_PARAMETER', field: key, message: `Unknown parameter "${key}".`, message_ru: `Неизвестный параметр «${key}».` });
    }
  }
  const result: AuditQuery = { limit: DEFAULT_LIMIT };

  const action = single(query, 'action', problems);
  if (action !== undefined) result.action = action.endsWith('.*') ? { prefix: action.slice(0, -1) } : { exact: action };

  const actor = single(query, 'actor', problems);
  if (actor !== undefined) result.actor = UUID.test(actor) ? { id: actor.toLowerCase() } : { email: actor.trim().toLowerCase() };

  const outcome = single(query, 'outcome', problems);
  if (outcome !== undefined) {
    if (OUTCOMES.has(outcome)) result.outcome = outcome;
    else problems.push({ code: 'INVALID_OUTCOME', field: 'outcome', message: 'outcome is success, denied or failure.', message_ru: 'outcome — success, denied или failure.' });
  }

  const from = instant(query, 'from', problems);
  if (from !== undefined) result.from = from;
  const to = instant(query, 'to', problems);
  if (to !== undefined) result.to = to;

  const limit = single(query, 'limit', problems);
  if (limit !== undefined) {
    const n = /^\d+$/.test(limit) ? Number(limit) : NaN;
    if (!Number.isInteger(n) || n < 1 || n > MAX_LIMIT) {
      problems.push({ code: 'INVALID_LIMIT', field: 'limit', message: `limit is a whole number from 1 to ${MAX_LIMIT}.`, message_ru: `limit — целое число от 1 до ${MAX_LIMIT}.` });
    } else {
      result.limit = n;
    }
  }

  const cursor = single(query, 'cursor', problems);
  if (cursor !== undefined) {
    const before = decodeAuditCursor(cursor);
    if (before === null) problems.push({ code: 'INVALID_CURSOR', field: 'cursor', message: 'The cursor is not one this API gave out.', message_ru: 'Курсор не выдан этим API.' });
    else result.before = before;
  }

  if (problems.length > 0) throw ValidationError.create('The audit query is not valid.', problems);
  return result;
}

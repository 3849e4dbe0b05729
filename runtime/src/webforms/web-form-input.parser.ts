import type { App, Entity, Field, WebForm } from '@crm/schemas';
import { UTM_PARAMETERS, webFormRequiredFields } from '@crm/schemas';
import type { ErrorDetail } from '../errors/index.js';

/*
 * A submission as the record service wants it. A page posts strings (form-encoded), a script may
 * post JSON; either way only the form's own fields are read (anything else in the body is ignored,
 * so a submitter can never set the owner, a stage or a field the form does not show), strings are
 * turned into the field's type, an empty input counts as not given, and what the page asks for
 * (required fields, the consent box) is checked here with messages in both languages. The record
 * service then validates the values as it does every write.
 */

/** The honeypot: a text input hidden from people; a bot filling every input fills it too. */
export const HONEYPOT_INPUT = '_homepage';
/** The consent checkbox. */
export const CONSENT_INPUT = '_consent';
/** The page's language, carried from the page to its POST. */
export const LOCALE_INPUT = '_lang';

const TRUE_WORDS = new Set(['on', 'true', '1', 'yes', 'да']);
const FALSE_WORDS = new Set(['off', 'false', '0', 'no', 'нет']);
const UTM_MAX = 200;

export interface ParsedSubmission {
  /** The record's values: the form's fields, and the UTM parameters the entity has text fields for. */
  values: Record<string, unknown>;
  consent: boolean;
  honeypotFilled: boolean;
  utm: Record<string, string>;
  /** Required fields left empty, an unticked consent: one detail per input, ru + en. */
  problems: ErrorDetail[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isBlank(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '') || (Array.isArray(value) && value.length === 0);
}

/** The zone's offset from UTC at `utcMs`, in ms (positive east of Greenwich). */
function zoneOffsetMs(utcMs: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' }).formatToParts(new Date(utcMs));
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'), part('second')) - Math.floor(utcMs / 1000) * 1000;
}

/** A datetime-local input ("2026-12-05T10:30") is a wall-clock time in the app's zone. */
function localDateTime(text: string, timeZone: string): string {
  if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d)?$/.test(text)) return text;
  const asUtc = Date.parse(`${text}Z`);
  if (Number.isNaN(asUtc)) return text;
  return new Date(asUtc - zoneOffsetMs(asUtc, timeZone)).toISOString();
}

function numberOf(text: string): number | string {
  const cleaned = text.replace(/[\s\u00a0]/g, '').replace(',', '.');
  return /^[-+]?\d+(\.\d+)?$/.test(cleaned) ? Number(cleaned) : text;
}

/** One input's value in the field's type; what cannot be read stays as given, for validation to name. */
function typedValue(field: Field, raw: unknown, timeZone: string): unknown {
  if (field.type === 'multienum') return (Array.isArray(raw) ? raw : [raw]).filter((v) => !isBlank(v));
  const value = Array.isArray(raw) ? raw[raw.length - 1] : raw;
  if (typeof value !== 'string') return value;
  const text = value.trim();
  switch (field.type) {
    case 'integer':
    case 'number':
    case 'money':
    case 'percent':
      return numberOf(text);
    case 'boolean':
      if (TRUE_WORDS.has(text.toLowerCase())) return true;
      return FALSE_WORDS.has(text.toLowerCase()) ? false : text;
    case 'datetime':
      return localDateTime(text, timeZone);
    default:
      return text;
  }
}

function ticked(value: unknown): boolean {
  if (value === true) return true;
  return typeof value === 'string' && TRUE_WORDS.has(value.trim().toLowerCase());
}

function utmOf(body: Record<string, unknown>, query: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of UTM_PARAMETERS) {
    const value = [body[name], query[name]].find((v): v is string => typeof v === 'string' && v.trim() !== '');
    if (value !== undefined) out[name] = value.trim().slice(0, UTM_MAX);
  }
  return out;
}

const required = (field: string): ErrorDetail => ({ field, code: 'REQUIRED', message: 'Fill in this field.', message_ru: 'Заполните это поле.' });

export function parseSubmission(app: App, form: WebForm, entity: Entity, body: unknown, query: unknown): ParsedSubmission {
  const input = isRecord(body) ? body : {};
  const timeZone = app.settings?.timezone ?? 'Europe/Moscow';
  const mustFill = new Set([...webFormRequiredFields(app, entity).map((f) => f.name), ...form.fields.filter((f) => f.required === true).map((f) => f.field)]);
  const values: Record<string, unknown> = {};
  const problems: ErrorDetail[] = [];
  for (const item of form.fields) {
    const field = entity.fields.find((f) => f.name === item.field);
    if (!field) continue;
    const raw = input[item.field];
    if (isBlank(raw) || (field.type === 'boolean' && raw === undefined)) {
      if (mustFill.has(item.field) && field.type !== 'boolean') problems.push(required(item.field));
      continue;
    }
    values[item.field] = typedValue(field, raw, timeZone);
  }
  const utm = utmOf(input, isRecord(query) ? query : {});
  for (const [name, value] of Object.entries(utm)) {
    const field = entity.fields.find((f) => f.name === name);
    if (field && (field.type === 'text' || field.type === 'longtext') && !(name in values)) values[name] = value;
  }
  const consent = ticked(input[CONSENT_INPUT]);
  if (form.consent && form.consent.required !== false && !consent) {
    problems.push({ field: CONSENT_INPUT, code: 'CONSENT_REQUIRED', message: 'Tick the consent to the processing of personal data.', message_ru: 'Отметьте согласие на обработку персональных данных.' });
  }
  return { values, consent, honeypotFilled: !isBlank(input[HONEYPOT_INPUT]), utm, problems };
}

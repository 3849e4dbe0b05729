import { parsePhoneNumberFromString } from 'libphonenumber-js';
import type { EnumOption, Field, UiLocale } from '@crm/schemas';
import { localizedText } from '../domain/localized-text.rules.js';

/*
 * A field's value as people read it, one function for every field type: lists, cards, the record
 * page, the kanban and the builder's previews all show values through it, so "150 000 ₽" reads the
 * same everywhere. Pure: what the value needs besides itself (the locale, the person's time zone,
 * the labels of a pipeline's stages, the names of people) comes in the context.
 */

/** A record a relation points at, as the records API expands it (at least its id). */
export interface RelatedRecordValue {
  id: string;
  [field: string]: unknown;
}

export interface FieldFormatContext {
  locale: UiLocale;
  /** IANA zone datetimes are shown in; the browser's when absent. */
  timeZone?: string;
  /** The app's currency for money fields that name none (RUB when absent). */
  currency?: string;
  /** The options of an enum whose list a pipeline supplies (its stages); else the field's own. */
  enumOptions?: readonly EnumOption[];
  /** User id -> name, for user fields holding a bare id. */
  userNames?: Readonly<Record<string, string>>;
  /** Record id -> title, for relation fields holding bare ids. */
  relationTitles?: Readonly<Record<string, string>>;
  /** The field of an expanded related record that is its title (the target's `display`). */
  displayField?: string;
}

const DEFAULT_CURRENCY = 'RUB';
const INTL_LOCALE: Readonly<Record<UiLocale, string>> = { ru: 'ru-RU', en: 'en-GB' };
const YES_NO: Readonly<Record<UiLocale, readonly [string, string]>> = { ru: ['Да', 'Нет'], en: ['Yes', 'No'] };

function isRecordObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function numberOf(value: unknown): number | null {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return null;
}

export function formatMoney(amount: number, currency: string | undefined, locale: UiLocale): string {
  const fractional = Math.round(amount * 100) % 100 !== 0;
  try {
    return new Intl.NumberFormat(INTL_LOCALE[locale], {
      style: 'currency',
      currency: currency ?? DEFAULT_CURRENCY,
      currencyDisplay: 'narrowSymbol',
      minimumFractionDigits: fractional ? 2 : 0,
      maximumFractionDigits: 2,
    }).format(amount);
  } catch {
    // An unknown currency code: the number and the code as written.
    return `${formatNumber(amount, locale, 2)} ${currency ?? ''}`.trim();
  }
}

export function formatNumber(value: number, locale: UiLocale, maxFraction = 20): string {
  return new Intl.NumberFormat(INTL_LOCALE[locale], { maximumFractionDigits: Math.min(maxFraction, 20) }).format(value);
}

/** "2026-03-15" as 15.03.2026 / 15 Mar 2026, never shifted by a time zone. */
export function formatDate(value: string, locale: UiLocale): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
  if (!match) return value;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  const options: Intl.DateTimeFormatOptions =
    locale === 'ru' ? { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'UTC' } : { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' };
  return new Intl.DateTimeFormat(INTL_LOCALE[locale], options).format(date);
}

export function formatDateTime(value: string, locale: UiLocale, timeZone?: string): string {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  const options: Intl.DateTimeFormatOptions = {
    day: locale === 'ru' ? '2-digit' : 'numeric',
    month: locale === 'ru' ? '2-digit' : 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    ...(timeZone ? { timeZone } : {}),
  };
  try {
    return new Intl.DateTimeFormat(INTL_LOCALE[locale], options).format(date);
  } catch {
    return new Intl.DateTimeFormat(INTL_LOCALE[locale], { ...options, timeZone: undefined }).format(date);
  }
}

/** An E.164 number as people write it: +7 912 345-67-89; anything else as stored. */
export function formatPhone(value: string): string {
  const parsed = parsePhoneNumberFromString(value);
  return parsed?.isValid() ? parsed.formatInternational() : value;
}

/** The options an enum or multienum offers: the pipeline's stages when given, else the field's. */
export function enumOptionsOf(field: Field, context: Pick<FieldFormatContext, 'enumOptions'>): readonly EnumOption[] {
  if (context.enumOptions) return context.enumOptions;
  return field.type === 'enum' || field.type === 'multienum' ? (field.options ?? []) : [];
}

export function enumLabel(value: string, options: readonly EnumOption[], locale: UiLocale): string {
  const option = options.find((o) => o.value === value);
  return option ? localizedText(option.label, locale, option.value) : value;
}

/** The title of a related record: its display field, else a name/title, else its id. */
export function relatedTitle(value: unknown, context: FieldFormatContext): string {
  if (typeof value === 'string') return context.relationTitles?.[value] ?? value;
  if (!isRecordObject(value)) return '';
  const candidates = [context.displayField, 'name', 'title', 'subject', 'email'];
  for (const key of candidates) {
    const title = key === undefined ? undefined : value[key];
    if (typeof title === 'string' && title !== '') return title;
  }
  return typeof value.id === 'string' ? (context.relationTitles?.[value.id] ?? value.id) : '';
}

export function userName(value: unknown, context: FieldFormatContext): string {
  if (typeof value === 'string') return context.userNames?.[value] ?? value;
  if (!isRecordObject(value)) return '';
  if (typeof value.name === 'string' && value.name !== '') return value.name;
  if (typeof value.email === 'string') return value.email;
  return typeof value.id === 'string' ? (context.userNames?.[value.id] ?? value.id) : '';
}

function fileNames(value: unknown): string {
  const files = Array.isArray(value) ? value : [value];
  return files
    .map((f) => (isRecordObject(f) && typeof f.name === 'string' ? f.name : typeof f === 'string' ? f : ''))
    .filter((name) => name !== '')
    .join(', ');
}

function formatScalar(field: Field, value: unknown, context: FieldFormatContext): string {
  const { locale } = context;
  switch (field.type) {
    case 'money': {
      const amount = numberOf(value);
      return amount === null ? String(value) : formatMoney(amount, field.currency ?? context.currency, locale);
    }
    case 'percent': {
      const share = numberOf(value);
      return share === null ? String(value) : `${formatNumber(share, locale, 2)}${locale === 'ru' ? '\u00a0%' : '%'}`;
    }
    case 'integer':
    case 'number': {
      const n = numberOf(value);
      return n === null ? String(value) : formatNumber(n, locale, field.type === 'number' ? (field.scale ?? 20) : 0);
    }
    case 'boolean':
      return value === true ? YES_NO[locale][0] : value === false ? YES_NO[locale][1] : String(value);
    case 'date':
      return typeof value === 'string' ? formatDate(value, locale) : String(value);
    case 'datetime':
      return typeof value === 'string' ? formatDateTime(value, locale, context.timeZone) : String(value);
    case 'phone':
      return typeof value === 'string' ? formatPhone(value) : String(value);
    case 'enum':
      return enumLabel(String(value), enumOptionsOf(field, context), locale);
    case 'multienum': {
      const options = enumOptionsOf(field, context);
      return (Array.isArray(value) ? value : [value]).map((v) => enumLabel(String(v), options, locale)).join(', ');
    }
    case 'relation':
      return (Array.isArray(value) ? value : [value]).map((v) => relatedTitle(v, context)).filter((t) => t !== '').join(', ');
    case 'user':
      return userName(value, context);
    case 'formula':
      return formatFormula(field.resultType ?? 'number', value, context);
    case 'file':
      return fileNames(value);
    default:
      return typeof value === 'string' ? value : JSON.stringify(value);
  }
}

function formatFormula(resultType: 'number' | 'text' | 'boolean' | 'date', value: unknown, context: FieldFormatContext): string {
  if (resultType === 'number') {
    const n = numberOf(value);
    return n === null ? String(value) : formatNumber(n, context.locale, 2);
  }
  if (resultType === 'boolean' && typeof value === 'boolean') return YES_NO[context.locale][value ? 0 : 1];
  if (resultType === 'date' && typeof value === 'string') return formatDate(value, context.locale);
  return String(value);
}

/** Whether a value shows as nothing (null, undefined, '', an empty list). */
export function isEmptyValue(value: unknown): boolean {
  return value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0);
}

/** The value as a display string; empty values are ''. */
export function formatFieldValue(field: Field, value: unknown, context: FieldFormatContext): string {
  if (isEmptyValue(value)) return '';
  return formatScalar(field, value, context);
}

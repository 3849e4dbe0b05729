import { amountInWordsEn } from './amount-in-words-en.rules.js';
import { amountInWordsRu } from './amount-in-words.rules.js';

/*
 * The filters our templates add to Liquid (pure): money, date, datetime and number in the
 * document's language, dates in the app's time zone, and words_ru / words_en for totals in words. A value a
 * filter cannot read (empty, not a number, not a date) prints as empty rather than failing the
 * document: a deal without a close date still gets its offer.
 */

export type TemplateLocale = 'ru' | 'en';

export interface FilterSettings {
  locale: TemplateLocale;
  /** IANA zone datetimes are shown in (the app's settings.timezone). */
  timeZone: string;
  /** ISO 4217 code money is shown in unless the filter names one (the app's settings.currency). */
  currency: string;
}

const INTL_LOCALE: Readonly<Record<TemplateLocale, string>> = { ru: 'ru-RU', en: 'en-US' };

/**
 * ICU separates thousands in Russian with a narrow no-break space (U+202F), which not every PDF
 * font has; a plain no-break space keeps "1 234 567,00 ₽" on one line and prints everywhere.
 */
function withPrintableSpaces(text: string): string {
  return text.replace(/\u202f/g, '\u00a0');
}

export function toNumber(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' && value.trim() !== '') {
    const parsed = Number(value.trim().replace(',', '.'));
    return Number.isFinite(parsed) ? parsed : null;
  }
  return null;
}

export function formatMoney(value: unknown, settings: FilterSettings, currency?: unknown): string {
  const amount = toNumber(value);
  if (amount === null) return '';
  const code = typeof currency === 'string' && /^[A-Za-z]{3}$/.test(currency) ? currency.toUpperCase() : settings.currency;
  const format = new Intl.NumberFormat(INTL_LOCALE[settings.locale], { style: 'currency', currency: code, currencyDisplay: 'narrowSymbol', minimumFractionDigits: 2, maximumFractionDigits: 2 });
  return withPrintableSpaces(format.format(amount));
}

export function formatNumber(value: unknown, settings: FilterSettings, digits?: unknown): string {
  const amount = toNumber(value);
  if (amount === null) return '';
  const fixed = typeof digits === 'number' && Number.isInteger(digits) && digits >= 0 && digits <= 6 ? digits : null;
  const format = new Intl.NumberFormat(INTL_LOCALE[settings.locale], fixed === null ? { maximumFractionDigits: 2 } : { minimumFractionDigits: fixed, maximumFractionDigits: fixed });
  return withPrintableSpaces(format.format(amount));
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** A date field's 'YYYY-MM-DD' is a calendar day, not an instant: read it at UTC midnight and show it in UTC so no zone moves it. */
function readDate(value: unknown): { at: Date; dateOnly: boolean } | null {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : { at: value, dateOnly: false };
  if (typeof value !== 'string' || value === '') return null;
  if (value === 'now' || value === 'today') return { at: new Date(), dateOnly: false };
  const dateOnly = DATE_ONLY.test(value);
  const at = new Date(dateOnly ? `${value}T00:00:00Z` : value);
  return Number.isNaN(at.getTime()) ? null : { at, dateOnly };
}

/** 'short' (default): 05.12.2026 / 12/05/2026; 'long': 5 декабря 2026 г. / December 5, 2026. */
export function formatDate(value: unknown, settings: FilterSettings, style?: unknown): string {
  const read = readDate(value);
  if (!read) return '';
  const long = style === 'long';
  const format = new Intl.DateTimeFormat(INTL_LOCALE[settings.locale], {
    timeZone: read.dateOnly ? 'UTC' : settings.timeZone,
    ...(long ? { day: 'numeric', month: 'long', year: 'numeric' } : { day: '2-digit', month: '2-digit', year: 'numeric' }),
  });
  return withPrintableSpaces(format.format(read.at));
}

/** 05.12.2026, 10:15 / 12/05/2026, 10:15 AM, in the app's time zone. */
export function formatDateTime(value: unknown, settings: FilterSettings): string {
  const read = readDate(value);
  if (!read) return '';
  const format = new Intl.DateTimeFormat(INTL_LOCALE[settings.locale], {
    timeZone: read.dateOnly ? 'UTC' : settings.timeZone,
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  });
  return withPrintableSpaces(format.format(read.at));
}

export function wordsRu(value: unknown): string {
  const amount = toNumber(value);
  return amount === null ? '' : amountInWordsRu(amount);
}

/** `words_en` in the app's currency, or `words_en: "USD"`: dollars/cents, euros/cents, roubles/kopecks. */
export function wordsEn(value: unknown, settings: FilterSettings, currency?: unknown): string {
  const amount = toNumber(value);
  if (amount === null) return '';
  const code = typeof currency === 'string' && /^[A-Za-z]{3}$/.test(currency) ? currency.toUpperCase() : settings.currency;
  return amountInWordsEn(amount, code);
}

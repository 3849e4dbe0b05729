import type { TemplateDocumentNumbering } from '../../generated/definition.types.js';
import type { LocalizedMessage } from '../issues/definition-issue.types.js';

/*
 * A document template's number format ("СЧ-{yyyy}-{n:0000}"), read once here for the three places
 * that need it: the runtime prints the number it allocated, the template checks and the runtime's
 * parser refuse a format that cannot number anything, and the builder shows the problem under the
 * field as the author types. Browser-safe (no Node modules).
 *   {n}        the counter            {n:0000}  the counter padded with zeros to 4 digits
 *   {yyyy}     2026                   {yy}      26          {mm}  01-12
 * Any other text prints as it is; braces only around these tokens, {n} exactly once.
 */

export type NumberFormatProblem = 'REQUIRED' | 'TOO_LONG' | 'NO_COUNTER' | 'TWO_COUNTERS' | 'UNKNOWN_TOKEN';

export const NUMBER_FORMAT_MAX = 100;
const TOKEN = /\{([^{}]*)\}/g;
const COUNTER = /^n(?::(0{1,12}))?$/;
const DATE_TOKENS = new Set(['yyyy', 'yy', 'mm']);

/** What is wrong with a format, or null when it numbers documents. */
export function numberFormatProblem(format: string): NumberFormatProblem | null {
  if (format.trim() === '') return 'REQUIRED';
  if (format.length > NUMBER_FORMAT_MAX) return 'TOO_LONG';
  let counters = 0;
  for (const [, token = ''] of format.matchAll(TOKEN)) {
    if (COUNTER.test(token)) counters += 1;
    else if (!DATE_TOKENS.has(token)) return 'UNKNOWN_TOKEN';
  }
  // A brace left over after the tokens (an unclosed "{n" or a stray "}") is not a token either.
  if (/[{}]/.test(format.replace(TOKEN, ''))) return 'UNKNOWN_TOKEN';
  if (counters === 0) return 'NO_COUNTER';
  return counters > 1 ? 'TWO_COUNTERS' : null;
}

export const NUMBER_FORMAT_MESSAGES: Readonly<Record<NumberFormatProblem, LocalizedMessage>> = {
  REQUIRED: { ru: 'Задайте формат номера, например СЧ-{yyyy}-{n:0000}', en: 'Give the number a format, e.g. INV-{yyyy}-{n:0000}' },
  TOO_LONG: { ru: `Формат номера не длиннее ${NUMBER_FORMAT_MAX} символов`, en: `The number format is at most ${NUMBER_FORMAT_MAX} characters` },
  NO_COUNTER: { ru: 'В формате номера нужен счётчик {n} (или {n:0000} — с нулями)', en: 'The number format needs the counter {n} (or {n:0000}, padded with zeros)' },
  TWO_COUNTERS: { ru: 'Счётчик {n} может быть в формате номера только один раз', en: 'The counter {n} may appear only once in the number format' },
  UNKNOWN_TOKEN: { ru: 'В фигурных скобках допустимы только {n}, {n:0000}, {yyyy}, {yy} и {mm}', en: 'Only {n}, {n:0000}, {yyyy}, {yy} and {mm} may stand in braces' },
};

/** The year and month a document is dated in (the app's time zone). */
export interface NumberDate {
  year: number;
  month: number;
}

/** The number's text: formatDocumentNumber('СЧ-{yyyy}-{n:0000}', 7, {year: 2026, month: 12}) → 'СЧ-2026-0007'. */
export function formatDocumentNumber(format: string, counter: number, at: NumberDate): string {
  return format.replace(TOKEN, (whole, token: string) => {
    const counterMatch = COUNTER.exec(token);
    if (counterMatch) return String(counter).padStart(counterMatch[1]?.length ?? 0, '0');
    if (token === 'yyyy') return String(at.year);
    if (token === 'yy') return String(at.year % 100).padStart(2, '0');
    if (token === 'mm') return String(at.month).padStart(2, '0');
    return whole;
  });
}

/** The counter a numbering draws from: its sequence, else the template's own name. */
export function numberingSequence(numbering: TemplateDocumentNumbering, templateName: string): string {
  return numbering.sequence ?? templateName;
}

/** The counter's period: '' for a counter that never starts again, the year for a yearly one. */
export function numberingPeriod(numbering: TemplateDocumentNumbering, at: NumberDate): string {
  return numbering.reset === 'yearly' ? String(at.year) : '';
}

import { russianPluralIndex } from './plural.rules.js';

/*
 * ISO 8601 durations (P2D, PT15M, -P3D) in words for analysts ("2 дня 3 часа", "2 days 3 hours")
 * and the number-and-unit pair the friendly editor shows. Only what the definition's Duration
 * pattern allows is parsed; anything else is left to the raw input.
 */

export type DurationUnit = 'years' | 'months' | 'weeks' | 'days' | 'hours' | 'minutes' | 'seconds';

export const DURATION_UNITS: readonly DurationUnit[] = ['minutes', 'hours', 'days', 'weeks', 'months', 'years', 'seconds'];

export interface DurationParts {
  negative: boolean;
  parts: Partial<Record<DurationUnit, number>>;
}

const PATTERN = /^(-)?P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;
const ORDER: readonly DurationUnit[] = ['years', 'months', 'weeks', 'days', 'hours', 'minutes', 'seconds'];

export function parseDuration(text: string): DurationParts | undefined {
  const match = PATTERN.exec(text);
  if (!match || text === 'P' || text === '-P' || text.endsWith('T')) return undefined;
  const parts: Partial<Record<DurationUnit, number>> = {};
  ORDER.forEach((unit, i) => {
    const raw = match[i + 2];
    if (raw !== undefined) parts[unit] = Number(raw);
  });
  if (Object.keys(parts).length === 0) return undefined;
  return { negative: match[1] === '-', parts };
}

/** One amount of one unit as ISO 8601: (2, 'days') -> P2D, (15, 'minutes') -> PT15M. */
export function formatDuration(amount: number, unit: DurationUnit, negative = false): string {
  const sign = negative ? '-' : '';
  switch (unit) {
    case 'years': return `${sign}P${amount}Y`;
    case 'months': return `${sign}P${amount}M`;
    case 'weeks': return `${sign}P${amount}W`;
    case 'days': return `${sign}P${amount}D`;
    case 'hours': return `${sign}PT${amount}H`;
    case 'minutes': return `${sign}PT${amount}M`;
    case 'seconds': return `${sign}PT${amount}S`;
  }
}

/** The single amount and unit of a one-part duration (what the number + unit editor shows). */
export function singleUnit(text: string): { amount: number; unit: DurationUnit; negative: boolean } | undefined {
  const parsed = parseDuration(text);
  if (!parsed) return undefined;
  const entries = ORDER.filter((u) => parsed.parts[u] !== undefined);
  const unit = entries[0];
  if (entries.length !== 1 || unit === undefined) return undefined;
  return { amount: parsed.parts[unit] ?? 0, unit, negative: parsed.negative };
}

const WORDS: Record<'ru' | 'en', Record<DurationUnit, readonly string[]>> = {
  ru: {
    years: ['год', 'года', 'лет'],
    months: ['месяц', 'месяца', 'месяцев'],
    weeks: ['неделя', 'недели', 'недель'],
    days: ['день', 'дня', 'дней'],
    hours: ['час', 'часа', 'часов'],
    minutes: ['минута', 'минуты', 'минут'],
    seconds: ['секунда', 'секунды', 'секунд'],
  },
  en: {
    years: ['year', 'years'],
    months: ['month', 'months'],
    weeks: ['week', 'weeks'],
    days: ['day', 'days'],
    hours: ['hour', 'hours'],
    minutes: ['minute', 'minutes'],
    seconds: ['second', 'seconds'],
  },
};

/** The word for `amount` of `unit`: 1 день, 3 дня, 5 дней; 1 day, 2 days. */
export function unitWord(amount: number, unit: DurationUnit, locale: string): string {
  if (locale === 'ru') {
    const forms = WORDS.ru[unit];
    return Number.isInteger(amount) ? (forms[russianPluralIndex(amount, 3)] ?? '') : (forms[1] ?? '');
  }
  return WORDS.en[unit][amount === 1 ? 0 : 1] ?? '';
}

const ACCUSATIVE: Readonly<Record<string, string>> = { неделя: 'неделю', минута: 'минуту', секунда: 'секунду' };

/** "2 дня 3 часа" / "2 days 3 hours"; a negative one reads "за 3 дня до" / "3 days before". */
export function durationText(text: string, locale: string): string | undefined {
  const parsed = parseDuration(text);
  if (!parsed) return undefined;
  const words = ORDER.filter((u) => parsed.parts[u] !== undefined).map((unit) => {
    const amount = parsed.parts[unit] ?? 0;
    return `${amount.toLocaleString(locale)} ${unitWord(amount, unit, locale)}`;
  });
  const joined = words.join(' ');
  if (!parsed.negative) return joined;
  // "за 1 неделю до": after «за» the feminine singular words take the accusative.
  return locale === 'ru' ? `за ${joined.replace(/неделя|минута|секунда/g, (w) => ACCUSATIVE[w] ?? w)} до` : `${joined} before`;
}

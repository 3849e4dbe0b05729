/*
 * An amount in Russian words with rubles and kopecks, as invoices and acts print it
 * ("Один миллион двести тридцать четыре тысячи пятьсот шестьдесят семь рублей 89 копеек").
 * Written here rather than taken from npm: the candidates are small single-maintainer packages,
 * and the rules fit in this file with a spec: thousands are feminine (одна тысяча, две тысячи),
 * rubles masculine (один рубль, два рубля), the noun's form follows the last two digits
 * (1 → рубль, 2-4 → рубля, 0 and 5-20 → рублей; 11-14 always рублей). Kopecks are printed in
 * digits, as Russian accounting documents do.
 */

type Gender = 'masculine' | 'feminine';

const UNITS: Readonly<Record<Gender, readonly string[]>> = {
  masculine: ['', 'один', 'два', 'три', 'четыре', 'пять', 'шесть', 'семь', 'восемь', 'девять'],
  feminine: ['', 'одна', 'две', 'три', 'четыре', 'пять', 'шесть', 'семь', 'восемь', 'девять'],
};
const TEENS = ['десять', 'одиннадцать', 'двенадцать', 'тринадцать', 'четырнадцать', 'пятнадцать', 'шестнадцать', 'семнадцать', 'восемнадцать', 'девятнадцать'];
const TENS = ['', '', 'двадцать', 'тридцать', 'сорок', 'пятьдесят', 'шестьдесят', 'семьдесят', 'восемьдесят', 'девяносто'];
const HUNDREDS = ['', 'сто', 'двести', 'триста', 'четыреста', 'пятьсот', 'шестьсот', 'семьсот', 'восемьсот', 'девятьсот'];

/** [one, few, many]: рубль / рубля / рублей. */
type Forms = readonly [string, string, string];

/** Scales above units, smallest first: the gender of the scale word and its forms. */
const SCALES: ReadonlyArray<{ gender: Gender; forms: Forms }> = [
  { gender: 'feminine', forms: ['тысяча', 'тысячи', 'тысяч'] },
  { gender: 'masculine', forms: ['миллион', 'миллиона', 'миллионов'] },
  { gender: 'masculine', forms: ['миллиард', 'миллиарда', 'миллиардов'] },
  { gender: 'masculine', forms: ['триллион', 'триллиона', 'триллионов'] },
];

const RUBLES: Forms = ['рубль', 'рубля', 'рублей'];
const KOPECKS: Forms = ['копейка', 'копейки', 'копеек'];

/** The form of a noun after the number n: 1, 21, 101 → one; 2-4, 22-24 → few; the rest → many. */
export function pluralRu(n: number, forms: Forms): string {
  const lastTwo = n % 100;
  const last = n % 10;
  if (lastTwo >= 11 && lastTwo <= 14) return forms[2];
  if (last === 1) return forms[0];
  if (last >= 2 && last <= 4) return forms[1];
  return forms[2];
}

/** 0-999 in words ('' for 0). */
function triadWords(n: number, gender: Gender): string[] {
  const words: string[] = [];
  const hundreds = Math.floor(n / 100);
  const rest = n % 100;
  if (hundreds > 0) words.push(HUNDREDS[hundreds] ?? '');
  if (rest >= 10 && rest < 20) words.push(TEENS[rest - 10] ?? '');
  else {
    const tens = Math.floor(rest / 10);
    const units = rest % 10;
    if (tens > 0) words.push(TENS[tens] ?? '');
    if (units > 0) words.push(UNITS[gender][units] ?? '');
  }
  return words;
}

/** A whole number in words, its last triad in `gender` ("ноль" for 0). */
export function integerInWordsRu(value: number, gender: Gender = 'masculine'): string {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`integerInWordsRu: ${value} is not a whole number from 0`);
  if (value === 0) return 'ноль';
  const words: string[] = [];
  let rest = value;
  const triads: number[] = [];
  while (rest > 0) {
    triads.push(rest % 1000);
    rest = Math.floor(rest / 1000);
  }
  for (let i = triads.length - 1; i >= 0; i--) {
    const triad = triads[i] ?? 0;
    if (triad === 0) continue;
    if (i === 0) {
      words.push(...triadWords(triad, gender));
      continue;
    }
    const scale = SCALES[i - 1];
    if (!scale) throw new RangeError(`integerInWordsRu: ${value} is too large`);
    words.push(...triadWords(triad, scale.gender), pluralRu(triad, scale.forms));
  }
  return words.join(' ');
}

/** Splits an amount into whole rubles and kopecks, rounding half away from zero on the kopecks. */
export function rublesAndKopecks(amount: number): { rubles: number; kopecks: number; negative: boolean } {
  const negative = amount < 0;
  // Through the decimal string, so 1.005 is not read as 1.00499999….
  const cents = Math.round(Number(`${Math.abs(amount)}e2`));
  return { rubles: Math.floor(cents / 100), kopecks: cents % 100, negative };
}

/** "Один миллион … рублей 89 копеек": the amount in words, capitalised, kopecks in two digits. */
export function amountInWordsRu(amount: number): string {
  if (!Number.isFinite(amount)) return '';
  const { rubles, kopecks, negative } = rublesAndKopecks(amount);
  const words = `${negative ? 'минус ' : ''}${integerInWordsRu(rubles)} ${pluralRu(rubles, RUBLES)} ${String(kopecks).padStart(2, '0')} ${pluralRu(kopecks, KOPECKS)}`;
  return words.charAt(0).toUpperCase() + words.slice(1);
}

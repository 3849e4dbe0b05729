import { rublesAndKopecks } from './amount-in-words.rules.js';

/*
 * An amount in English words, as an English invoice prints its total ("One hundred fifty thousand
 * roubles 00 kopecks", "Twenty-one dollars 05 cents"). Short scale (million, billion), no "and"
 * after hundreds (the form US and international invoices use), tens and units hyphenated
 * (twenty-one). The fraction is printed in two digits as with words_ru; the nouns agree with the
 * number (one dollar, 01 cent). Currencies without English names here print their ISO code and
 * the fraction over 100 ("… GBP 05/100"), which banks read the same way.
 */

const UNITS = ['', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];
const TEENS = ['ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen'];
const TENS = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];
const SCALES = ['thousand', 'million', 'billion', 'trillion'];

/** [singular, plural] of the main unit and of its hundredth. */
interface CurrencyWords {
  unit: readonly [string, string];
  cent: readonly [string, string];
}

const CURRENCIES: Readonly<Record<string, CurrencyWords>> = {
  RUB: { unit: ['rouble', 'roubles'], cent: ['kopeck', 'kopecks'] },
  USD: { unit: ['dollar', 'dollars'], cent: ['cent', 'cents'] },
  EUR: { unit: ['euro', 'euros'], cent: ['cent', 'cents'] },
};

/** 1-999 in words. */
function triadWords(n: number): string[] {
  const words: string[] = [];
  const hundreds = Math.floor(n / 100);
  const rest = n % 100;
  if (hundreds > 0) words.push(`${UNITS[hundreds] ?? ''} hundred`);
  if (rest >= 10 && rest < 20) words.push(TEENS[rest - 10] ?? '');
  else {
    const tens = TENS[Math.floor(rest / 10)] ?? '';
    const units = UNITS[rest % 10] ?? '';
    if (tens && units) words.push(`${tens}-${units}`);
    else if (tens || units) words.push(tens || units);
  }
  return words;
}

/** A whole number in English words ("zero" for 0). */
export function integerInWordsEn(value: number): string {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`integerInWordsEn: ${value} is not a whole number from 0`);
  if (value === 0) return 'zero';
  const triads: number[] = [];
  for (let rest = value; rest > 0; rest = Math.floor(rest / 1000)) triads.push(rest % 1000);
  const words: string[] = [];
  for (let i = triads.length - 1; i >= 0; i--) {
    const triad = triads[i] ?? 0;
    if (triad === 0) continue;
    words.push(...triadWords(triad));
    if (i > 0) {
      const scale = SCALES[i - 1];
      if (!scale) throw new RangeError(`integerInWordsEn: ${value} is too large`);
      words.push(scale);
    }
  }
  return words.join(' ');
}

const noun = (n: number, forms: readonly [string, string]): string => (n === 1 ? forms[0] : forms[1]);

/** "One hundred fifty thousand roubles 00 kopecks" for RUB; dollars/cents, euros/cents; other codes "… GBP 05/100". */
export function amountInWordsEn(amount: number, currency = 'RUB'): string {
  if (!Number.isFinite(amount)) return '';
  const { rubles: whole, kopecks: cents, negative } = rublesAndKopecks(amount);
  const code = currency.toUpperCase();
  const names = CURRENCIES[code];
  const fraction = String(cents).padStart(2, '0');
  const tail = names ? `${noun(whole, names.unit)} ${fraction} ${noun(cents, names.cent)}` : `${code} ${fraction}/100`;
  const words = `${negative ? 'minus ' : ''}${integerInWordsEn(whole)} ${tail}`;
  return words.charAt(0).toUpperCase() + words.slice(1);
}

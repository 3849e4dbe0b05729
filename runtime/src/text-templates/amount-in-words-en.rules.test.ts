import { describe, expect, it } from 'vitest';
import { amountInWordsEn, integerInWordsEn } from './amount-in-words-en.rules.js';

describe('integerInWordsEn', () => {
  it.each([
    [0, 'zero'],
    [7, 'seven'],
    [10, 'ten'],
    [11, 'eleven'],
    [12, 'twelve'],
    [13, 'thirteen'],
    [15, 'fifteen'],
    [19, 'nineteen'],
    [20, 'twenty'],
    [21, 'twenty-one'],
    [99, 'ninety-nine'],
    [100, 'one hundred'],
    [101, 'one hundred one'],
    [115, 'one hundred fifteen'],
    [1000, 'one thousand'],
    [1011, 'one thousand eleven'],
    [150_000, 'one hundred fifty thousand'],
    [1_000_001, 'one million one'],
    [2_019_300, 'two million nineteen thousand three hundred'],
    [1_000_000_000, 'one billion'],
  ])('%i → %s', (value, words) => {
    expect(integerInWordsEn(value)).toBe(words);
  });

  it('refuses what is not a whole number from 0', () => {
    expect(() => integerInWordsEn(-1)).toThrow(RangeError);
    expect(() => integerInWordsEn(1.5)).toThrow(RangeError);
  });
});

describe('amountInWordsEn', () => {
  it('prints roubles and kopecks by default, the fraction in two digits', () => {
    expect(amountInWordsEn(150_000)).toBe('One hundred fifty thousand roubles 00 kopecks');
    expect(amountInWordsEn(0)).toBe('Zero roubles 00 kopecks');
    expect(amountInWordsEn(1.01)).toBe('One rouble 01 kopeck');
  });

  it('names dollars and cents, euros and cents', () => {
    expect(amountInWordsEn(21.05, 'USD')).toBe('Twenty-one dollars 05 cents');
    expect(amountInWordsEn(1, 'usd')).toBe('One dollar 00 cents');
    expect(amountInWordsEn(1_000_001.5, 'EUR')).toBe('One million one euros 50 cents');
    expect(amountInWordsEn(11.11, 'EUR')).toBe('Eleven euros 11 cents');
  });

  it('rounds the cents through the decimal text, so 1.005 is not 1.00', () => {
    expect(amountInWordsEn(1.005, 'USD')).toBe('One dollar 01 cent');
    expect(amountInWordsEn(0.99, 'USD')).toBe('Zero dollars 99 cents');
  });

  it('prints a currency it has no names for by its code, the fraction over 100', () => {
    expect(amountInWordsEn(12.3, 'GBP')).toBe('Twelve GBP 30/100');
  });

  it('says minus for a negative amount and nothing for what is not a number', () => {
    expect(amountInWordsEn(-5, 'USD')).toBe('Minus five dollars 00 cents');
    expect(amountInWordsEn(Number.NaN)).toBe('');
  });
});

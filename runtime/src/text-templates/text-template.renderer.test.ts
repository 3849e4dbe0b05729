import { describe, expect, it } from 'vitest';
import { amountInWordsRu } from './amount-in-words.rules.js';
import { checkTemplate, renderTemplate } from './text-template.renderer.js';
import { TemplateInvalidError } from './template-invalid.error.js';

/* The Liquid renderer with our filters, and what it refuses (templates are written by admins). */

const NBSP = '\u00a0';
const context = { app: { timeZone: 'Europe/Moscow', currency: 'RUB' }, record: { title: 'Поставка <b>станков</b>', amount: 1234567, close_date: '2026-12-31', due_at: '2026-12-05T07:15:00Z' } };

async function render(source: string, locale: 'ru' | 'en' = 'ru', html = false): Promise<string> {
  return renderTemplate(source, context, locale, { html });
}

describe('amount in Russian words (words_ru)', () => {
  it('spells 1 234 567,89 with thousands in the feminine and the ruble form of the last digits', () => {
    expect(amountInWordsRu(1234567.89)).toBe('Один миллион двести тридцать четыре тысячи пятьсот шестьдесят семь рублей 89 копеек');
  });
  it('spells zero', () => {
    expect(amountInWordsRu(0)).toBe('Ноль рублей 00 копеек');
  });
  it('agrees рубль / рубля / рублей with 21, 22, 25 and 11-14', () => {
    expect(amountInWordsRu(21)).toBe('Двадцать один рубль 00 копеек');
    expect(amountInWordsRu(22)).toBe('Двадцать два рубля 00 копеек');
    expect(amountInWordsRu(25)).toBe('Двадцать пять рублей 00 копеек');
    expect(amountInWordsRu(112)).toBe('Сто двенадцать рублей 00 копеек');
    expect(amountInWordsRu(2001.01)).toBe('Две тысячи один рубль 01 копейка');
    expect(amountInWordsRu(1_000_000_000.22)).toBe('Один миллиард рублей 22 копейки');
  });
  it('rounds kopecks from the decimal, not the binary, value', () => {
    expect(amountInWordsRu(1.005)).toBe('Один рубль 01 копейка');
  });
});

describe('renderTemplate filters', () => {
  it('prints money in the locale with the app currency', async () => {
    expect(await render('{{ record.amount | money }}')).toBe(`1${NBSP}234${NBSP}567,00${NBSP}₽`);
    expect(await render('{{ record.amount | money }}', 'en')).toBe('₽1,234,567.00');
    expect(await render('{{ 10 | money: "USD" }}', 'en')).toBe('$10.00');
  });
  it('prints numbers, and words_ru for totals', async () => {
    expect(await render('{{ 1234.5 | number }} {{ 3 | number: 2 }}')).toBe(`1${NBSP}234,5 3,00`);
    expect(await render('{{ record.amount | words_ru }}')).toBe('Один миллион двести тридцать четыре тысячи пятьсот шестьдесят семь рублей 00 копеек');
  });
  it('prints words_en in the app currency or the one named', async () => {
    expect(await render('{{ 150000 | words_en }}', 'en')).toBe('One hundred fifty thousand roubles 00 kopecks');
    expect(await render('{{ 21.05 | words_en: "USD" }}|{{ "1000001" | words_en: "eur" }}', 'en')).toBe('Twenty-one dollars 05 cents|One million one euros 00 cents');
    expect(await render('[{{ nothing | words_en }}]', 'en')).toBe('[]');
  });
  it('prints a date as the calendar day it is, and a datetime in the app time zone', async () => {
    expect(await render('{{ record.close_date | date }}|{{ record.close_date | date: "long" }}')).toBe('31.12.2026|31 декабря 2026 г.');
    expect(await render('{{ record.close_date | date: "long" }}', 'en')).toBe('December 31, 2026');
    expect(await render('{{ record.due_at | datetime }}')).toBe('05.12.2026, 10:15');
  });
  it('leaves empty what a filter cannot read', async () => {
    expect(await render('[{{ record.missing | money }}{{ "x" | date }}{{ nothing | words_ru }}]')).toBe('[]');
  });
  it('escapes values in HTML output and not in plain text', async () => {
    expect(await render('<h1>{{ record.title }}</h1>', 'ru', true)).toBe('<h1>Поставка &lt;b&gt;станков&lt;/b&gt;</h1>');
    expect(await render('{{ record.title }}')).toBe('Поставка <b>станков</b>');
  });
});

describe('renderTemplate refusals', () => {
  it('answers TEMPLATE_INVALID with the line of a syntax error', async () => {
    const error: unknown = await render('line one\n{% if record.amount %}\nno end').catch((e: unknown) => e);
    expect(TemplateInvalidError.is(error)).toBe(true);
    expect(checkTemplate('a\n\n{{ record.title | nope }}')).toEqual([expect.objectContaining({ field: 'body', code: 'TEMPLATE_INVALID', line: 3 })]);
    expect(checkTemplate('{% for x in y %}{% endif %}', 'subject')[0]).toMatchObject({ field: 'subject', line: 1 });
    expect(checkTemplate('{{ record.title | money }}')).toEqual([]);
  });
  it('reads no files and no prototypes', async () => {
    await expect(render('{% include "/etc/passwd" %}')).rejects.toSatisfy((e: unknown) => TemplateInvalidError.is(e));
    expect(await render('[{{ record.constructor }}{{ record.title.constructor.name }}]')).toBe('[]');
  });
  it('stops a runaway loop', async () => {
    await expect(render('{% for i in (1..100000000) %}{{ i }}{% endfor %}')).rejects.toSatisfy((e: unknown) => TemplateInvalidError.is(e));
  });
});

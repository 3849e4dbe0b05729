import { describe, expect, it } from 'vitest';
import type { Field } from '@crm/schemas';
import { formatFieldValue, isEmptyValue, type FieldFormatContext } from './field-format.rules.js';

const ru: FieldFormatContext = { locale: 'ru', timeZone: 'Europe/Moscow' };
const en: FieldFormatContext = { locale: 'en', timeZone: 'Europe/Moscow' };
/** Intl writes narrow no-break spaces between groups; compare with plain spaces. */
const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');

describe('formatFieldValue', () => {
  it('writes money with the currency and thousands separators in the person\u2019s locale', () => {
    const amount: Field = { name: 'amount', type: 'money' };
    expect(plain(formatFieldValue(amount, 150000, ru))).toBe('150 000 ₽');
    expect(plain(formatFieldValue(amount, 150000, en))).toBe('₽150,000');
    expect(plain(formatFieldValue({ name: 'a', type: 'money', currency: 'USD' }, 1234.5, en))).toBe('$1,234.50');
    expect(plain(formatFieldValue(amount, '99.90', ru))).toBe('99,90 ₽');
  });

  it('writes percent, integers and numbers', () => {
    expect(plain(formatFieldValue({ name: 'p', type: 'percent' }, 12.5, ru))).toBe('12,5 %');
    expect(formatFieldValue({ name: 'p', type: 'percent' }, 12.5, en)).toBe('12.5%');
    expect(plain(formatFieldValue({ name: 'n', type: 'integer' }, 1234567, ru))).toBe('1 234 567');
    expect(formatFieldValue({ name: 'n', type: 'number', scale: 2 }, 3.14159, en)).toBe('3.14');
  });

  it('shows dates as the calendar day and datetimes in the person\u2019s time zone', () => {
    expect(formatFieldValue({ name: 'd', type: 'date' }, '2026-03-05', ru)).toBe('05.03.2026');
    expect(formatFieldValue({ name: 'd', type: 'date' }, '2026-03-05', en)).toBe('5 Mar 2026');
    expect(formatFieldValue({ name: 't', type: 'datetime' }, '2026-03-05T21:30:00Z', ru)).toBe('06.03.2026, 00:30');
    expect(formatFieldValue({ name: 't', type: 'datetime' }, '2026-03-05T21:30:00Z', { locale: 'en', timeZone: 'UTC' })).toBe('5 Mar 2026, 21:30');
  });

  it('labels enum options in the interface language, with a pipeline\u2019s stages when given', () => {
    const source: Field = { name: 'source', type: 'enum', options: [{ value: 'web', label: { en: 'Website', ru: 'Сайт' } }] };
    expect(formatFieldValue(source, 'web', ru)).toBe('Сайт');
    expect(formatFieldValue(source, 'web', en)).toBe('Website');
    expect(formatFieldValue(source, 'unknown', ru)).toBe('unknown');
    const stage: Field = { name: 'stage', type: 'enum' };
    expect(formatFieldValue(stage, 'won', { ...ru, enumOptions: [{ value: 'won', label: { en: 'Won', ru: 'Успешно' } }] })).toBe('Успешно');
    const tags: Field = { name: 'tags', type: 'multienum', options: [{ value: 'a', label: { en: 'A', ru: 'А' } }, { value: 'b', label: { en: 'B', ru: 'Б' } }] };
    expect(formatFieldValue(tags, ['a', 'b'], ru)).toBe('А, Б');
  });

  it('says yes and no in words', () => {
    expect(formatFieldValue({ name: 'b', type: 'boolean' }, true, ru)).toBe('Да');
    expect(formatFieldValue({ name: 'b', type: 'boolean' }, false, en)).toBe('No');
  });

  it('formats a stored E.164 phone for reading and leaves anything else as stored', () => {
    expect(formatFieldValue({ name: 'phone', type: 'phone' }, '+79123456789', ru)).toBe('+7 912 345 67 89');
    expect(formatFieldValue({ name: 'phone', type: 'phone' }, '12', ru)).toBe('12');
  });

  it('names related records and people, expanded or by id', () => {
    const company: Field = { name: 'company', type: 'relation', target: 'company' };
    expect(formatFieldValue(company, { id: 'c1', name: 'ООО Ромашка' }, ru)).toBe('ООО Ромашка');
    expect(formatFieldValue(company, { id: 'c1', legal: 'Ромашка' }, { ...ru, displayField: 'legal' })).toBe('Ромашка');
    expect(formatFieldValue(company, 'c1', { ...ru, relationTitles: { c1: 'Ромашка' } })).toBe('Ромашка');
    const owner: Field = { name: 'owner', type: 'user' };
    expect(formatFieldValue(owner, { id: 'u1', name: 'Дмитрий Петров' }, ru)).toBe('Дмитрий Петров');
    expect(formatFieldValue(owner, 'u1', { ...ru, userNames: { u1: 'Игорь Волков' } })).toBe('Игорь Волков');
  });

  it('formats a formula by its result type and empty values as nothing', () => {
    expect(plain(formatFieldValue({ name: 'f', type: 'formula', expression: 'amount*2' }, 2000.5, ru))).toBe('2 000,5');
    expect(formatFieldValue({ name: 'f', type: 'formula', expression: 'x', resultType: 'text' }, 'abc', ru)).toBe('abc');
    expect(formatFieldValue({ name: 'x', type: 'text' }, null, ru)).toBe('');
    expect(isEmptyValue([])).toBe(true);
    expect(isEmptyValue(0)).toBe(false);
  });
});

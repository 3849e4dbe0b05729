import { describe, expect, it } from 'vitest';
import { isValidName, nameFromLabel, uniqueName } from './field-name.rules.js';

describe('names from labels', () => {
  it('transliterates Russian into a snake_case name', () => {
    expect(nameFromLabel('Сумма сделки')).toBe('summa_sdelki');
    expect(nameFromLabel('Этап')).toBe('etap');
    expect(nameFromLabel('Объём, шт.')).toBe('obem_sht');
    expect(nameFromLabel('Щука и ёж')).toBe('shchuka_i_ezh');
  });

  it('keeps English words and digits, and always starts with a letter', () => {
    expect(nameFromLabel('Deal amount (RUB)')).toBe('deal_amount_rub');
    expect(nameFromLabel('2nd phone')).toBe('field_2nd_phone');
    expect(nameFromLabel('!!!', 'entity')).toBe('entity');
    expect(isValidName(nameFromLabel('Очень '.repeat(30)))).toBe(true);
  });

  it('accepts only what the definition language accepts', () => {
    expect(isValidName('summa')).toBe(true);
    expect(isValidName('Summa')).toBe(false);
    expect(isValidName('1summa')).toBe(false);
    expect(isValidName('сумма')).toBe(false);
  });

  it('adds a number when the name is taken', () => {
    expect(uniqueName('title', ['title', 'title_2'])).toBe('title_3');
    expect(uniqueName('amount', ['title'])).toBe('amount');
  });
});

import { describe, expect, it } from 'vitest';
import type { ImportFieldInfo } from '../api/import.api.js';
import { autoMapColumns, missingRequired, sampleValues, withColumn } from './import-columns.mapping.js';

const field = (name: string, ru: string, en: string, extra: Partial<ImportFieldInfo> = {}): ImportFieldInfo => ({
  name,
  label: { ru, en },
  type: 'text',
  required: false,
  writable: true,
  unique: false,
  ...extra,
});

const FIELDS = [
  field('first_name', 'Имя', 'First name', { required: true }),
  field('email', 'Эл. почта', 'E-mail'),
  field('close_date', 'Дата закрытия', 'Close date'),
  field('discount', 'Скидка', 'Discount', { writable: false }),
];

describe('import column mapping', () => {
  it('matches headers by name or ru / en label, any case, ignoring punctuation and ё', () => {
    expect(autoMapColumns(['ИМЯ', 'эл почта', 'Close_Date', 'Комментарий'], FIELDS)).toEqual(['first_name', 'email', 'close_date', null]);
    expect(autoMapColumns(['first_name', 'E-MAIL'], FIELDS)).toEqual(['first_name', 'email']);
  });

  it('never maps to a field the person may not write, nor one field twice', () => {
    expect(autoMapColumns(['Скидка', 'Имя', 'First name'], FIELDS)).toEqual([null, 'first_name', null]);
  });

  it('choosing a field for a column takes it from the column that had it', () => {
    expect(withColumn(['first_name', null], 1, 'first_name')).toEqual([null, 'first_name']);
    expect(withColumn(['first_name', 'email'], 1, null)).toEqual(['first_name', null]);
  });

  it('names the required fields no column goes to, and samples a column', () => {
    expect(missingRequired([null, 'email'], FIELDS).map((f) => f.name)).toEqual(['first_name']);
    expect(sampleValues([['a'], [''], ['a'], ['b'], ['c'], ['d']], 0)).toEqual(['a', 'b', 'c']);
  });
});

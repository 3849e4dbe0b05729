import { describe, expect, it } from 'vitest';
import type { ImportFieldInfo } from '../api/import.api.js';
import { sentValue, unmatchedValues, valueColumns } from './import-values.mapping.js';

const STAGE: ImportFieldInfo = {
  name: 'stage',
  label: { ru: 'Этап', en: 'Stage' },
  type: 'enum',
  required: false,
  writable: true,
  unique: false,
  options: [
    { value: 'lead', label: { ru: 'Лид', en: 'Lead' } },
    { value: 'won', label: { ru: 'Успешно', en: 'Won' } },
  ],
};
const OWNER: ImportFieldInfo = { name: 'owner', label: { ru: 'Владелец', en: 'Owner' }, type: 'user', required: false, writable: true, unique: false };
const TAGS: ImportFieldInfo = { ...STAGE, name: 'tags', type: 'multienum' };
const PEOPLE = [{ id: 'u1', name: 'Дмитрий Петров', email: 'dmitry.petrov@example.com' }];

describe('import value mapping', () => {
  it('lists the values the server would not recognise, once each', () => {
    const rows = [['lead'], ['ЛИД'], ['Переговоры'], ['Won'], ['Переговоры'], ['']];
    expect(unmatchedValues(rows, 0, STAGE, [])).toEqual(['Переговоры']);
    expect(unmatchedValues([['Лид; Пилот']], 0, TAGS, [])).toEqual(['Пилот']);
  });

  it('recognises people by e-mail, id or name, and sends the e-mail', () => {
    const rows = [['dmitry.petrov@example.com'], ['дмитрий петров'], ['Иван Иванов']];
    expect(unmatchedValues(rows, 0, OWNER, PEOPLE)).toEqual(['Иван Иванов']);
    expect(sentValue(OWNER, 'Дмитрий Петров', PEOPLE, {})).toBe('dmitry.petrov@example.com');
    expect(sentValue(OWNER, 'Иван Иванов', PEOPLE, { owner: { 'Иван Иванов': 'dmitry.petrov@example.com' } })).toBe('dmitry.petrov@example.com');
  });

  it('sends mapped values, an empty choice as an empty cell, and leaves other columns as they are', () => {
    const maps = { stage: { Переговоры: 'lead', Архив: '' } };
    expect(sentValue(STAGE, 'Переговоры', [], maps)).toBe('lead');
    expect(sentValue(STAGE, 'Архив', [], maps)).toBe('');
    expect(sentValue(STAGE, 'Успешно', [], maps)).toBe('won');
    expect(sentValue(undefined, ' как есть ', [], maps)).toBe(' как есть ');
    expect(sentValue(TAGS, 'Лид; Архив', [], { tags: { Архив: '' } })).toBe('lead');
  });

  it('finds the mapped columns that take value mapping', () => {
    expect(valueColumns(['title', 'stage', null, 'owner'], [STAGE, OWNER]).map((c) => [c.index, c.field.name])).toEqual([
      [1, 'stage'],
      [3, 'owner'],
    ]);
  });
});

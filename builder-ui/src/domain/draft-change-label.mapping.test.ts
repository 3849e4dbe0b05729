import { describe, expect, it } from 'vitest';
import { draftChangeLabel } from './draft-change-label.mapping.js';

describe('undo labels in the interface language', () => {
  it('says the entity designer’s changes in Russian and leaves unknown ones as they are', () => {
    expect(draftChangeLabel('Rename field summa', 'ru')).toBe('переименование поля summa');
    expect(draftChangeLabel('Change required of summa', 'ru')).toBe('изменение «required» поля summa');
    expect(draftChangeLabel('Change type of summa', 'ru')).toBe('смена типа поля summa');
    expect(draftChangeLabel('Move node', 'ru')).toBe('Move node');
    expect(draftChangeLabel('Add option new', 'en')).toBe('add option new');
  });
});

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

  it('says the pipeline, role, form and view designers\' changes in Russian too', () => {
    expect(draftChangeLabel('Move stage lead', 'ru')).toBe('перемещение этапа lead');
    expect(draftChangeLabel('Add pipeline sales', 'ru')).toBe('создание воронки sales');
    expect(draftChangeLabel('Role sales_rep: deal as own', 'ru')).toBe('роль sales_rep: deal по шаблону «own»');
    expect(draftChangeLabel('Role sales_rep: read deal → all', 'ru')).toBe('роль sales_rep: read deal → all');
    expect(draftChangeLabel('Role sales_rep: add sharing rule big_deals', 'ru')).toBe('роль sales_rep: добавление правила доступа big_deals');
    expect(draftChangeLabel('Grant builder on role analyst', 'ru')).toBe('выдача права builder роли analyst');
    expect(draftChangeLabel('Form deal_form: add section', 'ru')).toBe('форма deal_form: добавление раздела');
    expect(draftChangeLabel('Form deal_form: move amount', 'ru')).toBe('форма deal_form: перемещение поля amount');
    expect(draftChangeLabel('Form deal_form: lost_reason visibleWhen', 'ru')).toBe('форма deal_form: правило visibleWhen поля lost_reason');
    expect(draftChangeLabel('View deals_all: add column amount', 'ru')).toBe('представление deals_all: добавление столбца amount');
    expect(draftChangeLabel('View deals_all: sort', 'ru')).toBe('представление deals_all: сортировка');
  });
});
